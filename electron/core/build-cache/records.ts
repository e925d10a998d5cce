/**
 * The daemon's build cache records as Hangar shows them: normalised from `GET /system/df`'s
 * `BuildCache` (either API shape of the parents), with what each frees and the totals.
 */
import type { BuildCacheRecord, BuildCacheTotals } from '../../../shared/build-cache.js';
import type { BuildCacheAnswer } from '../engine/docker-client.js';

function time(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  // Go's zero time (0001-01-01) means "never".
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

/** One record; a record is reclaimable when it is neither in use nor shared with an image. */
export function recordFromAnswer(a: BuildCacheAnswer): BuildCacheRecord {
  const parents = a.Parents?.filter((p) => p.length > 0) ?? (a.Parent ? [a.Parent] : []);
  const inUse = a.InUse === true;
  const shared = a.Shared === true;
  return {
    id: a.ID,
    parents,
    type: a.Type ?? 'unknown',
    description: a.Description ?? '',
    inUse,
    shared,
    size: Math.max(0, a.Size ?? 0),
    reclaimable: !inUse && !shared,
    createdAt: time(a.CreatedAt),
    lastUsedAt: time(a.LastUsedAt),
    usageCount: a.UsageCount ?? 0,
    attribution: null,
  };
}

export function emptyTotals(): BuildCacheTotals {
  return { count: 0, bytes: 0, reclaimableBytes: 0, inUseBytes: 0, sharedBytes: 0 };
}

function add(t: BuildCacheTotals, r: BuildCacheRecord): void {
  t.count++;
  t.bytes += r.size;
  if (r.reclaimable) t.reclaimableBytes += r.size;
  if (r.inUse) t.inUseBytes += r.size;
  if (r.shared) t.sharedBytes += r.size;
}

/** The totals of all records, and per type. */
export function totalsOf(records: readonly BuildCacheRecord[]): {
  totals: BuildCacheTotals;
  byType: Record<string, BuildCacheTotals>;
} {
  const totals = emptyTotals();
  const byType: Record<string, BuildCacheTotals> = {};
  for (const r of records) {
    add(totals, r);
    add((byType[r.type] ??= emptyTotals()), r);
  }
  return { totals, byType };
}

/** When a record was last used: `LastUsedAt`, else `CreatedAt`, else never (0). */
export function lastUse(r: Pick<BuildCacheRecord, 'lastUsedAt' | 'createdAt'>): number {
  return r.lastUsedAt ?? r.createdAt ?? 0;
}
