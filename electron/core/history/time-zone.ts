/**
 * A time zone's offsets over a span of time, from the platform's Intl data (IANA zones and fixed
 * offsets such as `+05:30`). Stats are stored in UTC and bucketed here into the user's local hours,
 * days and weeks, DST changes included.
 */
import { HangarError } from '../../../shared/errors.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A stretch of time with one UTC offset: `[start, end)`, local = utc + offset. */
export interface OffsetSegment {
  start: number;
  end: number;
  offset: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new HangarError(
        'VALIDATION',
        `Unknown time zone ${zone}: use an IANA name such as Europe/Paris, or an offset such as +05:30.`,
      );
    }
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's UTC offset at `utc`, ms (east positive: Paris in winter is +3,600,000). */
export function offsetAt(zone: string, utc: number): number {
  const seconds = Math.floor(utc / 1000) * 1000;
  const f: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(seconds)) {
    if (part.type !== 'literal') f[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    f.year ?? 1970,
    (f.month ?? 1) - 1,
    f.day ?? 1,
    f.hour ?? 0,
    f.minute ?? 0,
    f.second ?? 0,
  );
  return Math.round((wall - seconds) / MINUTE) * MINUTE;
}

/** The exact instant (to the second) in `(lo, hi]` where the offset stops being `before`. */
function findChange(zone: string, lo: number, hi: number, before: number): number {
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (offsetAt(zone, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The offsets in force over `[from, to)`, as contiguous segments. Zones change offset at most a
 * few times a year, so sampling once a day and bisecting between samples finds every change.
 */
export function offsetSegments(zone: string, from: number, to: number): OffsetSegment[] {
  const segments: OffsetSegment[] = [];
  let start = from;
  let offset = offsetAt(zone, from);
  let t = from;
  while (t < to) {
    const next = Math.min(t + DAY, to);
    const o = offsetAt(zone, next);
    if (o !== offset && next > t) {
      const change = findChange(zone, t, next, offset);
      segments.push({ start, end: change, offset });
      start = change;
      offset = offsetAt(zone, change);
      t = change;
      continue;
    }
    t = next;
  }
  segments.push({ start, end: Math.max(to, start), offset });
  return segments.filter((s) => s.end > s.start || segments.length === 1);
}
