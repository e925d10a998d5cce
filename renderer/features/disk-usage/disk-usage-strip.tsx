/**
 * The disk usage strip above the images: like `docker system df`, but honest about sharing —
 * images, what they take on disk with shared layers counted once, shared vs unique, what pruning
 * would reclaim, and the largest repositories. Figures that are not exact say so.
 */
import { lazy, Suspense, useDeferredValue, useMemo } from 'react';
import { useNow } from '../../components/use-now.js';
import { formatBytes, formatCount, humanDuration, plural } from '../../lib/format.js';
import { useAppStore } from '../../store/store-context.js';
import type { ImageRow } from '../../model/images/rows.js';
import { largestRepositories, summarizeUsage, type Reclaimable } from './usage-math.js';
import './disk-usage.css';

function bytesOrDash(value: number | null): string {
  return value === null ? '—' : formatBytes(value);
}

function ReclaimLine({ label, r, testId }: { label: string; r: Reclaimable; testId: string }) {
  return (
    <p
      className="reclaim"
      data-testid={testId}
      title={
        r.exact
          ? undefined
          : 'At least this much: some of these images share layers, and a layer shared only among them is freed too, but Docker reports sharing per image, not per layer.'
      }
    >
      <span className="reclaim-value">
        {r.exact ? '' : '≥ '}
        {formatBytes(r.bytes)}
      </span>
      <span className="muted">
        {label} · {plural(r.images, 'image')}
      </span>
    </p>
  );
}

const NO_ROWS: ImageRow[] = [];

/** The chart (and the chart library) load after the first paint, in their own chunk. */
const RepoChart = lazy(() => import('./repo-chart.js').then((m) => ({ default: m.RepoChart })));

export function DiskUsageStrip({ rows: current, ready }: { rows: ImageRow[]; ready: boolean }) {
  // Its sums over every image wait until the grid has painted (and until typing pauses).
  const rows = useDeferredValue(current, NO_ROWS);
  const report = useAppStore((s) => s.diskUsage);
  const error = useAppStore((s) => s.diskUsageError);
  const loading = useAppStore((s) => s.diskUsageLoading);
  const load = useAppStore((s) => s.loadDiskUsage);
  const open = useAppStore((s) => s.diskUsageOpen);
  const setOpen = useAppStore((s) => s.setDiskUsageOpen);
  const now = useNow(10_000);
  const indexVersion = useAppStore((s) => s.indexVersion);
  const summary = useMemo(
    () => summarizeUsage(rows, report, indexVersion),
    [rows, report, indexVersion],
  );
  const repos = useMemo(() => largestRepositories(rows, report, 5), [rows, report]);
  if (!ready) return null;

  const estimateNote = report === null ? 'Waiting for Docker’s figures' : summary.reasons.join(' ');
  const sharedPct =
    summary.onDisk && summary.shared !== null ? (summary.shared / summary.onDisk) * 100 : 0;

  const head = (
    <header className="usage-head">
      <h2 className="usage-title" id="usage-title">
        Disk usage
      </h2>
      {summary.estimated && (
        <span className="badge badge-warn" data-testid="usage-estimated" title={estimateNote}>
          {report === null ? 'computing…' : 'estimated'}
        </span>
      )}
      {error && (
        <span className="usage-error" role="alert" title={error}>
          Couldn’t get figures: {error}
        </span>
      )}
      <span className="usage-when muted">
        {report &&
          `Computed ${humanDuration(Math.max(0, now - report.computedAt)).toLowerCase()} ago`}
      </span>
      <button
        type="button"
        className="link-button"
        disabled={loading}
        onClick={() => void load(true)}
        data-testid="usage-refresh"
      >
        {loading ? 'Refreshing…' : 'Refresh'}
      </button>
      <button
        type="button"
        className="link-button"
        aria-expanded={open}
        aria-controls="usage-body"
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide' : 'Show'}
      </button>
    </header>
  );

  if (!open) {
    return (
      <section
        className="card usage usage-collapsed"
        aria-labelledby="usage-title"
        data-testid="disk-usage"
      >
        {head}
        <p className="usage-line">
          {plural(summary.images, 'image')} · {bytesOrDash(summary.onDisk)} on disk ·{' '}
          {summary.reclaimUnused.exact ? '' : '≥ '}
          {formatBytes(summary.reclaimUnused.bytes)} reclaimable
        </p>
      </section>
    );
  }

  // Until the deferred sums are in, keep the strip's place without showing zeros.
  const pending = rows !== current && current.length > 0;
  return (
    <section
      className={`card usage${pending ? ' is-pending' : ''}`}
      aria-labelledby="usage-title"
      aria-busy={pending}
      data-testid="disk-usage"
    >
      {head}
      <div className="usage-body" id="usage-body">
        <div className="tile">
          <p className="tile-label">Images</p>
          <p className="tile-value" data-testid="usage-images">
            {formatCount(summary.images)}
          </p>
          <p className="tile-sub">
            {formatCount(summary.inUse)} in use · {formatCount(summary.unused)} unused ·{' '}
            {formatCount(summary.dangling)} dangling
          </p>
        </div>
        <div className="tile">
          <p className="tile-label">On disk</p>
          <p className="tile-value" data-testid="usage-on-disk">
            {bytesOrDash(summary.onDisk)}
          </p>
          <p
            className="tile-sub"
            title="What adding up every image's size gives: shared layers counted once per image"
          >
            {formatBytes(summary.sizeSum)} if shared layers counted per image
          </p>
        </div>
        <div className="tile">
          <p className="tile-label">Shared · Unique</p>
          <div
            className={`split-bar${summary.onDisk === null ? ' is-unknown' : ''}`}
            aria-hidden="true"
          >
            <span className="split-shared" style={{ width: `${sharedPct}%` }} />
          </div>
          <p className="tile-sub">
            <span className="dot dot-shared" aria-hidden="true" />
            {bytesOrDash(summary.shared)} shared, counted once
            <br />
            <span className="dot dot-unique" aria-hidden="true" />
            {bytesOrDash(summary.unique)} unique to one image
          </p>
        </div>
        <div className="tile">
          <p className="tile-label">Reclaimable</p>
          <ReclaimLine
            label="pruning dangling"
            r={summary.reclaimDangling}
            testId="reclaim-dangling"
          />
          <ReclaimLine label="pruning unused" r={summary.reclaimUnused} testId="reclaim-unused" />
        </div>
        <figure className="tile tile-chart">
          <figcaption className="tile-label chart-caption">
            Largest repositories
            <span className="legend">
              <span className="dot dot-unique" aria-hidden="true" /> unique
              <span className="dot dot-shared" aria-hidden="true" /> shared
            </span>
          </figcaption>
          {repos.length > 0 ? (
            <Suspense fallback={<div className="repo-chart" />}>
              <RepoChart repos={repos} known={report !== null} />
            </Suspense>
          ) : (
            <p className="tile-sub">No images yet.</p>
          )}
        </figure>
      </div>
    </section>
  );
}
