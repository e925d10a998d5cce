/**
 * Pushes one of an entry's tags through the existing push task (`images:push`): pick the tag,
 * follow the layers live, then the digest the registry holds (or that it had it already).
 */
import { useState } from 'react';
import { plural } from '../../lib/format.js';
import { errorMessage } from '../../model/errors.js';
import { useAppStore } from '../../store/store-context.js';
import { selectTaskOfKind } from '../../store/slices/tasks.js';
import type { EntryRow } from './entry-rows.js';
import { Modal } from './modal.js';

/** Layer statuses of a push that mean the layer is in the registry. */
const DONE = new Set(['Pushed', 'Layer already exists']);

export function PushDialog({ row, onClose }: { row: EntryRow; onClose(): void }) {
  const pushImage = useAppStore((s) => s.pushImage);
  const cancelTask = useAppStore((s) => s.cancelTask);
  const [ref, setRef] = useState(row.pushRefs[0] ?? '');
  const [taskId, setTaskId] = useState<string | null>(null);
  const task = useAppStore(selectTaskOfKind('push', taskId));
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const start = async (): Promise<void> => {
    setStarting(true);
    setError(null);
    try {
      setTaskId((await pushImage(ref)).id);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setStarting(false);
    }
  };

  const running = task?.state === 'running';
  let body;
  if (!task) {
    body = (
      <div className="ac-field">
        <label className="ac-label" htmlFor="push-ref">
          Tag to push
        </label>
        <select
          id="push-ref"
          className="ac-input"
          value={ref}
          onChange={(e) => setRef(e.target.value)}
        >
          {row.pushRefs.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <p className="ac-hint">
          Goes to the registry the name points at (docker.io when it names none), with the
          credentials the docker CLI would use.
        </p>
      </div>
    );
  } else if (running) {
    body = (
      <div className="ac-progress" aria-live="polite">
        <div className="ac-progress-head">
          <span className="ac-spinner" aria-hidden="true" />
          <span className="ac-progress-message">{task.progress.message}</span>
          {task.progress.percent !== null && (
            <span className="ac-num ac-faint">{task.progress.percent}%</span>
          )}
        </div>
        <ol className="ac-steps">
          {task.progress.items.map((item) => (
            <li key={item.id} className={DONE.has(item.status) ? 'is-done' : 'is-running'}>
              <code>{item.label}</code> <span className="ac-faint">{item.status}</span>
            </li>
          ))}
        </ol>
      </div>
    );
  } else if (task.state === 'succeeded' && task.result) {
    const r = task.result;
    body = (
      <p className="ac-report-summary" data-testid="push-result">
        {r.alreadyPushed
          ? `${r.registry} already had ${r.ref} (${r.digest}): nothing was sent.`
          : `Pushed ${r.ref} to ${r.registry}: ${r.digest}, ${plural(r.layers, 'layer')}.`}
      </p>
    );
  } else if (task.state === 'cancelled') {
    body = <p className="ac-report-summary">Push cancelled.</p>;
  } else {
    body = (
      <div className="ac-failure" role="alert">
        <p className="ac-failure-title">{task.error?.message ?? 'The push failed.'}</p>
        {task.error?.detail && <pre className="ac-output">{task.error.detail}</pre>}
      </div>
    );
  }

  return (
    <Modal
      title={`Push ${row.entry.artifact} ${row.keyShort}`}
      onClose={onClose}
      testId="push-dialog"
      footer={
        !task ? (
          <>
            <button type="button" className="button" onClick={onClose}>
              Close
            </button>
            <button
              type="button"
              className="button ac-primary"
              disabled={starting || ref === ''}
              onClick={() => void start()}
            >
              {starting ? 'Starting…' : 'Push'}
            </button>
          </>
        ) : running ? (
          <>
            <button type="button" className="button" onClick={onClose}>
              Hide
            </button>
            <button
              type="button"
              className="button ac-danger-button"
              onClick={() => void cancelTask(task.id).catch((e) => setError(errorMessage(e)))}
            >
              Cancel push
            </button>
          </>
        ) : (
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        )
      }
    >
      {body}
      {error && (
        <p className="ac-submit-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}
