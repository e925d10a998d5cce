/** Cache entries as the UI and `hangar cache ls` show them: each with its image's state now. */
import {
  pastTtl,
  type CacheEntry,
  type CacheEntryDetail,
  type CacheListing,
  type EntryState,
} from '../../../shared/artifacts.js';
import { HangarError } from '../../../shared/errors.js';
import type { EntryRow } from '../store/cache-repo.js';
import type { HangarStore } from '../store/store.js';
import type { ImageSource } from './image-facts.js';

/** An entry with its image's state, judged by the index (`unknown` while it cannot tell). */
export function toCacheEntry(
  images: ImageSource,
  row: EntryRow,
  ttlHours: number | null,
  now: number,
): CacheEntry {
  const live =
    images.engine.status().state === 'reachable' && images.index.status().loadedAt !== null;
  const image = row.imageId ? images.index.index.get(row.imageId) : undefined;
  let state: EntryState = 'unknown';
  if (live) {
    if (!image) state = 'missing';
    else if (pastTtl(now - image.created * 1000, ttlHours)) state = 'stale';
    else state = 'present';
  }
  return {
    key: row.key,
    source: row.source,
    artifact: row.artifact,
    imageId: row.imageId,
    digest: row.digest,
    tags: image ? [...image.repoTags] : [...row.tags],
    size: image?.size ?? row.size,
    created: image ? image.created * 1000 : row.createdAt,
    storedAt: row.storedAt,
    lastHitAt: row.lastHitAt,
    hitCount: row.hitCount,
    pinned: row.pinned,
    engine: row.engine,
    state,
    inUseBy: image ? image.containers.map((c) => c.name) : [],
    ttlHours,
  };
}

export function entryView(
  images: ImageSource,
  store: HangarStore,
  row: EntryRow,
  now: number,
): CacheEntry {
  const ttl = store.artifacts.get(row.artifact)?.ttlHours ?? store.settings.cache().ttlHours;
  return toCacheEntry(images, row, ttl, now);
}

export function listCache(images: ImageSource, store: HangarStore, now: number): CacheListing {
  const settings = store.settings.cache();
  const overrides = store.artifacts.ttlOverrides();
  const entries = store.entries
    .all()
    .map((r) => toCacheEntry(images, r, overrides.get(r.artifact) ?? settings.ttlHours, now));
  const sizes = new Map<string, number>();
  for (const e of entries) {
    if (e.imageId && (e.state === 'present' || e.state === 'stale')) sizes.set(e.imageId, e.size);
  }
  return {
    entries,
    totals: {
      entries: entries.length,
      size: [...sizes.values()].reduce((a, b) => a + b, 0),
      pinned: entries.filter((e) => e.pinned).length,
      missing: entries.filter((e) => e.state === 'missing').length,
    },
    settings,
    storeFile: store.file,
  };
}

export function entryDetail(
  images: ImageSource,
  store: HangarStore,
  row: EntryRow,
  now: number,
): CacheEntryDetail {
  const config = store.artifacts.get(row.artifact);
  return {
    entry: entryView(images, store, row, now),
    config: {
      context: config?.context ?? null,
      dockerfile: config?.dockerfile ?? null,
      target: config?.target ?? null,
      platform: config?.platform ?? null,
      buildArgNames: config?.buildArgNames ?? [],
    },
    inputs: store.entries.inputs(row.key) ?? [],
  };
}

export function requireEntry(store: HangarStore, keyOrPrefix: string): EntryRow {
  const exact = store.entries.get(keyOrPrefix);
  if (exact) return exact;
  const matches = store.entries.byPrefix(keyOrPrefix);
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) {
    throw new HangarError(
      'VALIDATION',
      `The key prefix ${keyOrPrefix} matches ${matches.length} entries; give more of the key.`,
    );
  }
  throw new HangarError('NOT_FOUND', `No cache entry with key ${keyOrPrefix}.`);
}
