/**
 * Display formatting shared by the views: sizes the way the docker CLI prints them (SI units,
 * three significant digits), ages the way `docker images` says them, ids and counts.
 * Pure functions, no DOM.
 */

const SIZE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'] as const;

/** Bytes in SI units with three significant digits, like docker's `go-units.HumanSize`: `72.8 MB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  let rounded = Number(value.toPrecision(3));
  // 999.96 kB rounds to 1000 kB: carry into the next unit instead.
  if (rounded >= 1000 && unit < SIZE_UNITS.length - 1) {
    rounded = Number((rounded / 1000).toPrecision(3));
    unit++;
  }
  return `${rounded} ${SIZE_UNITS[unit]}`;
}

const countFormat = new Intl.NumberFormat('en-US');

/** `1,234`. */
export function formatCount(n: number): string {
  return countFormat.format(n);
}

/** `1 image`, `1,234 images`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/**
 * A duration in words, like docker's `go-units.HumanDuration`: `Less than a second`, `About a
 * minute`, `5 hours`, `3 days`, `2 weeks`, `4 months`, `2 years`.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

/** `3 days ago` for a Unix-seconds timestamp; clock skew (a future time) reads as `just now`. */
export function formatAge(unixSeconds: number, nowMs: number): string {
  const ms = nowMs - unixSeconds * 1000;
  if (ms < 1000) return 'just now';
  return `${humanDuration(ms)} ago`;
}

/** `2026-11-23T10:04:05.000Z` for a Unix-seconds timestamp. */
export function formatIso(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/** Local wall-clock `HH:MM:SS` for a Unix-ms timestamp. */
export function formatClock(unixMs: number): string {
  const d = new Date(unixMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export { shortId } from '../../shared/reference-names.js';
