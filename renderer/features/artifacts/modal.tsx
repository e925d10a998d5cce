/**
 * A modal dialog on the native `<dialog>` element: focus stays inside while it is open, Escape
 * and the close button call `onClose` (unless `locked`, while work that must not be left is on
 * its way), and focus returns where it was when it closes. An element marked `data-autofocus`
 * takes the focus when it opens.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface ModalProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Buttons, right-aligned under the body. */
  footer?: ReactNode;
  /** Refuses to close (Escape, ×) while true. */
  locked?: boolean;
  wide?: boolean;
  testId?: string;
}

export function Modal({ title, onClose, children, footer, locked, wide, testId }: ModalProps) {
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
      className={`ac-modal${wide ? ' ac-modal-wide' : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        if (!locked) onClose();
      }}
    >
      <header className="ac-modal-head">
        <h2 id={titleId} className="ac-modal-title">
          {title}
        </h2>
        <button
          type="button"
          className="ac-close"
          aria-label="Close"
          disabled={locked}
          onClick={onClose}
        >
          ×
        </button>
      </header>
      <div className="ac-modal-body">{children}</div>
      {footer && <footer className="ac-modal-foot">{footer}</footer>}
    </dialog>
  );
}
