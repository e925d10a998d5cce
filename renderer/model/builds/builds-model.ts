/**
 * The Builds page's pure logic: the filters (artifact, outcome) over the loaded builds, the
 * artifacts to filter by, the words of a build's figures, and the waterfall of its steps (each
 * step placed on the build's time axis as a share of its whole span).
 */
import {
  cachePercent,
  type BuildRecordOutcome,
  type BuildStepRecord,
  type BuildSummary,
} from '../../../shared/builds.js';

export const BUILD_OUTCOMES: readonly BuildRecordOutcome[] = ['built', 'failed', 'cancelled'];

export interface BuildsFilter {
  /** Only this artifact's builds; null: every artifact. */
  artifact: string | null;
  /** Only builds that ended this way; null: any outcome. */
  outcome: BuildRecordOutcome | null;
}

export const NO_BUILDS_FILTER: BuildsFilter = { artifact: null, outcome: null };

/** The builds the filter lets through, newest first. */
export function filterBuilds<T extends BuildSummary>(
  rows: readonly T[],
  filter: BuildsFilter,
): T[] {
  return rows
    .filter(
      (r) =>
        (filter.artifact === null || r.artifact === filter.artifact) &&
        (filter.outcome === null || r.outcome === filter.outcome),
    )
    .sort((a, b) => b.startedAt - a.startedAt || b.id - a.id);
}

/** The artifacts the builds are of, sorted, each once. */
export function buildArtifacts(rows: readonly BuildSummary[]): string[] {
  return [...new Set(rows.map((r) => r.artifact))].sort();
}

/** `820 ms`, `4.2 s`, `2 min 05 s`; `—` when unknown. */
export function buildDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** `3/4 cached · 75%`, or `no Dockerfile steps`. */
export function cacheText(r: Pick<BuildSummary, 'cachedSteps' | 'totalSteps'>): string {
  const pct = cachePercent(r);
  return pct === null ? 'no Dockerfile steps' : `${r.cachedSteps}/${r.totalSteps} cached · ${pct}%`;
}

/** One step as the waterfall draws it: offset and width as percentages of the build's span. */
export interface WaterfallBar {
  index: number;
  step: BuildStepRecord;
  /** null: the builder never started the step (no bar). */
  leftPct: number | null;
  widthPct: number;
  state: 'cached' | 'done' | 'failed' | 'not run';
}

export interface Waterfall {
  /** Unix ms of the first step's start (the build's start when no step started). */
  start: number;
  spanMs: number;
  bars: WaterfallBar[];
}

/** The least width of a bar, so an instant (cached) step still shows. */
export const MIN_BAR_PCT = 0.6;

function stepState(step: BuildStepRecord): WaterfallBar['state'] {
  if (step.error !== null) return 'failed';
  if (step.startedAt === null) return 'not run';
  return step.cached ? 'cached' : 'done';
}

/** Places every step on one time axis, from the first start to the last end. */
export function waterfall(
  steps: readonly BuildStepRecord[],
  build: Pick<BuildSummary, 'startedAt' | 'durationMs'>,
): Waterfall {
  const started = steps.filter((s) => s.startedAt !== null);
  const start = started.length
    ? Math.min(...started.map((s) => s.startedAt ?? 0))
    : build.startedAt;
  const end = Math.max(
    build.startedAt + build.durationMs,
    ...started.map((s) => (s.startedAt ?? 0) + (s.durationMs ?? 0)),
  );
  const spanMs = Math.max(end - start, 1);
  const bars = steps.map((step, index): WaterfallBar => {
    if (step.startedAt === null)
      return { index, step, leftPct: null, widthPct: 0, state: 'not run' };
    const leftPct = Math.min(((step.startedAt - start) / spanMs) * 100, 100 - MIN_BAR_PCT);
    const widthPct = Math.min(
      Math.max(((step.durationMs ?? 0) / spanMs) * 100, MIN_BAR_PCT),
      100 - leftPct,
    );
    return { index, step, leftPct, widthPct, state: stepState(step) };
  });
  return { start, spanMs, bars };
}

/** Where to draw the axis ticks: up to `count` + 1 evenly spaced offsets with their labels. */
export function axisTicks(spanMs: number, count = 4): { pct: number; label: string }[] {
  return Array.from({ length: count + 1 }, (_, i) => ({
    pct: (i / count) * 100,
    label: buildDuration((spanMs * i) / count).replace(/^0 ms$/, '0'),
  }));
}

/** One build on the cache chart: when it started and the share of its steps that were cached. */
export interface CachePoint {
  id: number;
  artifact: string;
  at: number;
  /** 0–100. */
  pct: number;
  cachedSteps: number;
  totalSteps: number;
  cacheBrokeAt: string | null;
}

/** One artifact's builds on the cache chart, oldest first. */
export interface CacheSeries {
  artifact: string;
  points: CachePoint[];
}

/**
 * The cache chart's series: one per artifact (only the filtered artifact's when the filter names
 * one), sorted by name, of the builds that finished (`built`) with Dockerfile steps.
 */
export function cacheSeries(
  rows: readonly BuildSummary[],
  filter: Pick<BuildsFilter, 'artifact'>,
): CacheSeries[] {
  const byArtifact = new Map<string, CachePoint[]>();
  for (const r of rows) {
    const pct = cachePercent(r);
    if (r.outcome !== 'built' || pct === null) continue;
    if (filter.artifact !== null && r.artifact !== filter.artifact) continue;
    const points = byArtifact.get(r.artifact) ?? [];
    points.push({
      id: r.id,
      artifact: r.artifact,
      at: r.startedAt,
      pct,
      cachedSteps: r.cachedSteps,
      totalSteps: r.totalSteps,
      cacheBrokeAt: r.cacheBrokeAt,
    });
    byArtifact.set(r.artifact, points);
  }
  return [...byArtifact.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([artifact, points]) => ({
      artifact,
      points: points.sort((a, b) => a.at - b.at || a.id - b.id),
    }));
}

/** Every point of the series in time order (how the keyboard walks the chart). */
export function pointsInTime(series: readonly CacheSeries[]): CachePoint[] {
  return series.flatMap((s) => s.points).sort((a, b) => a.at - b.at || a.id - b.id);
}
