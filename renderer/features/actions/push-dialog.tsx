/**
 * Push: pick one of the image's tags or type a `registry/repo:tag` (checked as typed; a new name is
 * tagged first), then follow the push layer by layer; it goes on in the task drawer if closed.
 */
import { useId, useMemo, useState } from 'react';
import type { TaskState } from '../../../shared/tasks.js';
import { useAppStore } from '../../store/store-context.js';
import { selectTaskOfKind } from '../../store/slices/tasks.js';
import type { ImageRow } from '../../model/images/rows.js';
import { PushResultView } from '../tasks/push-result.js';
import { ProgressBar } from '../tasks/progress-bar.js';
import { PushLayers } from '../tasks/task-items.js';
import { layerLine, layerSummary, taskFraction } from '../tasks/task-progress.js';
import { ActionDialog, Callout } from './dialog.js';
import { ReferenceField } from './reference-field.js';
import { planPush, tagOwnerOf } from './tag-input.js';
import { errorWords } from '../../model/errors.js';
import './report.css';

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
    const summary = layerSummary(task?.progress.items ?? []);
    const registry = plan.state === 'ok' ? plan.registry : undefined;
    return (
      <ActionDialog
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
                className="button act-danger-outline"
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
              className="button act-primary"
              onClick={onClose}
              data-testid="push-close"
            >
              Close
            </button>
          )
        }
      >
        <div className="act-progress" data-testid="push-progress">
          <ProgressBar
            value={task ? taskFraction(task) : null}
            label={`Pushing ${task?.target ?? ''}`}
            tone={task?.state === 'failed' ? 'bad' : task?.state === 'succeeded' ? 'ok' : 'accent'}
            testId="push-progress-bar"
          />
          <p className="act-progress-line">
            {summary.layers > 0 && running
              ? layerLine(summary)
              : task?.state === 'failed'
                ? null
                : (task?.progress.message ?? 'Starting…')}
          </p>
          {task?.state === 'failed' && task.error && (
            <Callout tone="error" testId="push-error">
              {errorWords(task.error, registry)}
            </Callout>
          )}
          {task?.state === 'cancelled' && <Callout tone="info">Cancelled.</Callout>}
          {task?.state === 'succeeded' && task.result && <PushResultView result={task.result} />}
          <PushLayers items={task?.progress.items ?? []} ended={!running} />
        </div>
      </ActionDialog>
    );
  }

  return (
    <ActionDialog
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
            className="button act-primary"
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
        <legend className="act-label">Push which name</legend>
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
    </ActionDialog>
  );
}
