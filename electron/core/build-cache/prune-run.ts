/**
 * Deleting exactly a preview's records: each is re-checked against a fresh listing (gone, in use
 * or shared since the preview is skipped, and so is a parent whose child now stays), the rest go
 * a batch at a time, children before parents (`pruneBatches`), and the report compares what the
 * daemon deleted with what was meant to go.
 */
import type {
  BuildCachePrunePreview,
  BuildCachePruneReport,
  BuildCacheRecord,
} from '../../../shared/build-cache.js';
import type { BuildPruneAnswer } from '../engine/docker-client.js';
import { pruneBatches } from './prune-plan.js';

/** The preview's records still to go, and the ones skipped with why. */
export function recheckPreview(
  preview: readonly Pick<BuildCacheRecord, 'id'>[],
  fresh: readonly BuildCacheRecord[],
): { going: Set<string>; skipped: BuildCachePruneReport['skipped'] } {
  const now = new Map(fresh.map((r) => [r.id, r]));
  const skipped: BuildCachePruneReport['skipped'] = [];
  const going = new Set<string>();
  for (const p of preview) {
    const r = now.get(p.id);
    if (!r) skipped.push({ id: p.id, reason: 'already gone' });
    else if (r.inUse) skipped.push({ id: p.id, reason: 'in use by a build since the preview' });
    else if (r.shared) skipped.push({ id: p.id, reason: 'shared with an image since the preview' });
    else going.add(p.id);
  }
  // A record whose child is no longer going (it is kept now) stays with it.
  let changed = true;
  while (changed) {
    changed = false;
    for (const r of fresh) {
      if (going.has(r.id)) continue;
      for (const parent of r.parents) {
        if (going.delete(parent)) {
          skipped.push({ id: parent, reason: `its child ${r.id} stays` });
          changed = true;
        }
      }
    }
  }
  return { going, skipped };
}

/**
 * Re-checks the preview against `fresh`, deletes what is still to go through `prune` (one request
 * per batch of ids) and reports; `deleted` is every id the daemon said it deleted.
 */
export async function pruneExactly(
  preview: Pick<BuildCachePrunePreview, 'reclaimBytes'> & {
    records: readonly Pick<BuildCacheRecord, 'id'>[];
  },
  fresh: readonly BuildCacheRecord[],
  prune: (batch: string[]) => Promise<BuildPruneAnswer>,
): Promise<{ report: BuildCachePruneReport; deleted: Set<string> }> {
  const { going, skipped } = recheckPreview(preview.records, fresh);
  const report: BuildCachePruneReport = {
    deleted: [],
    skipped,
    failed: [],
    reclaimedBytes: 0,
    previewBytes: preview.reclaimBytes,
  };
  const deleted = new Set<string>();
  for (const batch of pruneBatches([...going], fresh)) {
    try {
      const answer = await prune(batch);
      for (const id of answer.CachesDeleted ?? []) deleted.add(id);
      report.reclaimedBytes += answer.SpaceReclaimed ?? 0;
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      for (const id of batch) report.failed.push({ id, error });
    }
  }
  const failed = new Set(report.failed.map((f) => f.id));
  for (const id of going) {
    if (deleted.has(id)) report.deleted.push(id);
    else if (!failed.has(id)) {
      skipped.push({ id, reason: 'the daemon kept it (in use when it pruned)' });
    }
  }
  for (const id of deleted) {
    if (!going.has(id)) {
      report.failed.push({ id, error: 'the daemon deleted it though the preview kept it' });
    }
  }
  return { report, deleted };
}
