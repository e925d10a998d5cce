import { describe, expect, it } from 'vitest';
import type { BuildStepRecord, BuildSummary } from '../../../shared/builds.js';
import {
  axisTicks,
  buildArtifacts,
  buildDuration,
  cacheSeries,
  cacheText,
  filterBuilds,
  MIN_BAR_PCT,
  NO_BUILDS_FILTER,
  pointsInTime,
  waterfall,
} from './builds-model.js';

const T = Date.UTC(2026, 0, 10);

const build = (id: number, over: Partial<BuildSummary> = {}): BuildSummary => ({
  id,
  artifact: 'app',
  key: `k${id}`,
  builder: 'buildkit',
  engine: 'unix:///var/run/docker.sock',
  startedAt: T + id * 1000,
  durationMs: 2000,
  outcome: 'built',
  imageId: null,
  buildId: null,
  nocache: false,
  cachedSteps: 1,
  totalSteps: 2,
  warnings: [],
  cacheBrokeAt: null,
  error: null,
  lookupId: null,
  ...over,
});

const step = (name: string, over: Partial<BuildStepRecord> = {}): BuildStepRecord => ({
  name,
  dockerfile: true,
  cached: false,
  startedAt: T,
  durationMs: 100,
  error: null,
  log: [],
  ...over,
});

describe('filterBuilds', () => {
  const rows = [
    build(1),
    build(3, { artifact: 'api', outcome: 'failed' }),
    build(2, { outcome: 'cancelled' }),
  ];

  it('lists every build newest first without a filter', () => {
    expect(filterBuilds(rows, NO_BUILDS_FILTER).map((r) => r.id)).toEqual([3, 2, 1]);
  });

  it('keeps one artifact, one outcome, or both', () => {
    expect(filterBuilds(rows, { artifact: 'app', outcome: null }).map((r) => r.id)).toEqual([2, 1]);
    expect(filterBuilds(rows, { artifact: null, outcome: 'failed' }).map((r) => r.id)).toEqual([3]);
    expect(filterBuilds(rows, { artifact: 'api', outcome: 'built' })).toEqual([]);
  });

  it('does not reorder the rows it was given', () => {
    filterBuilds(rows, NO_BUILDS_FILTER);
    expect(rows.map((r) => r.id)).toEqual([1, 3, 2]);
  });

  it('names each artifact once, sorted', () => {
    expect(buildArtifacts(rows)).toEqual(['api', 'app']);
  });
});

describe('words', () => {
  it('says a duration in ms, s or minutes', () => {
    expect(buildDuration(null)).toBe('—');
    expect(buildDuration(820)).toBe('820 ms');
    expect(buildDuration(4210)).toBe('4.2 s');
    expect(buildDuration(125_000)).toBe('2 min 05 s');
  });

  it('says the cache share, or that there were no Dockerfile steps', () => {
    expect(cacheText({ cachedSteps: 3, totalSteps: 4 })).toBe('3/4 cached · 75%');
    expect(cacheText({ cachedSteps: 0, totalSteps: 0 })).toBe('no Dockerfile steps');
  });
});

describe('waterfall', () => {
  it('places steps on the build span, an instant step at the least width', () => {
    const w = waterfall(
      [
        step('a', { startedAt: T, durationMs: 0, cached: true }),
        step('b', { startedAt: T + 250, durationMs: 750 }),
      ],
      { startedAt: T, durationMs: 1000 },
    );
    expect(w.spanMs).toBe(1000);
    expect(w.bars.map((b) => [b.leftPct, b.widthPct, b.state])).toEqual([
      [0, MIN_BAR_PCT, 'cached'],
      [25, 75, 'done'],
    ]);
  });

  it('draws no bar for a step never started and marks a failed one', () => {
    const w = waterfall(
      [step('a', { error: 'exit code: 2' }), step('b', { startedAt: null, durationMs: null })],
      { startedAt: T, durationMs: 400 },
    );
    expect(w.bars.map((b) => [b.leftPct, b.state])).toEqual([
      [0, 'failed'],
      [null, 'not run'],
    ]);
  });

  it('keeps a bar inside the axis when a step outlasts the recorded build', () => {
    const w = waterfall([step('a', { startedAt: T + 900, durationMs: 5000 })], {
      startedAt: T,
      durationMs: 1000,
    });
    const bar = w.bars[0];
    expect((bar?.leftPct ?? 0) + (bar?.widthPct ?? 0)).toBeLessThanOrEqual(100);
  });

  it('labels the axis from 0 to the span', () => {
    expect(axisTicks(2000, 2)).toEqual([
      { pct: 0, label: '0' },
      { pct: 50, label: '1.0 s' },
      { pct: 100, label: '2.0 s' },
    ]);
  });
});

describe('cacheSeries', () => {
  const rows = [
    build(4, { cachedSteps: 2, totalSteps: 2 }),
    build(3, { artifact: 'api', cachedSteps: 0, totalSteps: 3, cacheBrokeAt: 'cache broke at X' }),
    build(2, { outcome: 'failed', cachedSteps: 0 }),
    build(5, { cachedSteps: 0, totalSteps: 0 }),
    build(1, { cachedSteps: 1, totalSteps: 4 }),
  ];

  it('gives one series per artifact, by name, of the built builds with steps, oldest first', () => {
    const series = cacheSeries(rows, { artifact: null });
    expect(series.map((s) => s.artifact)).toEqual(['api', 'app']);
    expect(series[1]?.points.map((p) => [p.id, p.pct])).toEqual([
      [1, 25],
      [4, 100],
    ]);
    expect(series[0]?.points[0]).toMatchObject({ id: 3, pct: 0, cacheBrokeAt: 'cache broke at X' });
  });

  it('keeps only the filtered artifact', () => {
    expect(cacheSeries(rows, { artifact: 'api' }).map((s) => s.artifact)).toEqual(['api']);
    expect(cacheSeries(rows, { artifact: 'gone' })).toEqual([]);
  });

  it('walks every point in time order across the series', () => {
    expect(pointsInTime(cacheSeries(rows, { artifact: null })).map((p) => p.id)).toEqual([1, 3, 4]);
  });
});
