/**
 * One task in the drawer: what it is, its state, an overall bar and one line of progress; opened,
 * its parts (a push's or a pull's layers, a prune's images) while it runs and its report once it
 * has ended.
 */
import type { TaskInfo } from '../../../shared/tasks.js';
import { registryOf } from '../../../shared/reference-names.js';
import { formatBytes, shortId } from '../../lib/format.js';
import { loadSummary } from '../../model/images/transfer.js';
import { PruneReportView } from '../actions/prune-report.js';
import { errorWords } from '../../model/errors.js';
import { Callout } from '../../components/callout.js';
import { ProgressBar } from './progress-bar.js';
import { PullResultView } from './pull-result.js';
import { PushResultView } from './push-result.js';
import { PruneItems, PushLayers } from './task-items.js';
import {
  layerLine,
  layerSummary,
  pruneCounts,
  pruneLine,
  pullLayerItems,
  pullLayerWords,
  stateWords,
  taskDuration,
  taskFraction,
} from './task-progress.js';

const KIND_WORDS: Partial<Record<TaskInfo['kind'], string>> = {
  push: 'Push',
  prune: 'Prune',
  build: 'Build',
  pull: 'Pull',
  save: 'Save',
  load: 'Load',
  noop: 'Task',
};

const TONE = { running: 'accent', succeeded: 'ok', failed: 'bad', cancelled: 'muted' } as const;

const kindWord = (task: TaskInfo): string => KIND_WORDS[task.kind] ?? 'Task';

/** Tasks whose target is an image reference: the drawer names it, and its registry on errors. */
const onReference = (task: TaskInfo): boolean => task.kind === 'push' || task.kind === 'pull';

/** The registry a push or pull task talks to, which its error words name. */
function taskRegistry(task: TaskInfo): string | undefined {
  return onReference(task) ? registryOf(task.target) : undefined;
}

/** The one line under the bar. */
function progressLine(task: TaskInfo): string {
  if (onReference(task)) {
    const items = task.kind === 'pull' ? pullLayerItems(task.progress.items) : task.progress.items;
    const line = layerLine(layerSummary(items));
    return line && task.state === 'running' ? line : task.progress.message;
  }
  if (task.kind === 'prune' && task.progress.items.length > 0) {
    return pruneLine(pruneCounts(task.progress.items));
  }
  return task.progress.message;
}

function labelsOf(task: TaskInfo): Map<string, string> {
  return new Map(task.progress.items.map((i) => [i.id, i.label]));
}

/** A task's overall bar: its share done, or a stripe while the amount is unknown. */
export function TaskBar({ task, testId }: { task: TaskInfo; testId: string }) {
  return (
    <ProgressBar
      value={taskFraction(task) ?? (task.state === 'running' ? null : 0)}
      label={`${kindWord(task)} ${task.target}`}
      tone={TONE[task.state]}
      testId={testId}
    />
  );
}

/** A task's parts and outcome: its error in words, its result, its layers or images. */
export function TaskDetails({ task, errorTestId }: { task: TaskInfo; errorTestId: string }) {
  const ended = task.state !== 'running';
  return (
    <div className="task-body" data-testid="task-body">
      {task.state === 'failed' && task.error && (
        <Callout tone="error" testId={errorTestId}>
          {errorWords(task.error, taskRegistry(task))}
        </Callout>
      )}
      {task.kind === 'push' && (
        <>
          {task.result && <PushResultView result={task.result} />}
          <PushLayers items={task.progress.items} ended={ended} />
        </>
      )}
      {task.kind === 'pull' && (
        <>
          {task.result && (
            <PullResultView result={task.result} layers={pullLayerWords(task.progress.items)} />
          )}
          <PushLayers items={pullLayerItems(task.progress.items)} ended={ended} kind="pull" />
        </>
      )}
      {task.kind === 'prune' &&
        (ended && task.result ? (
          <PruneReportView
            report={task.result}
            labels={labelsOf(task)}
            cancelled={task.state === 'cancelled'}
          />
        ) : (
          <PruneItems items={task.progress.items} />
        ))}
      {task.kind === 'save' && task.result && (
        <p className="task-result-head">
          Saved {formatBytes(task.result.bytes)} to <code className="mono">{task.result.file}</code>
        </p>
      )}
      {task.kind === 'load' && task.result && (
        <p className="task-result-head">{loadSummary(task.result)}</p>
      )}
      {task.kind === 'build' && task.result && (
        <p className="task-result-head">
          {task.result.built ? 'Built' : 'Found in the cache'} ·{' '}
          <code className="mono">{shortId(task.result.imageId)}</code>
          {task.result.tags.length > 0 && <> · {task.result.tags.join(', ')}</>}
        </p>
      )}
    </div>
  );
}

/**
 * A task as a dialog that follows it shows it: the drawer's bar, line of progress, parts and
 * outcome, with the dialog's own test ids.
 */
export function TaskView({
  task,
  barTestId,
  errorTestId,
}: {
  task: TaskInfo;
  barTestId: string;
  errorTestId: string;
}) {
  return (
    <>
      <TaskBar task={task} testId={barTestId} />
      <p className="task-line">
        <span className="truncate" title={progressLine(task)}>
          {progressLine(task)}
        </span>
      </p>
      <TaskDetails task={task} errorTestId={errorTestId} />
    </>
  );
}

export function TaskCard({
  task,
  open,
  now,
  onToggle,
  onCancel,
}: {
  task: TaskInfo;
  open: boolean;
  now: number;
  onToggle(): void;
  onCancel(): void;
}) {
  const running = task.state === 'running';
  const cancelling = running && task.progress.message === 'Cancelling…';
  return (
    <li
      className={`card task-card task-${task.state}${open ? ' is-open' : ''}`}
      data-testid="task-card"
      data-kind={task.kind}
      data-state={task.state}
      data-task-id={task.id}
    >
      <div className="task-head">
        <button
          type="button"
          className="task-toggle"
          aria-expanded={open}
          onClick={onToggle}
          data-testid="task-toggle"
        >
          <span className={`task-kind task-kind-${task.kind}`}>{kindWord(task)}</span>
          <span className="task-title truncate" title={`${task.title} (${task.target})`}>
            {onReference(task) ? task.target : task.title}
            {!onReference(task) && task.target && (
              <span className="task-target"> · {task.target}</span>
            )}
          </span>
          <span className="caret" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
        </button>
        <span className={`task-state task-state-${task.state}`} data-testid="task-state">
          {stateWords(task)}
        </span>
      </div>
      <TaskBar task={task} testId="task-progress" />
      <div className="task-line">
        <span className="truncate" title={progressLine(task)}>
          {progressLine(task)}
        </span>
        <span className="task-time muted">{taskDuration(task, now)}</span>
        {running && (
          <button
            type="button"
            className="link-button task-cancel"
            disabled={cancelling}
            onClick={onCancel}
            data-testid="task-cancel"
          >
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
      </div>
      {open && <TaskDetails task={task} errorTestId="task-error" />}
    </li>
  );
}
