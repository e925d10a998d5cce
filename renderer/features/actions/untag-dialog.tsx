/**
 * Untag, confirmed: asks the core what untagging does first (is it the last tag, does the image
 * become dangling, which digest references go along) and says so before the button.
 */
import { useEffect, useState } from 'react';
import type { UntagPreview } from '../../../shared/actions.js';
import { useAppStore } from '../../store/store-context.js';
import { Callout } from '../../components/callout.js';
import { Modal } from '../../components/modal.js';
import { errorWords } from '../../model/errors.js';

type State =
  | { status: 'loading' }
  | { status: 'ready'; preview: UntagPreview }
  | { status: 'error'; message: string };

export function UntagDialog({
  tag,
  onClose,
  onDone,
}: {
  tag: string;
  onClose(): void;
  /** After the untag: one sentence on what happened. */
  onDone(message: string): void;
}) {
  const previewUntag = useAppStore((s) => s.previewUntag);
  const untagImage = useAppStore((s) => s.untagImage);
  const [state, setState] = useState<State>({ status: 'loading' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    previewUntag(tag).then(
      (preview) => live && setState({ status: 'ready', preview }),
      (err: unknown) => live && setState({ status: 'error', message: errorWords(err) }),
    );
    return () => {
      live = false;
    };
  }, [tag, previewUntag]);

  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const result = await untagImage(tag);
      onDone(
        result.becameDangling
          ? `Untagged ${result.tag}: the image is now dangling.`
          : `Untagged ${result.tag}.`,
      );
    } catch (err) {
      setError(errorWords(err));
      setBusy(false);
    }
  };

  const preview = state.status === 'ready' ? state.preview : null;
  return (
    <Modal
      title={`Untag ${tag}`}
      onClose={onClose}
      testId="untag-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            disabled={!preview || busy}
            onClick={() => void confirm()}
            data-testid="untag-confirm"
          >
            {busy ? 'Untagging…' : preview?.lastTag ? 'Untag the last tag' : 'Untag'}
          </button>
        </>
      }
    >
      {state.status === 'loading' && (
        <p className="muted">
          <span className="spinner spinner-small" /> Checking what untagging does…
        </p>
      )}
      {state.status === 'error' && <Callout tone="error">{state.message}</Callout>}
      {preview && (
        <div className="act-untag" data-testid="untag-preview">
          <p>
            Removes the name <span className="tag">{preview.tag}</span>; the image itself stays.
          </p>
          <Callout tone={preview.lastTag ? 'warn' : 'info'} testId="untag-message">
            {preview.lastTag && preview.becomesDangling ? (
              <>
                <strong>This is the last tag: the image becomes dangling.</strong> It stays until
                you remove or prune it.
              </>
            ) : (
              preview.message
            )}
          </Callout>
          {preview.alsoUntags.length > 0 && (
            <p className="muted small">
              Its digest references go with it (Docker drops them with a repository’s last tag):{' '}
              {preview.alsoUntags.join(', ')}
            </p>
          )}
          {preview.containers.length > 0 && (
            <p className="muted small">
              Containers using the image keep working: {preview.containers.join(', ')}.
            </p>
          )}
        </div>
      )}
      {error && <Callout tone="error">{error}</Callout>}
    </Modal>
  );
}
