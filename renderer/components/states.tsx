/**
 * What a page shows in place of its rows: a panel with a title and a text (nothing yet, nothing
 * matches, a failure with its reason and a way to try again), or a spinner while it loads.
 */
import type { ReactNode } from 'react';

export interface StatePanelProps {
  title?: ReactNode;
  /** A round mark above the title: `!` for a failure (with a red frame), `✓` for all clear. */
  mark?: 'bad' | 'ok';
  /** Texts, ways out, buttons. */
  children?: ReactNode;
  testId?: string;
  className?: string;
  /** More `data-` attributes for tests (`{ 'data-code': 'UNAUTHORIZED' }`). */
  data?: Record<`data-${string}`, string>;
}

export function StatePanel({ title, mark, children, testId, className, data }: StatePanelProps) {
  const classes = ['state', mark === 'bad' ? 'state-bad' : '', className ?? ''].filter(Boolean);
  return (
    <div className={classes.join(' ')} data-testid={testId} {...data}>
      {mark && (
        <span className={`state-icon${mark === 'ok' ? ' state-icon-ok' : ''}`} aria-hidden="true">
          {mark === 'ok' ? '✓' : '!'}
        </span>
      )}
      {title && <p className="state-title">{title}</p>}
      {children}
    </div>
  );
}

/** A spinner and what is being read, announced to screen readers. */
export function LoadingPanel({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="state" role="status" data-testid={testId}>
      <span className="spinner" aria-hidden="true" />
      <p className="state-text">{children}</p>
    </div>
  );
}
