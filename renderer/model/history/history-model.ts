/**
 * The History page's pure logic: what the view asks for (range preset, bucket, filters), which
 * live rows belong in the log, and merging them in. No DOM, no store.
 */
import type { CacheLevel, CacheStatus, LookupOrigin } from '../../../shared/artifacts.js';
import type {
  HistoryBucket,
  HistoryFilters,
  HistoryStatsQuery,
  LookupRecord,
} from '../../../shared/history.js';

export const HISTORY_RANGES = ['24h', '7d', '30d', '90d', 'all'] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];

const HOUR = 3_600_000;
const RANGE_MS: Record<Exclude<HistoryRange, 'all'>, number> = {
  '24h': 24 * HOUR,
  '7d': 7 * 24 * HOUR,
  '30d': 30 * 24 * HOUR,
  '90d': 90 * 24 * HOUR,
};

/** In a sentence: "the last 7 days". */
export const RANGE_WORDS: Record<HistoryRange, string> = {
  '24h': 'the last 24 hours',
  '7d': 'the last 7 days',
  '30d': 'the last 30 days',
  '90d': 'the last 90 days',
  all: 'all time',
};

export const RANGE_LABELS: Record<HistoryRange, string> = {
  '24h': '24h',
  '7d': '7d',
  '30d': '30d',
  '90d': '90d',
  all: 'All',
};

/** The bucket that suits a range when the user has not picked one. */
export const DEFAULT_BUCKET: Record<HistoryRange, HistoryBucket> = {
  '24h': 'hour',
  '7d': 'day',
  '30d': 'day',
  '90d': 'week',
  all: 'week',
};

/** What the History page shows: a range, a bucket and the filters. */
export interface HistoryViewState {
  range: HistoryRange;
  bucket: HistoryBucket;
  artifacts: string[];
  statuses: CacheStatus[];
  levels: CacheLevel[];
  origins: LookupOrigin[];
}

export const DEFAULT_HISTORY_VIEW: HistoryViewState = {
  range: '7d',
  bucket: 'day',
  artifacts: [],
  statuses: [],
  levels: [],
  origins: [],
};

/**
 * The view that shows one artifact's lookups around `at`: the shortest range preset that reaches
 * back past it by an hour (all time when none does), its usual bucket, no other filter.
 */
export function viewAround(artifact: string, at: number, now: number): HistoryViewState {
  const range = HISTORY_RANGES.find((r) => r === 'all' || now - RANGE_MS[r] < at - HOUR) ?? 'all';
  return { ...DEFAULT_HISTORY_VIEW, range, bucket: DEFAULT_BUCKET[range], artifacts: [artifact] };
}

/** The filters of a view at `now`: the range runs from now minus the preset, open-ended. */
export function viewFilters(view: HistoryViewState, now: number): HistoryFilters {
  return {
    from: view.range === 'all' ? null : Math.max(0, now - RANGE_MS[view.range]),
    to: null,
    artifacts: view.artifacts,
    statuses: view.statuses,
    levels: view.levels,
    origins: view.origins,
  };
}

export function statsQuery(
  view: HistoryViewState,
  filters: HistoryFilters,
  timeZone: string,
  weekStartsOn: number,
): HistoryStatsQuery {
  return { ...filters, bucket: view.bucket, timeZone, weekStartsOn };
}

/** Whether a row (arrived live) matches the filters the log was loaded with. */
export function matches(r: LookupRecord, f: HistoryFilters): boolean {
  return (
    (f.from === null || r.at >= f.from) &&
    (f.to === null || r.at < f.to) &&
    (f.artifacts.length === 0 || f.artifacts.includes(r.artifact)) &&
    (f.statuses.length === 0 || f.statuses.includes(r.status)) &&
    (f.levels.length === 0 || f.levels.includes(r.level)) &&
    (f.origins.length === 0 || f.origins.includes(r.origin))
  );
}

/** Newest first, like the core orders the log: by time, then id. */
export function newerFirst(a: LookupRecord, b: LookupRecord): number {
  return b.at - a.at || b.id - a.id;
}

/**
 * The log with live rows merged in: rows already there are skipped, and a row older than the
 * last loaded one is left for the pages still to load (it would be fetched again otherwise).
 */
export function mergeLive(
  rows: readonly LookupRecord[],
  live: readonly LookupRecord[],
  filters: HistoryFilters,
  complete: boolean,
): LookupRecord[] {
  const have = new Set(rows.map((r) => r.id));
  const last = rows.at(-1);
  const fresh = live.filter(
    (r) => !have.has(r.id) && matches(r, filters) && (complete || !last || newerFirst(r, last) < 0),
  );
  if (fresh.length === 0) return rows as LookupRecord[];
  return [...rows, ...fresh].sort(newerFirst);
}

/** The first day of the week for the user's locale (Monday when the platform cannot tell). */
export function localeWeekStart(locale?: string): number {
  try {
    const loc = new Intl.Locale(
      locale ?? Intl.DateTimeFormat().resolvedOptions().locale,
    ) as Intl.Locale & {
      getWeekInfo?: () => { firstDay: number };
      weekInfo?: { firstDay: number };
    };
    const first = loc.getWeekInfo?.().firstDay ?? loc.weekInfo?.firstDay;
    // Intl says 1 Monday … 7 Sunday; the core counts 0 Sunday … 6 Saturday.
    return first === undefined ? 1 : first % 7;
  } catch {
    return 1;
  }
}

/** Consecutive batches whose texts add up to at most `max` characters (a bigger file goes alone). */
export function batchBySize<T extends { text: string }>(items: readonly T[], max: number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    if (current.length > 0 && size + item.text.length > max) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += item.text.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
