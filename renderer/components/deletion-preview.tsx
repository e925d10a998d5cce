/**
 * The parts of a dialog that previews a deletion and then does exactly that: the preview pane (the
 * error of the last action, then the preview, its error with Try again, a word while the filters
 * are invalid, or a spinner while it is worked out) and the footer (Cancel, and the danger button
 * that names what goes).
 */
import type { ReactNode } from 'react';
import { Callout } from './callout.js';

export function DeletionPreviewPane({
  actionError,
  loading,
  error,
  valid,
  onRetry,
  testIdPrefix,
  children,
}: {
  /** The last confirm's failure, above the preview. */
  actionError: string | null;
  loading: boolean;
  /** Why the preview could not be worked out. */
  error: string | null;
  /** The filters are complete and valid. */
  valid: boolean;
  onRetry(): void;
  /** Prefix of the test ids: `<prefix>-action-error`, `<prefix>-preview-error`. */
  testIdPrefix: string;
  /** The preview; null while there is none yet. */
  children: ReactNode;
}) {
  return (
    <>
      {actionError && (
        <Callout tone="error" testId={`${testIdPrefix}-action-error`}>
          {actionError}
        </Callout>
      )}
      <div className={`act-preview${loading ? ' is-loading' : ''}`} aria-busy={loading}>
        {error !== null ? (
          <Callout tone="error" testId={`${testIdPrefix}-preview-error`}>
            {error}{' '}
            <button type="button" className="link-button" onClick={onRetry}>
              Try again
            </button>
          </Callout>
        ) : !valid ? (
          <p className="muted">Fix the filters above to see what would be deleted.</p>
        ) : children ? (
          children
        ) : (
          <p className="muted">
            <span className="spinner spinner-small" /> Working out what would be deleted…
          </p>
        )}
      </div>
    </>
  );
}

export function DeletionFooter({
  label,
  busy,
  busyLabel,
  canConfirm,
  cancelLocked = false,
  onCancel,
  onConfirm,
  testIdPrefix,
}: {
  /** The confirm button's words, naming what goes; null before there is a preview. */
  label: string | null;
  /** The confirm request is on its way. */
  busy: boolean;
  busyLabel: string;
  canConfirm: boolean;
  /** Cancel is disabled while busy. */
  cancelLocked?: boolean;
  onCancel(): void;
  onConfirm(): void;
  /** Prefix of the test ids: `<prefix>-dismiss`, `<prefix>-confirm`. */
  testIdPrefix: string;
}) {
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={onCancel}
        disabled={cancelLocked && busy}
        data-testid={`${testIdPrefix}-dismiss`}
      >
        Cancel
      </button>
      <button
        type="button"
        className="button button-danger"
        disabled={!canConfirm || busy}
        onClick={onConfirm}
        data-testid={`${testIdPrefix}-confirm`}
      >
        {busy ? busyLabel : (label ?? 'Delete')}
      </button>
    </>
  );
}
