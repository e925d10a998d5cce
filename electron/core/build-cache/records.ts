/**
 * The daemon's build cache records as Hangar shows them: normalised from `GET /system/df`'s
 * `BuildCache` (either API shape of the parents), with what each frees and the totals.
 */
import type { BuildCacheRecord, BuildCacheTotals } from '../../../shared/build-cache.js';
import type { BuildCacheAnswer } from '../engine/docker-client.js';
import type { BuildKitUsageRecord } from './buildkit-usage.js';

function time(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  // Go's zero time (0001-01-01) means "never".
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

/** One record; a record is reclaimable when it is neither in use nor shared with an image. */
function record(
  r: Omit<BuildCacheRecord, 'reclaimable' | 'attribution' | 'size'> & { size: number | undefined },
): BuildCacheRecord {
  return {
    ...r,
    size: Math.max(0, r.size ?? 0),
    reclaimable: !r.inUse && !r.shared,
    attribution: null,
  };
}

/** `Parents` (API ≥ 1.42) without empty entries, else the one `Parent`. */
function parentsOf(
  parents: readonly string[] | null | undefined,
  parent: string | null | undefined,
): string[] {
  const listed = parents?.filter((p) => p.length > 0);
  return listed && listed.length > 0 ? listed : parent ? [parent] : [];
}

/** A record of `GET /system/df`'s `BuildCache`. */
export function recordFromAnswer(a: BuildCacheAnswer): BuildCacheRecord {
  return record({
    id: a.ID,
    parents: parentsOf(a.Parents, a.Parent),
    type: a.Type ?? 'unknown',
    description: a.Description ?? '',
    inUse: a.InUse === true,
    shared: a.Shared === true,
    size: a.Size,
    createdAt: time(a.CreatedAt),
    lastUsedAt: time(a.LastUsedAt),
    usageCount: a.UsageCount ?? 0,
  });
}

/** A record as BuildKit's own DiskUsage call answers it. */
export function recordFromUsage(u: BuildKitUsageRecord): BuildCacheRecord {
  return record({
    id: u.ID,
    parents: parentsOf(u.Parents, u.Parent),
    type: u.RecordType || 'unknown',
    description: u.Description,
    inUse: u.InUse,
    shared: u.Shared,
    size: u.Size,
    createdAt: u.CreatedAt,
    lastUsedAt: u.LastUsedAt,
    usageCount: u.UsageCount,
  });
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
