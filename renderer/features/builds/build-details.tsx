/**
 * One build in full, in the shared modal: its figures, where the cache broke, the error, and its
 * steps as a waterfall on the build's time axis (CACHED steps marked, a failed one in red), each
 * step's log tail opened on demand.
 */
import { useState } from 'react';
import type { BuildRecord } from '../../../shared/builds.js';
import { Modal } from '../../components/modal.js';
import { Notice } from '../../components/callout.js';
import {
  axisTicks,
  buildDuration,
  cacheText,
  waterfall,
  type WaterfallBar,
} from '../../model/builds/builds-model.js';
import { useAppStore } from '../../store/store-context.js';
import { fullTime } from '../history/history-format.js';
import { OutcomeBadge } from './build-columns.js';

function StepRow({ bar }: { bar: WaterfallBar }) {
  const [open, setOpen] = useState(false);
  const { step } = bar;
  const logId = `build-step-log-${bar.index}`;
  return (
    <li
      className={`bld-step is-${bar.state.replace(' ', '-')}${step.dockerfile ? '' : ' is-internal'}`}
      data-testid="build-step"
      data-cached={step.cached ? 'true' : 'false'}
      data-state={bar.state}
    >
      <div className="bld-step-name">
        <button
          type="button"
          className="bld-step-toggle"
          aria-expanded={open}
          aria-controls={logId}
          disabled={step.log.length === 0 && step.error === null}
          onClick={() => setOpen(!open)}
          title={step.name}
          data-testid="build-step-toggle"
        >
          <span className="bld-step-caret" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          <span className="truncate">{step.name}</span>
        </button>
        {step.cached && (
          <span className="badge badge-ok bld-cached" data-testid="build-step-cached">
            CACHED
          </span>
        )}
        {bar.state === 'failed' && <span className="badge badge-bad">FAILED</span>}
      </div>
      <div className="bld-track" aria-hidden="true">
        {bar.leftPct !== null && (
          <span
            className="bld-bar"
            style={{ left: `${bar.leftPct}%`, width: `${bar.widthPct}%` }}
          />
        )}
      </div>
      <span className="bld-step-took num">
        {bar.state === 'not run' ? 'not run' : buildDuration(step.durationMs)}
      </span>
      {open && (
        <pre className="bld-step-log" id={logId} data-testid="build-step-log" tabIndex={0}>
          {[...step.log, ...(step.error ? [step.error] : [])].join('\n')}
        </pre>
      )}
    </li>
  );
}

function Timeline({ build }: { build: BuildRecord }) {
  const w = waterfall(build.steps, build);
  return (
    <section aria-labelledby="bld-timeline-title" className="bld-timeline">
      <h3 id="bld-timeline-title" className="bld-h">
        Steps <span className="count">{build.steps.length}</span>
      </h3>
      <div className="bld-axis" aria-hidden="true">
        <span />
        <div className="bld-axis-ticks">
          {axisTicks(w.spanMs).map((t) => (
            <span key={t.pct} className="bld-tick" style={{ left: `${t.pct}%` }}>
              {t.label}
            </span>
          ))}
        </div>
        <span />
      </div>
      <ol className="bld-steps" data-testid="build-waterfall">
        {w.bars.map((bar) => (
          <StepRow key={bar.index} bar={bar} />
        ))}
      </ol>
    </section>
  );
}

/** The lookup that led to the build, as a link that opens it in the History page. */
function LookupLink({ build }: { build: BuildRecord }) {
  const showLookup = useAppStore((s) => s.showLookup);
  const openBuild = useAppStore((s) => s.openBuild);
  if (build.lookupId === null) {
    return <span className="muted">no longer in the history</span>;
  }
  const lookupId = build.lookupId;
  return (
    <button
      type="button"
      className="link-button"
      data-testid="build-lookup-link"
      onClick={() => {
        void openBuild(null);
        showLookup({ id: lookupId, artifact: build.artifact, at: build.startedAt });
      }}
    >
      Lookup {lookupId} in History
    </button>
  );
}

export function BuildDetails({
  summaryTitle,
  build,
  error,
  onClose,
}: {
  summaryTitle: string;
  build: BuildRecord | null;
  error: string | null;
  onClose(): void;
}) {
  return (
    <Modal title={summaryTitle} onClose={onClose} size="wide" testId="build-details">
      {error && <Notice tone="error">{error}</Notice>}
      {!build && !error && (
        <p className="bld-note" aria-busy="true">
          Loading the build…
        </p>
      )}
      {build && (
        <div className="bld-details">
          <div className="bld-details-head">
            <OutcomeBadge outcome={build.outcome} />
            <span>{cacheText(build)}</span>
          </div>
          {build.cacheBrokeAt && (
            <p className="bld-broke" data-testid="build-cache-broke">
              {build.cacheBrokeAt}
            </p>
          )}
          {build.error && (
            <pre className="bld-error" data-testid="build-error">
              {build.error}
            </pre>
          )}
          <dl className="facts bld-facts">
            <dt>Started</dt>
            <dd>{fullTime(build.startedAt)}</dd>
            <dt>Took</dt>
            <dd>{buildDuration(build.durationMs)}</dd>
            <dt>Builder</dt>
            <dd>{build.builder}</dd>
            <dt>Engine</dt>
            <dd className="wrap">{build.engine}</dd>
            {build.imageId && (
              <>
                <dt>Image</dt>
                <dd className="mono wrap">{build.imageId}</dd>
              </>
            )}
            <dt>Key</dt>
            <dd className="mono wrap">{build.key}</dd>
            <dt>Lookup</dt>
            <dd data-testid="build-lookup">
              <LookupLink build={build} />
            </dd>
          </dl>
          {build.warnings.length > 0 && (
            <ul className="bld-warnings">
              {build.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          <Timeline build={build} />
        </div>
      )}
    </Modal>
  );
}
