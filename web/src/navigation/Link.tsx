import { Anchor, type AnchorProps } from '@mantine/core';
import type { MouseEvent, ReactNode } from 'react';
import { navigate } from './location';

interface LinkProps extends AnchorProps {
  to: string;
  children: ReactNode;
}

/** An in-app link: a real `<a href>` (so it opens in a new tab when asked) that navigates without a reload. */
export function Link({ to, children, ...anchorProps }: LinkProps) {
  function onClick(event: MouseEvent<HTMLAnchorElement>) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  }
  return (
    <Anchor href={to} onClick={onClick} {...anchorProps}>
      {children}
    </Anchor>
  );
}
