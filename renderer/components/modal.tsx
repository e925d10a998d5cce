/**
 * The modal dialog of every page, on the native `<dialog>`: focus stays inside while it is open,
 * Escape and × call `onClose` (unless `locked`, while work that must not be left is on its way),
 * and focus returns where it was when it closes. An element marked `data-autofocus` takes the
 * focus when it opens. One footer: a note on the left, the buttons on the right (the main action
 * last).
 */
import { CloseButton } from './close-button.js';
import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface ModalProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Buttons, right-aligned under the body; the main action last. */
  footer?: ReactNode;
  /** Left of the buttons: a note, a summary. */
  footerNote?: ReactNode;
  /** Refuses to close (Escape, ×) while true. */
  locked?: boolean;
  size?: 'normal' | 'wide';
  testId?: string;
}

export function Modal({
  title,
  onClose,
  children,
  footer,
  footerNote,
  locked = false,
  size = 'normal',
  testId,
}: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    return () => {
      dialog?.close();
      before?.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`modal${size === 'wide' ? ' modal-wide' : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        if (!locked) onClose();
      }}
    >
      <header className="modal-head">
        <h2 id={titleId} className="modal-title">
          {title}
        </h2>
        <CloseButton label="Close" disabled={locked} onClick={onClose} />
      </header>
      <div className="modal-body">{children}</div>
      {(footer || footerNote) && (
        <footer className="modal-foot">
          <div className="modal-foot-note">{footerNote}</div>
          <div className="modal-foot-buttons">{footer}</div>
        </footer>
      )}
    </dialog>
  );
}
