/**
 * Push: pick one of the image's tags or type a `registry/repo:tag` (checked as typed; a new name is
 * tagged first), then follow the push as the task drawer shows it; it goes on there if closed.
 */
import { useId, useMemo, useState } from 'react';
import type { TaskState } from '../../../shared/tasks.js';
import { useAppStore } from '../../store/store-context.js';
import { selectTaskOfKind } from '../../store/slices/tasks.js';
import type { ImageRow } from '../../model/images/rows.js';
import { TaskView } from '../tasks/task-card.js';
import { Callout } from '../../components/callout.js';
import { Modal } from '../../components/modal.js';
import { ReferenceField } from './reference-field.js';
import { planPush, tagOwnerOf } from './tag-input.js';
import { errorWords } from '../../model/errors.js';
import './actions.css';

const OTHER = '\u0000other';

function pushTitle(state: TaskState, target: string): string {
  switch (state) {
    case 'running':
      return `Pushing ${target}`;
    case 'succeeded':
      return `Pushed ${target}`;
    case 'failed':
      return `Push of ${target} failed`;
    case 'cancelled':
      return `Push of ${target} cancelled`;
  }
}

export function PushDialog({ row, onClose }: { row: ImageRow; onClose(): void }) {
  const images = useAppStore((s) => s.indexImages);
  const tagImage = useAppStore((s) => s.tagImage);
  const startPush = useAppStore((s) => s.pushImage);
  const cancelTask = useAppStore((s) => s.cancelTask);
  const showTasks = useAppStore((s) => s.showTasks);
  const tags = row.tags.map((t) => t.ref);
  const [choice, setChoice] = useState<string>(tags[0] ?? OTHER);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [taskId, setTaskId] = useState<string | null>(null);
  const task = useAppStore(selectTaskOfKind('push', taskId));
  const owner = useMemo(() => tagOwnerOf(images.values()), [images]);
  const plan = useMemo(
    () => planPush(choice === OTHER ? typed : choice, row.id, owner),
    [choice, typed, row.id, owner],
  );
  const name = useId();

  const start = async (): Promise<void> => {
    if (plan.state !== 'ok') return;
    setBusy(true);
    setError(null);
    try {
      if (plan.tagFirst) await tagImage(row.id, plan.ref);
      const started = await startPush(plan.ref);
      setTaskId(started.id);
    } catch (err) {
      setError(errorWords(err, plan.registry));
    } finally {
      setBusy(false);
    }
  };

  const hide = (): void => {
    if (taskId) showTasks(true, taskId);
    onClose();
  };

  if (taskId !== null) {
    const running = !task || task.state === 'running';
    return (
      <Modal
        title={pushTitle(task?.state ?? 'running', task?.target ?? '')}
        onClose={hide}
        testId="push-dialog"
        footer={
          running ? (
            <>
              <button type="button" className="button" onClick={hide} data-testid="push-hide">
                Run in background
              </button>
              <button
                type="button"
                className="button button-danger-outline"
                disabled={!task}
                onClick={() => task && void cancelTask(task.id)}
                data-testid="push-cancel"
              >
                Cancel push
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button button-primary"
              onClick={onClose}
              data-testid="push-close"
            >
              Close
            </button>
          )
        }
      >
        <div className="stack" data-testid="push-progress">
          {task ? (
            <TaskView task={task} barTestId="push-progress-bar" errorTestId="push-error" />
          ) : (
            <p>Starting…</p>
          )}
        </div>
      </Modal>
    );
  }

  return (
    <Modal
      title="Push image"
      onClose={onClose}
      testId="push-dialog"
      footerNote={
        plan.state === 'ok' && (
          <span className="muted small">
            To <strong>{plan.registry}</strong> with the docker CLI’s credentials
          </span>
        )
      }
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={plan.state !== 'ok' || busy}
            onClick={() => void start()}
            data-testid="push-start"
          >
            {busy ? 'Starting…' : plan.state === 'ok' && plan.tagFirst ? 'Tag and push' : 'Push'}
          </button>
        </>
      }
    >
      <fieldset className="act-modes">
        <legend className="field-label">Push which name</legend>
        {tags.map((t) => (
          <label
            key={t}
            className={`act-mode act-mode-compact${choice === t ? ' is-checked' : ''}`}
          >
            <input type="radio" name={name} checked={choice === t} onChange={() => setChoice(t)} />
            <span className="tag">{t}</span>
          </label>
        ))}
        <label
          className={`act-mode act-mode-compact${choice === OTHER ? ' is-checked' : ''}`}
          data-testid="push-other"
        >
          <input
            type="radio"
            name={name}
            checked={choice === OTHER}
            onChange={() => setChoice(OTHER)}
          />
          <span>Another name (tags the image first)</span>
        </label>
      </fieldset>
      {choice === OTHER && (
        <ReferenceField
          label="Registry, repository and tag"
          value={typed}
          check={
            plan.state === 'ok'
              ? {
                  state: 'ok',
                  familiar: plan.ref,
                  full: plan.full,
                  registry: plan.registry,
                  own: !plan.tagFirst,
                  movesFrom: plan.movesFrom,
                }
              : plan
          }
          onChange={setTyped}
          onSubmit={() => void start()}
          placeholder="registry.example.com:5000/team/app:v1"
          testId="push-ref"
          ownNote="The image has this tag already: it is pushed as it is."
        />
      )}
      {plan.state === 'ok' && plan.tagFirst && (
        <p className="muted small" data-testid="push-plan">
          Tags the image as <span className="tag">{plan.ref}</span>, then pushes it.
        </p>
      )}
      {tags.length === 0 && choice !== OTHER && (
        <Callout tone="info">This image has no tag: type the name to push it under.</Callout>
      )}
      {error && (
        <Callout tone="error" testId="push-start-error">
          {error}
        </Callout>
      )}
    </Modal>
  );
}
