/**
 * Registry cache tags as the page shows them: short key and digest, the age now and whether it is
 * fresh against the TTL being judged with (the same rule as the core's, so changing the TTL on the
 * page needs no new listing), this machine's pin in words, the tags a delete takes along, the
 * filter over loaded rows, and a level's errors in words. Pure functions, no DOM.
 */
import type {
  CacheFreshness,
  MovedPolicy,
  RegistryCacheEntry,
} from '../../../shared/registry-cache.js';
import type { ErrorCode } from '../../../shared/errors.js';
import { isLoopbackRegistry } from '../../../shared/loopback.js';
import { keyMatches, matchWords } from '../../../shared/registry-cache.js';
import { formatCount, humanDuration, plural } from '../../lib/format.js';
import { errorCodeOf, errorWords } from '../errors.js';

/** The levels the page lists: the two configured ones and a location browsed without saving. */
export type CacheLevelId = 'global' | 'project' | 'browse';

export const LEVEL_IDS: readonly CacheLevelId[] = ['global', 'project', 'browse'];

export const LEVEL_WORDS: Record<CacheLevelId, string> = {
  global: 'Global',
  project: 'Project',
  browse: 'Browsing',
};

export const LEVEL_HINTS: Record<CacheLevelId, string> = {
  global: 'The shared level: lookups ask it first, after a local miss.',
  project: 'Your project’s level: lookups ask it after the global one; builds push here.',
  browse: 'A location looked at without saving it as a level.',
};

export interface CacheRow {
  /** The key (the tag): the row's id. */
  id: string;
  entry: RegistryCacheEntry;
  keyShort: string;
  /** 12 hex of the digest, or null when the tag could not be read. */
  digestShort: string | null;
  /** Unix ms of the image config's `created`, or null. */
  createdMs: number | null;
  /** How old the image is now, or null without `created`. */
  ageMs: number | null;
  freshness: CacheFreshness;
  /** The age badge's text and tooltip. */
  freshnessLabel: string;
  freshnessTitle: string;
}

const HOUR_MS = 3_600_000;

/** A key as the table shows it: 12 characters (the CLI's short form), whole when short. */
export function shortKey(key: string): string {
  return key.length <= 16 ? key : `${key.slice(0, 12)}…`;
}

/** `sha256:0123…` → `0123456789ab`; empty for no digest. */
export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

/** The same rule as the core's: fresh while the age is at most the TTL; unknown without either. */
export function judgeFreshness(ageMs: number | null, ttlHours: number | null): CacheFreshness {
  if (ageMs === null || ttlHours === null) return 'unknown';
  return ageMs <= ttlHours * HOUR_MS ? 'fresh' : 'too-old';
}

/** How old the entry's image is at `now` (from `created`; the listing's age when unparsable). */
export function ageAt(entry: RegistryCacheEntry, now: number): number | null {
  if (entry.created === null) return entry.ageMs;
  const t = Date.parse(entry.created);
  return Number.isNaN(t) ? entry.ageMs : Math.max(0, now - t);
}

/** `24 h`, `1.5 h`, `7 days`: a TTL in words. */
export function formatTtl(hours: number): string {
  if (hours >= 48 && hours % 24 === 0) return plural(hours / 24, 'day');
  return `${Number(hours.toFixed(2))} h`;
}

/** The TTL field's text in hours: `24`, `1.5`, or empty for none; not ok when it is no TTL. */
export function parseTtl(text: string): { ok: true; hours: number | null } | { ok: false } {
  const t = text.trim();
  if (t === '') return { ok: true, hours: null };
  const n = Number(t);
  if (!Number.isFinite(n) || n <= 0 || n > 24 * 365 * 10) return { ok: false };
  return { ok: true, hours: n };
}

/** The age badge: fresh, too old, or why it is not judged (no TTL, no creation time). */
export function freshnessLabel(
  freshness: CacheFreshness,
  ageMs: number | null,
  ttlHours: number | null,
): string {
  if (freshness === 'fresh') return 'fresh';
  if (freshness === 'too-old') return 'too old';
  return ageMs === null ? 'no date' : ttlHours === null ? 'no TTL' : 'not judged';
}

export function freshnessTitle(
  freshness: CacheFreshness,
  ageMs: number | null,
  ttlHours: number | null,
): string {
  if (ageMs === null) return 'The image has no creation time, so its age cannot be judged.';
  const age = humanDuration(ageMs);
  if (ttlHours === null) {
    return `${age} old. No TTL is set: set one on this page (or the artifact cache’s) to judge it.`;
  }
  const ttl = formatTtl(ttlHours);
  return freshness === 'fresh'
    ? `${age} old, within the TTL of ${ttl}: a lookup uses it (HIT).`
    : `${age} old, past the TTL of ${ttl}: a lookup rebuilds instead (HIT_TOO_OLD).`;
}

export function toCacheRow(
  entry: RegistryCacheEntry,
  ttlHours: number | null,
  now: number,
): CacheRow {
  const created = entry.created === null ? NaN : Date.parse(entry.created);
  const age = ageAt(entry, now);
  const freshness = entry.error ? 'unknown' : judgeFreshness(age, ttlHours);
  return {
    id: entry.key,
    entry,
    keyShort: shortKey(entry.key),
    digestShort: entry.digest ? shortDigest(entry.digest) : null,
    createdMs: Number.isNaN(created) ? null : created,
    ageMs: age,
    freshness,
    freshnessLabel: freshnessLabel(freshness, age, ttlHours),
    freshnessTitle: entry.error
      ? 'This tag could not be read.'
      : freshnessTitle(freshness, age, ttlHours),
  };
}

export function toCacheRows(
  entries: readonly RegistryCacheEntry[],
  ttlHours: number | null,
  now: number,
): CacheRow[] {
  return entries.map((e) => toCacheRow(e, ttlHours, now));
}

/**
 * Rows whose key or artifact holds every word of `query` (any case): the core's search rule, so
 * what is typed narrows the loaded rows at once, before the core answers for every tag.
 */
export function filterRows(rows: readonly CacheRow[], query: string): readonly CacheRow[] {
  const words = matchWords(query);
  if (words.length === 0) return rows;
  return rows.filter((r) => keyMatches(words, r.entry.key, r.entry.artifact));
}

/** `100 of 1,234 tags loaded`, `All 56 tags`, `1 tag`, `No tags`. */
export function loadedLine(loaded: number, total: number): string {
  if (total === 0) return 'No tags';
  if (total <= loaded) return total === 1 ? '1 tag' : `All ${plural(total, 'tag')}`;
  return `${formatCount(loaded)} of ${plural(total, 'tag')} loaded`;
}

/** A search's count: `12 of 5,000 tags match`, `100 of 240 matches loaded`, `No tag matches`. */
export function matchLine(loaded: number, matching: number, total: number): string {
  if (matching === 0) return `No tag of ${formatCount(total)} matches`;
  if (matching <= loaded) {
    return `${formatCount(matching)} of ${plural(total, 'tag')} ${matching === 1 ? 'matches' : 'match'}`;
  }
  return `${formatCount(loaded)} of ${formatCount(matching)} matches loaded`;
}

/** The other loaded tags pointing at the same digest: a delete takes them along. */
export function siblingKeys(
  entries: readonly RegistryCacheEntry[],
  entry: RegistryCacheEntry,
): string[] {
  if (!entry.digest) return [];
  return entries.filter((e) => e.digest === entry.digest && e.key !== entry.key).map((e) => e.key);
}

export interface PinWords {
  tone: 'pinned' | 'moved';
  label: string;
  title: string;
}

/** This machine's pin of the tag in words, or null when no build here used it. */
export function pinWords(entry: RegistryCacheEntry, onMoved: MovedPolicy | null): PinWords | null {
  if (entry.pin === null) return null;
  const who = entry.artifact ? `Your last build of ${entry.artifact}` : 'Your last build';
  if (entry.pin === 'pinned') {
    return {
      tone: 'pinned',
      label: 'pinned',
      title: `${who} used this digest (${entry.digest}): lookups keep getting the same image.`,
    };
  }
  const policy =
    onMoved === 'newest'
      ? 'Lookups take the new digest (setting: use the newest).'
      : onMoved === 'pinned'
        ? 'Lookups keep using your digest while the registry has it (setting: pinned).'
        : '';
  return {
    tone: 'moved',
    label: 'moved since your last build',
    title: [
      `Someone wrote this tag since ${who.charAt(0).toLowerCase()}${who.slice(1)}.`,
      `Yours: ${entry.pinnedDigest ?? 'unknown'}`,
      `Now: ${entry.digest}`,
      policy,
    ]
      .filter(Boolean)
      .join('\n'),
  };
}

export interface LevelError {
  code: ErrorCode | null;
  text: string;
}

/**
 * The registry host of a cache location `REGISTRY/REPO…` (or of a reference into one): its first
 * component, whatever it looks like. A cache location always starts with its registry; an image
 * name may not (`registryOf` in shared/reference-names.ts reads those).
 */
export function locationRegistry(location: string): string {
  const slash = location.indexOf('/');
  return slash > 0 ? location.slice(0, slash) : location;
}

/**
 * What to say when a level cannot be listed: the core's sentence, and what to do about it — log
 * in for refused credentials, check the address (or mark the registry insecure) when unreachable.
 */
export function levelErrorText(
  code: ErrorCode | null,
  message: string,
  location: string,
  insecure: readonly string[],
): string {
  const registry = locationRegistry(location);
  const text = withStop(stripRequestPrefix(message.trim()) || 'The registry could not be read.');
  if (code === 'AUTH_FAILED') {
    if (/docker login/.test(text)) return text;
    return `${text} Run docker login ${registry} (Hangar uses the docker CLI’s credentials), then Refresh.`;
  }
  if (code === 'REGISTRY_ERROR' && /^Cannot reach/.test(text)) {
    const plain =
      !isLoopbackRegistry(registry) && !insecure.includes(registry)
        ? ` If it serves plain HTTP, add ${registry} to the insecure registries in the settings.`
        : '';
    return `${text} Check the address and that the registry is running, then Refresh.${plain}`;
  }
  return text;
}

/**
 * What to say when a row's action (pull, delete, inspect) fails: the core's sentence, with how to
 * log in when the registry refused the credentials and the sentence does not say it already.
 */
export function actionErrorText(err: unknown, registry: string): string {
  if (
    errorCodeOf(err) === 'AUTH_FAILED' &&
    err instanceof Error &&
    /docker login/.test(err.message)
  ) {
    return err.message;
  }
  return stripRequestPrefix(errorWords(err, registry));
}

/** `Invalid request registryCache:list: argument 0.location: A cache…` → `A cache…`. */
export function stripRequestPrefix(message: string): string {
  return message.replace(/^Invalid request [\w:]+: (argument [\w.]+: )?/, '');
}

export type SettingsField = 'project' | 'global' | 'insecureRegistries';

/**
 * Which form field a `registryCache:setSettings` validation error is about (`argument 0.project:
 * …`), and its sentence without the request's prefix; null field for the form as a whole.
 */
export function validationField(message: string): { field: SettingsField | null; text: string } {
  const m = /^Invalid request [\w:]+: argument 0\.(\w+)[\w.]*: /.exec(message);
  const name = m?.[1];
  const field =
    name === 'project' || name === 'global' || name === 'insecureRegistries' ? name : null;
  return { field, text: stripRequestPrefix(message) };
}

function withStop(sentence: string): string {
  return sentence === '' || /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** `2026-11-23 10:04`, local time, for a Unix-ms timestamp. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
