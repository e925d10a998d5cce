/**
 * How long the build cache's totals are kept and how older ones are thinned, pure: every point of
 * the last two days, the newest point of each hour up to 14 days, the newest of each day up to 90
 * days, nothing older.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Totals (and the prune log) older than this go. */
export const TOTALS_KEEP_MS = 90 * DAY;
const ALL_WITHIN_MS = 2 * DAY;
const HOURLY_WITHIN_MS = 14 * DAY;

/** The times (of `ats`, one engine's points) to delete at `now`. */
export function thinTotals(ats: readonly number[], now: number): number[] {
  const drop: number[] = [];
  const kept = new Map<string, number>(); // bucket → the newest time in it
  for (const at of [...ats].sort((a, b) => b - a)) {
    const age = now - at;
    if (age <= ALL_WITHIN_MS) continue;
    if (age > TOTALS_KEEP_MS) {
      drop.push(at);
      continue;
    }
    const bucket =
      age <= HOURLY_WITHIN_MS ? `h${Math.floor(at / HOUR)}` : `d${Math.floor(at / DAY)}`;
    if (kept.has(bucket)) drop.push(at);
    else kept.set(bucket, at);
  }
  return drop;
}
