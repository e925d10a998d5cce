/**
 * The build cache prune's plan, pure: which records a prune deletes and which it keeps and why.
 *
 * Only reclaimable records are candidates. BuildKit keeps a record while a child record holds it,
 * so a record goes only with all of its children; a candidate whose child stays is kept and the
 * preview says so. Without `all` (or `types` naming them), `internal` and `frontend` records stay,
 * as with docker's `builder prune` without `--all`. `keepStorage` deletes the least recently used first (among records whose
 * children are already going) until the cache's total is at most that size.
 */
import { parseUntil } from '../../../shared/actions.js';
import type {
  BuildCachePreviewRecord,
  BuildCachePruneOptions,
  BuildCacheRecord,
  BuildCacheSkipped,
} from '../../../shared/build-cache.js';
import { lastUse } from './records.js';

/** What docker's `builder prune` keeps without `--all`, and so does Hangar's. */
const DEFAULT_KEPT_TYPES = new Set(['internal', 'frontend']);

export interface BuildCachePlan {
  records: BuildCachePreviewRecord[];
  skipped: BuildCacheSkipped[];
  reclaimBytes: number;
}

function skip(r: BuildCacheRecord, reason: string): BuildCacheSkipped {
  return { id: r.id, type: r.type, size: r.size, reason };
}

export function planBuildCachePrune(
  all: readonly BuildCacheRecord[],
  options: BuildCachePruneOptions,
  now: number,
): BuildCachePlan {
  const cutoff = options.unusedFor ? parseUntil(options.unusedFor, now) : null;
  const types = options.types && options.types.length > 0 ? new Set(options.types) : null;
  const children = new Map<string, BuildCacheRecord[]>();
  for (const r of all) {
    for (const p of r.parents) {
      const list = children.get(p) ?? [];
      list.push(r);
      children.set(p, list);
    }
  }
  const skipped: BuildCacheSkipped[] = [];
  const chosen = new Map<string, string>(); // id → why it goes
  const candidates: BuildCacheRecord[] = [];
  for (const r of all) {
    if (types && !types.has(r.type)) continue;
    if (!types && !options.all && DEFAULT_KEPT_TYPES.has(r.type)) continue;
    if (cutoff !== null && lastUse(r) >= cutoff) continue;
    if (options.artifact && r.attribution?.artifact !== options.artifact) continue;
    if (r.inUse) skipped.push(skip(r, 'in use by a running build'));
    else if (r.shared) skipped.push(skip(r, 'shared with an image: deleting it frees nothing'));
    else candidates.push(r);
  }
  const why = (r: BuildCacheRecord): string => {
    const parts = ['reclaimable'];
    if (cutoff !== null) parts.push(`unused since ${new Date(lastUse(r)).toISOString()}`);
    if (types) parts.push(`type ${r.type}`);
    if (options.artifact) parts.push(`built for ${options.artifact}`);
    return parts.join(', ');
  };
  const childrenGoing = (r: BuildCacheRecord) =>
    (children.get(r.id) ?? []).every((c) => chosen.has(c.id));

  if (options.keepStorage !== null && options.keepStorage !== undefined) {
    const limit = options.keepStorage;
    let total = all.reduce((sum, r) => sum + r.size, 0);
    const pool = [...candidates].sort(
      (a, b) => lastUse(a) - lastUse(b) || a.id.localeCompare(b.id),
    );
    let progress = true;
    while (total > limit && progress) {
      progress = false;
      for (const r of pool) {
        if (chosen.has(r.id) || !childrenGoing(r)) continue;
        chosen.set(r.id, `${why(r)}, least recently used while the cache is over ${limit} bytes`);
        total -= r.size;
        progress = true;
        break;
      }
    }
    for (const r of pool) {
      if (chosen.has(r.id)) continue;
      skipped.push(
        skip(
          r,
          total <= limit
            ? `kept: the cache is within ${limit} bytes without it`
            : 'kept: a child record that stays holds it',
        ),
      );
    }
  } else {
    for (const r of candidates) chosen.set(r.id, why(r));
    // A record whose child stays cannot go; dropping it may strand its own parents in turn.
    let changed = true;
    while (changed) {
      changed = false;
      for (const r of candidates) {
        if (chosen.has(r.id) && !childrenGoing(r)) {
          chosen.delete(r.id);
          skipped.push(skip(r, 'kept: a child record that stays holds it'));
          changed = true;
        }
      }
    }
  }
  const records: BuildCachePreviewRecord[] = [];
  let reclaimBytes = 0;
  for (const r of all) {
    const reason = chosen.get(r.id);
    if (reason === undefined) continue;
    records.push({
      id: r.id,
      type: r.type,
      description: r.description,
      size: r.size,
      lastUsedAt: r.lastUsedAt,
      reason,
    });
    reclaimBytes += r.size;
  }
  return { records, skipped, reclaimBytes };
}

/** `POST /build/prune`'s one `id` filter: the daemon matches it as an unanchored regex. */
export function idFilter(ids: readonly string[]): string {
  return `^(${ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;
}
