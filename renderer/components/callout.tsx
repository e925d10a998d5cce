/**
 * A message box: `Callout` in a dialog or a panel (an error, a warning, a note), and `Notice`, the
 * line above a page's content that says what an action did, with its own actions and Dismiss.
 */
import type { ReactNode } from 'react';

export type CalloutTone = 'error' | 'warn' | 'info' | 'ok' | 'accent';

export function Callout({
  tone,
  children,
  testId,
}: {
  tone: CalloutTone;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div
      className={`callout callout-${tone}`}
      role={tone === 'error' ? 'alert' : undefined}
      data-testid={testId}
    >
      {children}
    </div>
  );
}

export interface NoticeProps {
  tone: 'ok' | 'error' | 'accent';
  children: ReactNode;
  /** `alert` for an error by default, else `status`. */
  role?: 'status' | 'alert';
  testId?: string;
  /** On the text itself. */
  textTestId?: string;
  /** Buttons before Dismiss. */
  actions?: ReactNode;
  onDismiss?(): void;
}

export function Notice({
  tone,
  children,
  role,
  testId,
  textTestId,
  actions,
  onDismiss,
}: NoticeProps) {
  return (
    <div
      className={`callout callout-${tone} notice`}
      role={role ?? (tone === 'error' ? 'alert' : 'status')}
      data-testid={testId}
    >
      <span className="notice-text" data-testid={textTestId}>
        {children}
      </span>
      {(actions || onDismiss) && (
        <span className="notice-actions">
          {actions}
          {onDismiss && (
            <button type="button" className="link-button" onClick={onDismiss}>
              Dismiss
            </button>
          )}
        </span>
      )}
    </div>
  );
}
