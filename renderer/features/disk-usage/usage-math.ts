/**
 * Disk usage arithmetic, honest about sharing. An image's `size` counts every layer it has, so
 * summing sizes counts a layer once per image that has it; `/system/df` gives each image's shared
 * bytes (in layers another image also has) and the size of all layers on disk, each counted once.
 * From those:
 *
 * - unique(image) = size − shared: bytes only that image holds, freed when it alone is removed;
 * - shared on disk = layers on disk − Σ unique: the shared layers, each counted once;
 * - reclaimable by removing a set ≥ Σ unique over the set. It is exact when no image of the set
 *   shares a layer (a layer shared only inside the set is freed too, but per-image figures cannot
 *   tell it from one shared with an image that stays), so otherwise it is a lower bound, and said so.
 *
 * Images the figures do not cover yet (added since they were computed) count their whole size as
 * unique, and make every figure estimated.
 */
import type { DiskUsageReport } from '../../../shared/channels/images.js';
import type { ImageRow } from '../../model/images/rows.js';

export interface Reclaimable {
  /** Images that would be removed. */
  images: number;
  /** Bytes freed, at least. */
  bytes: number;
  /** False when it is a lower bound (some of those images share layers). */
  exact: boolean;
}

export interface UsageSummary {
  images: number;
  inUse: number;
  dangling: number;
  /** Not used by any container (dangling ones included). */
  unused: number;
  /** Σ size: what adding up `docker images` gives (shared layers counted once per image). */
  sizeSum: number;
  /** Bytes of all image layers on disk, each counted once; null before the figures arrive. */
  onDisk: number | null;
  /** Σ unique over the images; null before the figures arrive. */
  unique: number | null;
  /** Shared layers on disk, each counted once; null before the figures arrive. */
  shared: number | null;
  /** Pruning dangling images (`docker image prune`): dangling ones no container uses. */
  reclaimDangling: Reclaimable;
  /** Pruning unused images (`docker image prune -a`): every image no container uses. */
  reclaimUnused: Reclaimable;
  /** Images the figures do not cover. */
  uncovered: number;
  /**
   * The figures may not match the images (Docker's are older, or missing): see `reasons`.
   * A reclaimable figure that is a lower bound says so itself (`exact`).
   */
  estimated: boolean;
  reasons: string[];
}

function reclaim(rows: readonly ImageRow[], shared: DiskUsageReport['sharedSize'] | null) {
  const out: Reclaimable = { images: rows.length, bytes: 0, exact: shared !== null };
  for (const row of rows) {
    const s = shared?.[row.id];
    if (s === undefined) {
      out.bytes += row.size;
      out.exact = false;
      continue;
    }
    out.bytes += Math.max(0, row.size - s);
    if (s > 0) out.exact = false;
  }
  return out;
}

/**
 * The disk usage strip's figures for `rows` (the images of the index, intermediate layers left
 * out: their layers are part of their children) and the daemon's report, if one came.
 */
export function summarizeUsage(
  rows: readonly ImageRow[],
  report: DiskUsageReport | null,
  /** The index version the rows are of; figures of another version are estimated. */
  indexVersion: number | null = null,
): UsageSummary {
  const shared = report?.sharedSize ?? null;
  let sizeSum = 0;
  let inUse = 0;
  let uniqueSum = 0;
  let uncovered = 0;
  const dangling: ImageRow[] = [];
  const unused: ImageRow[] = [];
  for (const row of rows) {
    sizeSum += row.size;
    if (row.inUse) inUse++;
    else {
      unused.push(row);
      if (row.dangling) dangling.push(row);
    }
    const s = shared?.[row.id];
    if (s === undefined) {
      uncovered++;
      uniqueSum += row.size;
    } else {
      uniqueSum += Math.max(0, row.size - s);
    }
  }
  const reasons: string[] = [];
  if (report?.estimated && report.estimateReason) reasons.push(report.estimateReason);
  else if (report && indexVersion !== null && report.indexVersion !== indexVersion) {
    reasons.push('Images changed since Docker computed these figures; new ones are on the way.');
  }
  if (report && uncovered > 0) {
    reasons.push(
      `${uncovered} image${uncovered === 1 ? ' is' : 's are'} newer than the figures; counted as unique.`,
    );
  }
  const reclaimDangling = reclaim(dangling, shared);
  const reclaimUnused = reclaim(unused, shared);
  const onDisk = report ? report.layersSize : null;
  return {
    images: rows.length,
    inUse,
    dangling: rows.filter((r) => r.dangling).length,
    unused: unused.length,
    sizeSum,
    onDisk,
    unique: report ? uniqueSum : null,
    shared: onDisk === null ? null : Math.max(0, onDisk - uniqueSum),
    reclaimDangling,
    reclaimUnused,
    uncovered: report ? uncovered : rows.length,
    estimated: report === null || reasons.length > 0,
    reasons,
  };
}

export interface RepositoryUsage {
  repository: string;
  images: number;
  /** Σ unique over its images: bytes no other image holds. */
  unique: number;
  /** Σ shared over its images (a layer two of its images share is counted for each). */
  shared: number;
  /** Σ size over its images. */
  size: number;
}

/**
 * Repositories by summed size, largest first (at most `limit`). An image tagged into two
 * repositories counts for both; untagged ones count under `<none>`.
 */
export function largestRepositories(
  rows: readonly ImageRow[],
  report: DiskUsageReport | null,
  limit = 8,
): RepositoryUsage[] {
  const shared = report?.sharedSize ?? null;
  const byRepo = new Map<string, RepositoryUsage>();
  for (const row of rows) {
    const s = Math.min(row.size, shared?.[row.id] ?? 0);
    const repos = row.repositories.length > 0 ? row.repositories : ['<none>'];
    for (const repository of repos) {
      let u = byRepo.get(repository);
      if (!u)
        byRepo.set(repository, (u = { repository, images: 0, unique: 0, shared: 0, size: 0 }));
      u.images++;
      u.size += row.size;
      u.shared += s;
      u.unique += row.size - s;
    }
  }
  return [...byRepo.values()]
    .sort((a, b) => b.size - a.size || a.repository.localeCompare(b.repository))
    .slice(0, limit);
}
