/**
 * A button that opens a small panel under it (menus, pickers). The panel closes on Escape (focus
 * goes back to the button), on a click outside, or when its content calls `close`.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export interface PopoverProps {
  /** The button's content. */
  label: ReactNode;
  /** The button's accessible name when its content is not enough. */
  ariaLabel?: string;
  className?: string;
  /** Aligns the panel's right edge with the button's. */
  alignEnd?: boolean;
  testId?: string;
  /** `aria-pressed`-like state shown on the button (e.g. a filter is set). */
  active?: boolean;
  children: (close: () => void) => ReactNode;
}

export function Popover({
  label,
  ariaLabel,
  className = '',
  alignEnd = false,
  testId,
  active = false,
  children,
}: PopoverProps) {
  const [open, setOpen] = useState(false);
  const [flip, setFlip] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();

  // A panel that would run past the window's right edge opens leftwards instead.
  useLayoutEffect(() => {
    if (!open || alignEnd) return;
    const button = buttonRef.current?.getBoundingClientRect();
    const panel = panelRef.current?.getBoundingClientRect();
    if (button && panel) setFlip(button.left + panel.width > window.innerWidth - 8);
  }, [open, alignEnd]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent): void => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const close = (): void => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  return (
    <div
      className="popover"
      ref={rootRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={`${className}${active ? ' is-active' : ''}`}
        aria-label={ariaLabel}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        data-testid={testId}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
      </button>
      {open && (
        <div
          id={panelId}
          ref={panelRef}
          className={`popover-panel${alignEnd || flip ? ' align-end' : ''}`}
        >
          {children(close)}
        </div>
      )}
    </div>
  );
}
