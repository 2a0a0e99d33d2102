import { Alert } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { dismissNotice, useNotice } from '../session/notice';

/**
 * The notice above the page (session/notice.ts). A new one takes the focus, without scrolling, so that a screen
 * reader says it and the keyboard continues from it.
 */
export function PageNotice() {
  const notice = useNotice();
  const ref = useRef<HTMLDivElement>(null);
  const shownId = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (!notice || shownId.current === notice.id) return;
    shownId.current = notice.id;
    ref.current?.focus({ preventScroll: true });
  }, [notice]);

  if (!notice) return null;
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      role={notice.tone === 'problem' ? 'alert' : 'status'}
      color={notice.tone === 'problem' ? 'red' : 'green'}
      variant="light"
      mb="lg"
      title={notice.title}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={dismissNotice}
      style={{ outlineOffset: 2 }}
    >
      {notice.text}
    </Alert>
  );
}
