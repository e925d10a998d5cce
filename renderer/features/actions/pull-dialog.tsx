/**
 * "Pull…": a reference, checked by the reference grammar as it is typed and shown normalised
 * (`postgres` → `docker.io/library/postgres:latest`), an optional platform, then the pull task as
 * the task drawer shows it (a bar per layer, Cancel) and what came down.
 */
import { useId, useState } from 'react';
import { PLATFORM_RE } from '../../../shared/channels/actions.js';
import { parseReference } from '../../../shared/reference.js';
import { Callout } from '../../components/callout.js';
import { Field, messageId } from '../../components/field.js';
import { Modal } from '../../components/modal.js';
import { TaskFooter } from '../../components/task-footer.js';
import { plural } from '../../lib/format.js';
import { errorMessage } from '../../model/errors.js';
import { useAppStore } from '../../store/store-context.js';
import { selectTaskOfKind } from '../../store/slices/tasks.js';
import { TaskView } from '../tasks/task-card.js';

export function PullDialog({ onClose }: { onClose(): void }) {
  const pullImage = useAppStore((s) => s.pullImage);
  const cancelTask = useAppStore((s) => s.cancelTask);
  const [ref, setRef] = useState('');
  const [platform, setPlatform] = useState('');
  const [taskId, setTaskId] = useState<string | null>(null);
  const task = useAppStore(selectTaskOfKind('pull', taskId));
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const refId = useId();
  const platformId = useId();

  const parsed = ref.trim() === '' ? null : parseReference(ref.trim());
  const platformOk = platform.trim() === '' || PLATFORM_RE.test(platform.trim());
  const ready = parsed?.ok === true && platformOk;

  const start = async (): Promise<void> => {
    if (!parsed?.ok) return;
    setStarting(true);
    setError(null);
    try {
      const p = platform.trim();
      setTaskId((await pullImage(parsed.ref.full, p ? { platform: p } : {})).id);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setStarting(false);
    }
  };

  let body;
  if (!task) {
    body = (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) void start();
        }}
      >
        <Field
          id={refId}
          label="Image"
          hint={
            parsed?.ok
              ? `Pulls ${parsed.ref.full}`
              : 'A name with a tag or digest; the credentials are those the docker CLI would use.'
          }
          error={parsed && !parsed.ok ? parsed.error : undefined}
        >
          <input
            id={refId}
            className="input mono"
            value={ref}
            autoFocus
            spellCheck={false}
            placeholder="postgres:16"
            aria-describedby={messageId(refId)}
            aria-invalid={parsed !== null && !parsed.ok}
            data-testid="pull-ref"
            onChange={(e) => setRef(e.target.value)}
          />
        </Field>
        <Field
          id={platformId}
          label="Platform (optional)"
          hint="os/arch or os/arch/variant, like linux/arm64; the engine's own when empty."
          error={
            platformOk ? undefined : 'A platform is os/arch or os/arch/variant, like linux/arm64.'
          }
        >
          <input
            id={platformId}
            className="input mono"
            value={platform}
            spellCheck={false}
            placeholder="linux/amd64"
            aria-describedby={messageId(platformId)}
            aria-invalid={!platformOk}
            data-testid="pull-platform"
            onChange={(e) => setPlatform(e.target.value)}
          />
        </Field>
      </form>
    );
  } else if (task.state === 'succeeded' && task.result) {
    const r = task.result;
    body = (
      <p className="strong wrap" data-testid="pull-outcome">
        {r.upToDate
          ? `${r.reference} is up to date (${r.digest}): nothing new.`
          : `Pulled ${r.reference}: ${r.digest}, ${plural(r.layers, 'new layer')}, ${r.layersPresent} already here.`}
      </p>
    );
  } else if (task.state === 'cancelled') {
    body = <p>Pull cancelled.</p>;
  } else {
    body = <TaskView task={task} barTestId="pull-progress-bar" errorTestId="pull-error" />;
  }

  const running = task?.state === 'running';
  return (
    <Modal
      title="Pull an image"
      onClose={onClose}
      testId="pull-dialog"
      footer={
        <TaskFooter
          verb="Pull"
          phase={!task ? 'idle' : running ? 'running' : 'ended'}
          starting={starting}
          canStart={ready}
          onStart={() => void start()}
          onCancel={() => {
            if (task) void cancelTask(task.id).catch((e) => setError(errorMessage(e)));
          }}
          onClose={onClose}
          startTestId="pull-start"
        />
      }
    >
      {body}
      {error && <Callout tone="error">{error}</Callout>}
    </Modal>
  );
}
