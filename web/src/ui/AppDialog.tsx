import { Modal, type ModalRootProps } from '@mantine/core';
import { useLayoutEffect, useRef, type ReactNode } from 'react';

interface AppDialogProps extends Omit<ModalRootProps, 'title' | 'children'> {
  title: ReactNode;
  children: ReactNode;
}

const FOCUSABLE = 'button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
/** Mantine gives focus back to the opener 10 ms after the dialog closes; the fallback looks after that. */
const AFTER_FOCUS_RETURN_MS = 30;

/** The control that opened the dialog and its ancestors, innermost first, as they were when it opened. */
function focusedAncestry(): Element[] {
  const chain: Element[] = [];
  for (let element = document.activeElement; element && element !== document.body; element = element.parentElement) chain.push(element);
  return chain;
}

function isShown(element: Element): boolean {
  return element instanceof HTMLElement && element.offsetParent !== null;
}

/**
 * When focus is left on the page body after a dialog closed (the control that opened it went away with what the
 * dialog removed: a revoked key, a removed member), it goes to the first control in the nearest part of the page
 * that still holds that control's place: the rest of its table, its section.
 */
function focusNearFormerOpener(ancestry: Element[]): void {
  const active = document.activeElement;
  if (active && active !== document.body) return;
  for (const element of ancestry) {
    if (!element.isConnected) continue;
    const target = element.matches(FOCUSABLE) ? element : [...element.querySelectorAll(FOCUSABLE)].find(isShown);
    if (target instanceof HTMLElement) {
      target.focus();
      return;
    }
  }
}

/**
 * Mantine's Modal with two accessibility fixes: the close button has a name, and the dialog's header row is not a
 * `<header>` landmark (a second "banner" beside the page's own header, which screen readers would list). Focus
 * never falls to the page body when it closes: Mantine gives it back to the opener, and where the opener is gone,
 * focusNearFormerOpener finds the nearest control that stays.
 */
export function AppDialog({ title, children, opened, onExitTransitionEnd, ...rootProps }: AppDialogProps) {
  const openerAncestry = useRef<Element[]>([]);
  // A layout effect, so that the opener is read before Mantine's focus trap moves focus into the dialog.
  useLayoutEffect(() => {
    if (opened) openerAncestry.current = focusedAncestry();
  }, [opened]);

  return (
    <Modal.Root
      centered
      opened={opened}
      onExitTransitionEnd={() => {
        onExitTransitionEnd?.();
        const ancestry = openerAncestry.current;
        window.setTimeout(() => focusNearFormerOpener(ancestry), AFTER_FOCUS_RETURN_MS);
      }}
      {...rootProps}
    >
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
