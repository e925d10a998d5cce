/** How the History page writes times, durations and rates, in the user's own time zone. */
import type { CacheStatus } from '../../../shared/artifacts.js';
import type { HistoryBucket } from '../../../shared/history.js';

export const STATUS_LABEL: Record<CacheStatus, string> = {
  HIT: 'Hit',
  HIT_TOO_OLD: 'Too old',
  MISS: 'Miss',
};

/** A status's badge colour. */
export const STATUS_TONE: Record<CacheStatus, string> = {
  HIT: 'badge-ok',
  HIT_TOO_OLD: 'badge-warn',
  MISS: 'badge-bad',
};

/** The class suffix of a status (`status-hit`, `status-too-old`, `status-miss`). */
export const STATUS_CLASS: Record<CacheStatus, string> = {
  HIT: 'hit',
  HIT_TOO_OLD: 'too-old',
  MISS: 'miss',
};

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const shortDateTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const hourLabel = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const weekdayLabel = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
});

/** `Jan 5, 2026, 14:05:09`. */
export function fullTime(ms: number): string {
  return dateTime.format(ms);
}

/** `Jan 5, 14:05:09` this year, the full form otherwise. */
export function logTime(ms: number, now: number): string {
  return new Date(ms).getFullYear() === new Date(now).getFullYear()
    ? shortDateTime.format(ms)
    : dateTime.format(ms);
}

/** An axis label for a bucket start: `14:00` (or the date at midnight) for hours, `Jan 5` else. */
export function axisLabel(ms: number, bucket: HistoryBucket): string {
  if (bucket !== 'hour') return dayLabel.format(ms);
  const d = new Date(ms);
  return d.getHours() === 0 && d.getMinutes() === 0 ? dayLabel.format(ms) : hourLabel.format(ms);
}

/** The tooltip title of a bucket: `Mon, Jan 5, 14:00–15:00`, `Mon, Jan 5`, `Week of Jan 5`. */
export function bucketTitle(start: number, end: number, bucket: HistoryBucket): string {
  if (bucket === 'hour') {
    return `${weekdayLabel.format(start)}, ${hourLabel.format(start)}–${hourLabel.format(end)}`;
  }
  if (bucket === 'day') return weekdayLabel.format(start);
  return `Week of ${dayLabel.format(start)}`;
}

export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

/** `8.4 ms`, `132 ms`, `12.1 s`. */
export function duration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  return `${Math.round(ms * 10) / 10} ms`;
}

/** The first 12 hex digits of a cache key (what `docker images` shows of an id). */
export function shortKey(key: string): string {
  return key.replace(/^sha256:/, '').slice(0, 12);
}
