/**
 * Cache entries as the table shows them: the status in words (present, missing, stale, unknown,
 * with pinned beside it), short key and image id, the cache's own `NAME:<key>` tag apart from the
 * others, and the values the columns sort by. Pure functions, no DOM.
 */
import type { CacheEntry, CacheListing, EntryState } from '../../../shared/artifacts.js';
import { domainOf } from '../../../shared/reference-names.js';
import { formatBytes, formatCount, plural, shortId } from '../../lib/format.js';

export interface EntryRow {
  /** The cache key: the row's id. */
  id: string;
  entry: CacheEntry;
  /** The first 12 characters of the key, as the CLI prints it. */
  keyShort: string;
  /** The image's 12-hex id, or null when the entry has none. */
  imageShort: string | null;
  /** The `NAME:<key>` tag when the image carries it (Hangar's own name for the entry). */
  cacheTag: string | null;
  /** Every other tag on the image, people's names before other entries' cache tags. */
  tags: string[];
  state: EntryState;
  /** Sentence for the status badge's tooltip. */
  stateTitle: string;
  /** Unix ms of the last hit, or of storing when never hit: what least-recently-used means. */
  lastUsed: number;
  /** Tags a push can take (`repo:tag`), the user's own before the cache tag. */
  pushRefs: string[];
}

export const STATE_LABELS: Record<EntryState, string> = {
  present: 'present',
  missing: 'missing',
  stale: 'stale',
  unknown: 'unknown',
};

/** Order of the Status column, most urgent first when sorted descending. */
const STATE_RANK: Record<EntryState, number> = { unknown: 0, present: 1, stale: 2, missing: 3 };

export function stateTitle(entry: CacheEntry): string {
  switch (entry.state) {
    case 'present':
      return 'The image is on the engine: a build with the same inputs is a HIT.';
    case 'missing':
      return 'The image is gone from the engine: the next build of these inputs is a MISS.';
    case 'stale':
      return `The image is older than its TTL (${entry.ttlHours ?? '?'} h): the next build rebuilds it.`;
    case 'unknown':
      return 'The engine cannot be reached, so whether the image is still there is unknown.';
  }
}

/** A tag whose tag part is a 64-hex cache key: Hangar's `NAME:<key>` name for some entry. */
export function isCacheKeyTag(tag: string): boolean {
  return /:[0-9a-f]{64}$/.test(tag);
}

/** A tag as the Tags column shows it: only the tag part when it is in the artifact's repository. */
export function tagLabel(tag: string, artifact: string): string {
  return tag.startsWith(`${artifact}:`) ? tag.slice(artifact.length + 1) : tag;
}

/**
 * An artifact name split into the registry host (shown faint, and cut first when space is short)
 * and the repository path: `localhost:5000/team/api` → [`localhost:5000/`, `team/api`].
 */
export function splitRegistry(name: string): [host: string, path: string] {
  const host = domainOf(name);
  return host === null ? ['', name] : [`${host}/`, name.slice(host.length + 1)];
}

export function toEntryRow(entry: CacheEntry): EntryRow {
  const cacheTagName = `${entry.artifact}:${entry.key}`;
  const cacheTag = entry.tags.includes(cacheTagName) ? cacheTagName : null;
  const others = entry.tags.filter((t) => t !== cacheTagName);
  // People's names for the image first; other entries' cache tags after them.
  const tags = [
    ...others.filter((t) => !isCacheKeyTag(t)),
    ...others.filter((t) => isCacheKeyTag(t)),
  ];
  return {
    id: entry.key,
    entry,
    keyShort: entry.key.slice(0, 12),
    imageShort: entry.imageId ? shortId(entry.imageId) : null,
    cacheTag,
    tags,
    state: entry.state,
    stateTitle: stateTitle(entry),
    lastUsed: entry.lastHitAt ?? entry.storedAt,
    pushRefs: entry.state === 'missing' ? [] : [...tags, ...(cacheTag ? [cacheTag] : [])],
  };
}

export function toEntryRows(listing: CacheListing | null): EntryRow[] {
  return listing ? listing.entries.map(toEntryRow) : [];
}

/** The value a column sorts by (ids as the columns name them). */
export function sortValue(row: EntryRow, column: string): string | number {
  const e = row.entry;
  switch (column) {
    case 'artifact':
      return e.artifact;
    case 'key':
      return e.key;
    case 'image':
      return row.imageShort ?? '';
    case 'tags':
      return row.tags[0] ?? row.cacheTag ?? '';
    case 'size':
      return e.state === 'missing' ? -1 : e.size;
    case 'created':
      return e.created ?? 0;
    case 'lastHit':
      return e.lastHitAt ?? 0;
    case 'lastUsed':
      return row.lastUsed;
    case 'hits':
      return e.hitCount;
    case 'status':
      return STATE_RANK[e.state] * 2 + (e.pinned ? 1 : 0);
    case 'source':
      return e.source;
    default:
      return 0;
  }
}

/** `3 entries · 12.4 MB of 10 GB · 1 pinned · 1 missing`. */
export function totalsLine(listing: CacheListing): string {
  const { totals, settings } = listing;
  const parts = [plural(totals.entries, 'entry', 'entries')];
  parts.push(
    settings.maxSizeBytes === null
      ? `${formatBytes(totals.size)} (no size limit)`
      : `${formatBytes(totals.size)} of ${formatBytes(settings.maxSizeBytes)} limit`,
  );
  if (totals.pinned > 0) parts.push(`${formatCount(totals.pinned)} pinned`);
  if (totals.missing > 0) parts.push(`${formatCount(totals.missing)} missing`);
  parts.push(settings.ttlHours === null ? 'no TTL' : `TTL ${formatHours(settings.ttlHours)}`);
  return parts.join(' · ');
}

/** `36 h`, `1.5 h`, `7 days` (whole days from 48 h on). */
export function formatHours(hours: number): string {
  if (hours >= 48 && hours % 24 === 0) return plural(hours / 24, 'day');
  return `${Number(hours.toFixed(2))} h`;
}

/** How full the cache is against its limit, 0–1 (more than 1 when over), or null without one. */
export function fillRatio(listing: CacheListing): number | null {
  const max = listing.settings.maxSizeBytes;
  if (max === null) return null;
  if (max === 0) return listing.totals.size > 0 ? Infinity : 0;
  return listing.totals.size / max;
}
