/**
 * The cache policy as pure selection (Glance's pruner, FTL's TTL): drop entries whose image is
 * gone, expire entries older than their TTL, then evict the least recently hit unpinned entries
 * until the cache is under its size. Two keys may share one image, so sizes count each image once
 * and an image is removed only when no remaining entry, no container and no foreign tag holds it.
 */
import { pastTtl, type EvictAction, type EvictReason } from '../../../shared/artifacts.js';

export interface PolicyEntry {
  key: string;
  artifact: string;
  imageId: string | null;
  /** Bytes of the image. */
  size: number;
  /** Unix ms the image was created, or null. */
  createdAt: number | null;
  storedAt: number;
  lastHitAt: number | null;
  pinned: boolean;
  /** The image exists on the engine. */
  present: boolean;
  /** TTL that applies to this entry (hours), or null for none. */
  ttlHours: number | null;
  /** Containers using the image. */
  inUseBy: string[];
  /** Tags on the image that no entry owns (someone else's names for it). */
  foreignTags: string[];
}

export interface PolicyPlan {
  actions: EvictAction[];
  skipped: Array<{ key: string; artifact: string; reason: string }>;
  sizeBefore: number;
  sizeAfter: number;
  reclaimedBytes: number;
}

export function shortKey(key: string): string {
  return key.slice(0, 12);
}

/** Bytes of the distinct images present among `entries`. */
export function cacheSize(entries: readonly PolicyEntry[]): number {
  const seen = new Map<string, number>();
  for (const e of entries) if (e.present && e.imageId) seen.set(e.imageId, e.size);
  let total = 0;
  for (const s of seen.values()) total += s;
  return total;
}

/** Least recently used first: by last hit (or storage, when never hit), then by storage. */
export function lruOrder(a: PolicyEntry, b: PolicyEntry): number {
  return (a.lastHitAt ?? a.storedAt) - (b.lastHitAt ?? b.storedAt) || a.storedAt - b.storedAt;
}

/**
 * What happens to the images of `evicted` entries when the caller asked to remove images.
 * `remaining` are the entries that stay.
 */
export function decideImages(
  evicted: ReadonlyArray<{ entry: PolicyEntry; reason: EvictReason }>,
  remaining: readonly PolicyEntry[],
  removeImages: boolean,
): { actions: EvictAction[]; reclaimedBytes: number } {
  const kept = new Map<string, string>();
  for (const e of remaining) if (e.imageId) kept.set(e.imageId, e.key);
  const removed = new Set<string>();
  let reclaimedBytes = 0;
  const actions = evicted.map(({ entry: e, reason }): EvictAction => {
    const base = {
      key: e.key,
      artifact: e.artifact,
      imageId: e.imageId,
      size: e.size,
      reason,
      outcome: null,
      error: null,
    };
    if (!e.imageId || !e.present) return { ...base, image: 'none', note: null };
    if (!removeImages) return { ...base, image: 'keep', note: null };
    const sharer = kept.get(e.imageId);
    if (e.inUseBy.length > 0) {
      return { ...base, image: 'keep', note: `used by ${e.inUseBy.join(', ')}` };
    }
    if (sharer) return { ...base, image: 'keep', note: `shared with entry ${shortKey(sharer)}` };
    if (e.foreignTags.length > 0) {
      return { ...base, image: 'keep', note: `also tagged ${e.foreignTags.join(', ')}` };
    }
    if (removed.has(e.imageId)) {
      return { ...base, image: 'none', note: 'removed with another entry' };
    }
    removed.add(e.imageId);
    reclaimedBytes += e.size;
    return { ...base, image: 'remove', note: null };
  });
  return { actions, reclaimedBytes };
}

export interface PolicyInput {
  /** Size limit in bytes, or null for none. */
  maxSizeBytes: number | null;
  removeImages: boolean;
  now: number;
}

export function planPolicy(entries: readonly PolicyEntry[], input: PolicyInput): PolicyPlan {
  const evicted: Array<{ entry: PolicyEntry; reason: EvictReason }> = [];
  const skipped: PolicyPlan['skipped'] = [];
  let remaining = [...entries];
  const drop = (entry: PolicyEntry, reason: EvictReason, why: string) => {
    if (entry.pinned)
      skipped.push({ key: entry.key, artifact: entry.artifact, reason: `pinned (${why})` });
    else {
      evicted.push({ entry, reason });
      remaining = remaining.filter((r) => r !== entry);
    }
  };

  for (const e of entries) if (!e.present) drop(e, 'image-missing', 'image gone');
  for (const e of remaining) {
    if (!e.present || e.ttlHours === null || e.createdAt === null) continue;
    if (pastTtl(input.now - e.createdAt, e.ttlHours)) drop(e, 'expired', 'older than its TTL');
  }

  const sizeBefore = cacheSize(entries);
  if (input.maxSizeBytes !== null) {
    const candidates = remaining.filter((e) => !e.pinned).sort(lruOrder);
    let size = cacheSize(remaining);
    for (const e of candidates) {
      if (size <= input.maxSizeBytes) break;
      evicted.push({ entry: e, reason: 'lru' });
      remaining = remaining.filter((r) => r !== e);
      size = cacheSize(remaining);
    }
    if (size > input.maxSizeBytes) {
      for (const e of remaining.filter((r) => r.pinned)) {
        skipped.push({ key: e.key, artifact: e.artifact, reason: 'pinned (over the size limit)' });
      }
    }
  }

  const { actions, reclaimedBytes } = decideImages(evicted, remaining, input.removeImages);
  return { actions, skipped, sizeBefore, sizeAfter: cacheSize(remaining), reclaimedBytes };
}
