/**
 * The actions' modal dialog, on the native `<dialog>`: focus stays inside while it is open,
 * Escape and × call `onClose`, and focus returns where it was when it closes.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import './dialog.css';

export interface ActionDialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Buttons, right-aligned under the body. */
  footer?: ReactNode;
  /** Left of the buttons: a note, a summary. */
  footerNote?: ReactNode;
  size?: 'normal' | 'wide';
  testId?: string;
}

export function ActionDialog({
  title,
  onClose,
  children,
  footer,
  footerNote,
  size = 'normal',
  testId,
}: ActionDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      before?.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`act-dialog${size === 'wide' ? ' act-dialog-wide' : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header className="act-dialog-head">
        <h2 id={titleId} className="act-dialog-title">
          {title}
        </h2>
        <button
          type="button"
          className="icon-button act-close"
          aria-label="Close"
          onClick={onClose}
        >
          ×
        </button>
      </header>
      <div className="act-dialog-body">{children}</div>
      {(footer || footerNote) && (
        <footer className="act-dialog-foot">
          <div className="act-foot-note">{footerNote}</div>
          <div className="act-foot-buttons">{footer}</div>
        </footer>
      )}
    </dialog>
  );
}

/** A message box in the dialog: an error (with `role=alert`), a warning or a note. */
export function Callout({
  tone,
  children,
  testId,
}: {
  tone: 'error' | 'warn' | 'info' | 'ok';
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div
      className={`act-callout act-callout-${tone}`}
      role={tone === 'error' ? 'alert' : undefined}
      data-testid={testId}
    >
      {children}
    </div>
  );
}
