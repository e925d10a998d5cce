/**
 * Pushes one of an entry's tags through the push task (`images:push`): pick the tag, follow it as
 * the task drawer shows it, then the digest the registry holds (or that it had it already).
 */
import { useId, useState } from 'react';
import { Field, messageId } from '../../components/field.js';
import { plural } from '../../lib/format.js';
import { errorMessage } from '../../model/errors.js';
import { useAppStore } from '../../store/store-context.js';
import { selectTaskOfKind } from '../../store/slices/tasks.js';
import { TaskView } from '../tasks/task-card.js';
import type { EntryRow } from './entry-rows.js';
import { Callout } from '../../components/callout.js';
import { Modal } from '../../components/modal.js';
import { TaskFooter } from '../../components/task-footer.js';

export function PushDialog({ row, onClose }: { row: EntryRow; onClose(): void }) {
  const pushImage = useAppStore((s) => s.pushImage);
  const cancelTask = useAppStore((s) => s.cancelTask);
  const [ref, setRef] = useState(row.pushRefs[0] ?? '');
  const [taskId, setTaskId] = useState<string | null>(null);
  const task = useAppStore(selectTaskOfKind('push', taskId));
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const fieldId = useId();

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
      <Field
        id={fieldId}
        label="Tag to push"
        hint="Goes to the registry the name points at (docker.io when it names none), with the credentials the docker CLI would use."
      >
        <select
          id={fieldId}
          className="input"
          value={ref}
          aria-describedby={messageId(fieldId)}
          onChange={(e) => setRef(e.target.value)}
        >
          {row.pushRefs.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </Field>
    );
  } else if (task.state === 'succeeded' && task.result) {
    const r = task.result;
    body = (
      <p className="strong wrap" data-testid="push-result">
        {r.alreadyPushed
          ? `${r.registry} already had ${r.ref} (${r.digest}): nothing was sent.`
          : `Pushed ${r.ref} to ${r.registry}: ${r.digest}, ${plural(r.layers, 'layer')}.`}
      </p>
    );
  } else if (task.state === 'cancelled') {
    body = <p>Push cancelled.</p>;
  } else {
    // Running or failed: as the task drawer shows it.
    body = <TaskView task={task} barTestId="push-progress-bar" errorTestId="push-error" />;
  }

  return (
    <Modal
      title={`Push ${row.entry.artifact} ${row.keyShort}`}
      onClose={onClose}
      testId="push-dialog"
      footer={
        <TaskFooter
          verb="Push"
          phase={!task ? 'idle' : running ? 'running' : 'ended'}
          starting={starting}
          canStart={ref !== ''}
          onStart={() => void start()}
          onCancel={() => {
            if (task) void cancelTask(task.id).catch((e) => setError(errorMessage(e)));
          }}
          onClose={onClose}
        />
      }
    >
      {body}
      {error && <Callout tone="error">{error}</Callout>}
    </Modal>
  );
}
