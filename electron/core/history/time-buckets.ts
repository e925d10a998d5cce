/**
 * Hour, day and week buckets in a time zone. A bucket begins where the local wall clock reaches a
 * new hour, day or week (weeks start on the chosen weekday); a DST change that skips that moment
 * (a day starting at 01:00) starts the bucket at the change instead. So a local day is 23, 24 or 25
 * hours long, and the hour repeated when clocks go back is two buckets with the same label.
 */
import type { HistoryBucket } from '../../../shared/history.js';
import { HangarError } from '../../../shared/errors.js';
import { offsetSegments } from './time-zone.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

export const BUCKET_MS: Record<HistoryBucket, number> = { hour: HOUR, day: DAY, week: WEEK };

/** At most this many buckets per stats request. */
export const MAX_BUCKETS = 5_000;

export interface BucketSpan {
  start: number;
  end: number;
}

export interface BucketGrid {
  zone: string;
  bucket: HistoryBucket;
  /** 0 Sunday … 6 Saturday: the first day of a week bucket. */
  weekStartsOn: number;
}

const mod = (a: number, n: number) => ((a % n) + n) % n;

/** Local ms of the aligned grid's origin: 1970-01-01 was a Thursday (weekday 4). */
function gridShift(grid: BucketGrid): number {
  return grid.bucket === 'week' ? mod(grid.weekStartsOn - 4, 7) * DAY : 0;
}

/** Every bucket boundary in `[lo, hi)`, ascending. */
export function boundaries(grid: BucketGrid, lo: number, hi: number): number[] {
  const unit = BUCKET_MS[grid.bucket];
  const shift = gridShift(grid);
  const key = (t: number, offset: number) => Math.floor((t + offset - shift) / unit);
  const out: number[] = [];
  let prev: { offset: number } | null = null;
  for (const seg of offsetSegments(grid.zone, lo, hi)) {
    const first = seg.start + mod(shift - seg.start - seg.offset, unit);
    // A change of offset that jumps over an aligned instant starts a bucket by itself.
    if (
      prev &&
      first !== seg.start &&
      key(seg.start, seg.offset) !== key(seg.start - 1, prev.offset)
    ) {
      out.push(seg.start);
    }
    for (let t = first; t < seg.end; t += unit) out.push(t);
    prev = seg;
  }
  return out;
}

/**
 * The contiguous buckets covering `[from, to)`: the first begins at or before `from`, the last ends
 * at or after `to`. Throws when there would be more than `MAX_BUCKETS`.
 */
export function bucketSpans(grid: BucketGrid, from: number, to: number): BucketSpan[] {
  const unit = BUCKET_MS[grid.bucket];
  const estimate = Math.ceil((to - from) / unit) + 1;
  if (estimate > MAX_BUCKETS) {
    throw new HangarError(
      'VALIDATION',
      `That range holds about ${estimate.toLocaleString('en-US')} ${grid.bucket} buckets (at most ${MAX_BUCKETS.toLocaleString('en-US')}): choose a larger bucket or a shorter range.`,
    );
  }
  // Look a bucket (plus a DST change) beyond each end for the boundaries around them.
  const points = boundaries(grid, from - unit - 2 * HOUR, Math.max(to, from + 1) + unit + 2 * HOUR);
  let first = 0;
  while (first + 1 < points.length && (points[first + 1] as number) <= from) first++;
  const spans: BucketSpan[] = [];
  for (let i = first; i + 1 < points.length; i++) {
    const start = points[i] as number;
    if (start >= to && spans.length > 0) break;
    spans.push({ start, end: points[i + 1] as number });
  }
  return spans;
}
