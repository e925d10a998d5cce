/**
 * `history:stats`: per bucket of the user's time zone, lookups, hits, too-old, misses, hit rate and
 * median lookup time; totals; and per artifact its hit rate, last miss and current miss streak.
 *
 * One indexed range query per bucket (rows grouped by artifact, durations concatenated as integer
 * tenths of a millisecond) reads every row once without a sort of the whole range; medians are
 * exact, from the durations sorted per bucket in a typed array. Imported rows carry no duration
 * and are left out of medians.
 */
import type { SQLInputValue } from 'node:sqlite';
import {
  ARTIFACTS_LIMIT,
  hitRate,
  type ArtifactSummary,
  type HistoryFilters,
  type HistorySettings,
  type HistoryStats,
  type HistoryStatsQuery,
  type LastMiss,
  type MissStreak,
  type StatsBucket,
  type StatusCounts,
} from '../../../shared/history.js';
import { num, numOrNull, text, textOrNull, type StoreDatabase } from '../store/database.js';
import { filterWhere, withoutRange } from './filter-sql.js';
import { timeBounds } from './log-query.js';
import { bucketSpans, type BucketSpan } from './time-buckets.js';

interface ArtifactTally extends StatusCounts {
  lastLookupAt: number | null;
}

const zero = (): StatusCounts => ({ lookups: 0, hits: 0, tooOld: 0, misses: 0 });

function add(into: StatusCounts, row: StatusCounts): void {
  into.lookups += row.lookups;
  into.hits += row.hits;
  into.tooOld += row.tooOld;
  into.misses += row.misses;
}

/** Median of integer tenths of a millisecond, in ms; sorts `values` in place. */
export function medianTenths(values: Float64Array): number | null {
  if (values.length === 0) return null;
  values.sort();
  const mid = values.length >> 1;
  const m =
    values.length % 2 === 1
      ? (values[mid] as number)
      : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
  return m / 10;
}

/** Parses `"12,305,7"` lists into one typed array. */
function durations(lists: readonly string[]): Float64Array {
  let n = 0;
  const parts = lists.map((l) => l.split(','));
  for (const p of parts) n += p.length;
  const out = new Float64Array(n);
  let i = 0;
  for (const p of parts) for (const v of p) out[i++] = Number(v);
  return out;
}

function bucketQuery(filters: HistoryFilters): { sql: string; params: SQLInputValue[] } {
  const where = filterWhere(withoutRange(filters), [{ sql: 'at >= ? AND at < ?', params: [] }]);
  return {
    sql: `SELECT artifact, count(*) AS n, sum(status = 'HIT') AS h, sum(status = 'HIT_TOO_OLD') AS o,
            sum(status = 'MISS') AS m, max(at) AS last,
            group_concat(CASE WHEN origin <> 'import' THEN CAST(round(duration_ms * 10) AS INTEGER) END) AS d
          FROM lookups ${where.sql} GROUP BY artifact`,
    params: where.params,
  };
}

function lastMiss(
  db: StoreDatabase,
  artifact: string,
  filters: HistoryFilters,
  span: { from: number; to: number },
): LastMiss | null {
  if (filters.statuses.length > 0 && !filters.statuses.includes('MISS')) return null;
  const where = filterWhere(
    { ...filters, from: span.from, to: span.to, artifacts: [], statuses: [] },
    [{ sql: "artifact = ? AND +status = 'MISS'", params: [artifact] }],
  );
  const row = db.get(
    `SELECT id, at, key, reason FROM lookups ${where.sql} ORDER BY at DESC, id DESC LIMIT 1`,
    ...where.params,
  );
  return row
    ? {
        id: num(row, 'id'),
        at: num(row, 'at'),
        key: text(row, 'key'),
        reason: textOrNull(row, 'reason'),
      }
    : null;
}

/** The MISS lookups since the artifact was last found, over its whole history. */
export function missStreak(db: StoreDatabase, artifact: string): MissStreak | null {
  const ok = db.get(
    `SELECT at, id FROM lookups WHERE artifact = ? AND +status <> 'MISS'
     ORDER BY at DESC, id DESC LIMIT 1`,
    artifact,
  );
  // Every row after the last one found is a MISS, so the rest reads the (artifact, at) index only;
  // `at >= ?` keeps its range, the OR only breaks ties of equal times.
  const after = ok
    ? {
        sql: 'AND at >= ? AND (at > ? OR id > ?)',
        params: [num(ok, 'at'), num(ok, 'at'), num(ok, 'id')],
      }
    : { sql: '', params: [] };
  const count = db.get(
    `SELECT count(*) AS n FROM lookups WHERE artifact = ? ${after.sql}`,
    artifact,
    ...after.params,
  );
  const misses = count ? num(count, 'n') : 0;
  if (misses === 0) return null;
  const first = db.get(
    `SELECT at, key, reason FROM lookups WHERE artifact = ? ${after.sql} ORDER BY at, id LIMIT 1`,
    artifact,
    ...after.params,
  );
  if (!first) return null;
  return {
    misses,
    since: num(first, 'at'),
    reason: textOrNull(first, 'reason'),
    key: text(first, 'key'),
  };
}

function emptyStats(q: HistoryStatsQuery, settings: HistorySettings): HistoryStats {
  return {
    bucket: q.bucket,
    timeZone: q.timeZone,
    from: null,
    to: null,
    buckets: [],
    totals: { ...zero(), hitRate: null, medianMs: null },
    artifacts: [],
    artifactCount: 0,
    settings,
  };
}

export function computeStats(
  db: StoreDatabase,
  q: HistoryStatsQuery,
  now: number,
  settings: HistorySettings,
): HistoryStats {
  let from = q.from;
  let to = q.to;
  if (from === null || to === null) {
    const bounds = timeBounds(db, q);
    if (from === null) {
      if (!bounds) return emptyStats(q, settings);
      from = bounds.first;
    }
    to ??= Math.max(now, (bounds?.last ?? now) + 1);
  }
  if (to <= from) to = from + 1;
  const spans: BucketSpan[] = bucketSpans(
    { zone: q.timeZone, bucket: q.bucket, weekStartsOn: q.weekStartsOn },
    from,
    to,
  );
  const query = bucketQuery(q);
  const totals = zero();
  const allDurations: string[] = [];
  const tallies = new Map<string, ArtifactTally>();
  const buckets: StatsBucket[] = spans.map((span) => {
    const counts = zero();
    const lists: string[] = [];
    for (const row of db.all(query.sql, ...query.params, span.start, span.end)) {
      const c = {
        lookups: num(row, 'n'),
        hits: num(row, 'h'),
        tooOld: num(row, 'o'),
        misses: num(row, 'm'),
      };
      add(counts, c);
      const name = text(row, 'artifact');
      const tally = tallies.get(name) ?? { ...zero(), lastLookupAt: null };
      add(tally, c);
      tally.lastLookupAt = Math.max(tally.lastLookupAt ?? 0, numOrNull(row, 'last') ?? 0);
      tallies.set(name, tally);
      const d = textOrNull(row, 'd');
      if (d) lists.push(d);
    }
    add(totals, counts);
    allDurations.push(...lists);
    return {
      start: span.start,
      end: span.end,
      ...counts,
      hitRate: hitRate(counts),
      medianMs: medianTenths(durations(lists)),
    };
  });
  const range = { from: spans[0]?.start ?? from, to: spans.at(-1)?.end ?? to };
  const artifacts: ArtifactSummary[] = [...tallies.entries()]
    .sort((a, b) => b[1].lookups - a[1].lookups || a[0].localeCompare(b[0]))
    .slice(0, ARTIFACTS_LIMIT)
    .map(([artifact, t]) => ({
      artifact,
      lookups: t.lookups,
      hits: t.hits,
      tooOld: t.tooOld,
      misses: t.misses,
      hitRate: hitRate(t),
      lastLookupAt: t.lastLookupAt,
      lastMiss: t.misses > 0 ? lastMiss(db, artifact, q, range) : null,
      streak: missStreak(db, artifact),
    }));
  return {
    bucket: q.bucket,
    timeZone: q.timeZone,
    from: range.from,
    to: range.to,
    buckets,
    totals: {
      ...totals,
      hitRate: hitRate(totals),
      medianMs: medianTenths(durations(allDurations)),
    },
    artifacts,
    artifactCount: tallies.size,
    settings,
  };
}
