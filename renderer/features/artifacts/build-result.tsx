/**
 * A build task as the dialog shows it: while it runs, the step it is on and the steps so far;
 * once it ended, the outcome (HIT in N ms, or HIT_TOO_OLD / MISS with the reason and the changed
 * inputs, the image and its tags), the failure with the failing step's output, or the cancel.
 */
import type { BuildOutcome } from '../../../shared/artifacts.js';
import type { TaskOf } from '../../../shared/tasks.js';
import { shortId } from '../../lib/format.js';
import { ProgressBar } from '../tasks/progress-bar.js';
import {
  buildSteps,
  changeWord,
  cleanBuildOutput,
  formatMs,
  inputName,
  levelLine,
  outcomeHeadline,
  splitBuildFailure,
} from './outcome-words.js';

export function BuildProgress({ task }: { task: TaskOf<'build'> }) {
  const steps = buildSteps(task);
  const percent = task.progress.percent;
  return (
    <div className="ac-progress" data-testid="build-progress" aria-live="polite">
      <div className="ac-progress-head">
        <span className="spinner" aria-hidden="true" />
        <span className="ac-progress-message" data-testid="build-message">
          {task.progress.message}
        </span>
        {percent !== null && <span className="num faint">{percent}%</span>}
      </div>
      <ProgressBar value={percent === null ? null : percent / 100} label="Build progress" />
      {steps.length > 0 && (
        <ol className="well ac-steps">
          {steps.map((s) => (
            <li key={s.id} className={s.done ? 'is-done' : 'is-running'}>
              <span className="ac-step-mark" aria-hidden="true">
                {s.done ? '✓' : '›'}
              </span>
              <code>{s.label}</code>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function StatusPill({ outcome }: { outcome: BuildOutcome }) {
  const kind = !outcome.built ? 'hit' : outcome.status === 'HIT_TOO_OLD' ? 'old' : 'miss';
  return (
    <span className={`ac-pill ac-pill-${kind}`} data-testid="build-status">
      {outcome.built ? outcome.status : 'HIT'}
    </span>
  );
}

export function BuildOutcomeView({ outcome }: { outcome: BuildOutcome }) {
  return (
    <div className="ac-outcome" data-testid="build-outcome">
      <div className="ac-outcome-head">
        <StatusPill outcome={outcome} />
        <span className="ac-outcome-title" data-testid="build-headline">
          {outcomeHeadline(outcome)}
        </span>
      </div>
      {outcome.moved && (
        <p className="callout callout-warn" role="status" data-testid="build-moved">
          {outcome.moved.reference}: {outcome.moved.message}.
        </p>
      )}
      {outcome.reason && outcome.reason !== outcome.moved?.message && (
        <p className="ac-reason" data-testid="build-reason">
          Why: {outcome.reason}
        </p>
      )}
      {outcome.levels.length > 1 && (
        <ul className="ac-levels" data-testid="build-levels" aria-label="Cache levels asked">
          {outcome.levels.map((l) => (
            <li key={l.level} className={`is-${l.status.toLowerCase()}`}>
              {levelLine(l)}
            </li>
          ))}
        </ul>
      )}
      {outcome.pushError && (
        <p className="callout callout-warn" role="alert" data-testid="build-push-error">
          {outcome.pushError}
        </p>
      )}
      {outcome.changedInputs.length > 0 && (
        <div className="ac-changes">
          <p className="field-label">Changed since the last build of {outcome.artifact}</p>
          <ul className="well ac-change-list" data-testid="changed-inputs">
            {outcome.changedInputs.map((c) => (
              <li key={`${c.kind}:${c.name}`}>
                <span className={`ac-change ac-change-${c.change}`}>{changeWord(c)}</span>
                <code>{inputName(c)}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      <dl className="facts ac-facts">
        <dt>Image</dt>
        <dd>
          <code title={outcome.imageId} data-testid="build-image">
            {shortId(outcome.imageId)}
          </code>
        </dd>
        <dt>Key</dt>
        <dd>
          <code title={outcome.key}>{outcome.key.slice(0, 12)}</code>
        </dd>
        <dt>Tags</dt>
        <dd className="ac-fact-tags">
          {outcome.tags.map((t) => (
            <span key={t} className="tag">
              {t}
            </span>
          ))}
        </dd>
        {outcome.pushed && (
          <>
            <dt>Pushed</dt>
            <dd>
              <code title={outcome.pushed.digest} data-testid="build-pushed">
                {outcome.pushed.reference}
              </code>
              {outcome.pushed.alreadyPushed && ' (already there)'}
            </dd>
          </>
        )}
        {outcome.remoteTags.length > 0 && (
          <>
            <dt>In the registry</dt>
            <dd className="ac-fact-tags">
              {outcome.remoteTags.map((t) => (
                <span key={t} className="tag">
                  {t}
                </span>
              ))}
            </dd>
          </>
        )}
        <dt>Time</dt>
        <dd>
          lookup {formatMs(outcome.lookupMs)}
          {outcome.buildMs !== null && ` · build ${formatMs(outcome.buildMs)}`}
          {outcome.nocache && ' · without the layer cache'}
        </dd>
      </dl>
    </div>
  );
}

export function BuildFailure({ task }: { task: TaskOf<'build'> }) {
  const error = task.error;
  const message = error?.message ?? 'The build failed.';
  const parts = splitBuildFailure(message);
  const steps = buildSteps(task);
  return (
    <div className="ac-failure" role="alert" data-testid="build-failure">
      <div className="ac-outcome-head">
        <span className="ac-pill ac-pill-fail">FAILED</span>
        <span className="ac-outcome-title" data-testid="build-failure-title">
          {parts ? `at step ${parts.step}` : message}
        </span>
      </div>
      {parts && (
        <>
          <code className="ac-instruction">{parts.instruction}</code>
          <p className="ac-reason" data-testid="build-failure-error">
            {parts.error}
          </p>
        </>
      )}
      {error?.detail && (
        <>
          <p className="field-label">Output of the failing step</p>
          <pre className="ac-output" data-testid="build-output">
            {cleanBuildOutput(error.detail)}
          </pre>
        </>
      )}
      {steps.length > 1 && (
        <ol className="well ac-steps" aria-label="Steps">
          {steps.map((s, i) => {
            const failed = parts !== null && i === steps.length - 1;
            return (
              <li key={s.id} className={failed ? 'is-failed' : 'is-done'}>
                <span className="ac-step-mark" aria-hidden="true">
                  {failed ? '✗' : '✓'}
                </span>
                <code>{s.label}</code>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

export function BuildCancelled() {
  return (
    <div className="ac-cancelled" data-testid="build-cancelled">
      <p className="ac-failure-title">Build cancelled.</p>
      <p className="field-hint">Nothing was stored: build again when you are ready.</p>
    </div>
  );
}
