/** Small building blocks of the details tabs: a definition list row, a loading line, an error. */
import type { ReactNode } from 'react';

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function Empty({ children = '—' }: { children?: ReactNode }) {
  return <span className="muted">{children}</span>;
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="details-note" role="status">
      <span className="spinner spinner-small" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function Failed({ message, onRetry }: { message: string; onRetry(): void }) {
  return (
    <div className="callout callout-error" role="alert">
      <p>{message}</p>
      <button type="button" className="button button-small" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
