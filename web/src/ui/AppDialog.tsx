import { Modal, type ModalRootProps } from '@mantine/core';
import type { ReactNode } from 'react';

interface AppDialogProps extends Omit<ModalRootProps, 'title' | 'children'> {
  title: ReactNode;
  children: ReactNode;
}

/**
 * Mantine's Modal with two accessibility fixes: the close button has a name, and the dialog's header row is not a
 * `<header>` landmark (a second "banner" beside the page's own header, which screen readers would list).
 */
export function AppDialog({ title, children, ...rootProps }: AppDialogProps) {
  return (
    <Modal.Root centered {...rootProps}>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header role="none">
          <Modal.Title fw={650} fz="lg">
            {title}
          </Modal.Title>
          <Modal.CloseButton aria-label="Close" />
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
