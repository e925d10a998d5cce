/**
 * Which images a prune deletes, computed from the index alone (pure: no daemon call), so that the
 * preview and the deletion agree exactly.
 *
 * It follows the daemon's own prune (moby `daemon/images/image_prune.go`, `image_delete.go`):
 * - `dangling`: untagged images that no other image builds on (digest-only images included);
 *   `unused`: every image except untagged intermediates (those go only with their children).
 * - `until` and labels filter those candidates; an image a container uses (any state) stays.
 * - Deleting an image makes the daemon prune its parent too when that parent has no reference at
 *   all, no container, and no child left: such parents are listed here (`role: 'parent'`) and
 *   deleted explicitly, children first, with `noprune`, so nothing goes that was not previewed.
 * - An image stays when an image that stays builds on it (the daemon refuses to delete it; its
 *   own prune would only strip its tags, which frees nothing: we leave it whole and say why).
 *
 * The set is the greatest one where every member's children are members too, found by removing
 * offenders until none is left.
 */
import {
  matchesAllLabels,
  parseLabelFilter,
  type LabelFilter,
  type PruneOptions,
  type PrunePreviewImage,
  type PruneSkip,
} from '../../../shared/actions.js';
import type { ImageRecord } from '../../../shared/model.js';
import { shortId } from '../../../shared/reference-names.js';

export interface PrunePlan {
  /** Children before parents: the order to delete in. */
  images: PrunePreviewImage[];
  skipped: PruneSkip[];
  reclaimBytes: number;
  /** Deletion rounds: every image of a round has no child in a later one. */
  levels: string[][];
}

export { shortId };

export function hasRefs(r: Pick<ImageRecord, 'repoTags' | 'repoDigests'>): boolean {
  return r.repoTags.length > 0 || r.repoDigests.length > 0;
}

/** Bytes an image adds on top of its parent (its whole size when it has no known parent). */
export function ownBytes(r: ImageRecord, byId: ReadonlyMap<string, ImageRecord>): number {
  const parent = r.parentId === null ? undefined : byId.get(r.parentId);
  return parent ? Math.max(0, r.size - parent.size) : r.size;
}

/** Docker's candidates for a mode: see the module comment. */
function isCandidate(r: ImageRecord, mode: PruneOptions['mode'], hasChildren: boolean): boolean {
  if (mode === 'dangling') return r.repoTags.length === 0 && !hasChildren;
  return hasRefs(r) || !hasChildren;
}

function parseFilters(texts: readonly string[] | undefined): LabelFilter[] {
  return (texts ?? []).flatMap((t) => parseLabelFilter(t) ?? []);
}

export function matchesFilters(
  r: ImageRecord,
  options: PruneOptions,
  untilMs: number | null,
): boolean {
  if (untilMs !== null && r.created * 1000 > untilMs) return false;
  if (!matchesAllLabels(r.labels, parseFilters(options.labels))) return false;
  const not = parseFilters(options.notLabels);
  return not.length === 0 || !matchesAllLabels(r.labels, not);
}

export function usedByReason(r: ImageRecord): string {
  const names = r.containers.map((c) => `${c.name} (${c.state})`);
  return names.length === 1
    ? `used by container ${names[0]}`
    : `used by containers ${names.join(', ')}`;
}

export function planPrune(
  all: readonly ImageRecord[],
  options: PruneOptions,
  untilMs: number | null,
): PrunePlan {
  const byId = new Map(all.map((r) => [r.id, r]));
  const children = new Map<string, string[]>();
  for (const r of all) {
    if (r.parentId !== null) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r.id]);
  }
  const childrenOf = (id: string): string[] => children.get(id) ?? [];

  const skipped: PruneSkip[] = [];
  const matches = new Set<string>();
  const members = new Set<string>();
  for (const r of all) {
    const kids = childrenOf(r.id).length > 0;
    if (isCandidate(r, options.mode, kids) && matchesFilters(r, options, untilMs)) {
      if (r.containers.length > 0) {
        skipped.push(skip(r, usedByReason(r)));
        continue;
      }
      matches.add(r.id);
      members.add(r.id);
    } else if (!hasRefs(r) && kids && r.containers.length === 0) {
      members.add(r.id); // a parent the daemon would prune along with its children
    }
  }

  const stays = new Map<string, string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const id of members) {
      const keeper = childrenOf(id).find((c) => !members.has(c));
      if (keeper === undefined) continue;
      members.delete(id);
      stays.set(id, keeper);
      changed = true;
    }
  }
  for (const [id, keeper] of stays) {
    const r = byId.get(id);
    if (r && matches.has(id)) skipped.push(skip(r, keptChildReason(keeper, stays, byId)));
  }

  const levels = levelsOf(members, childrenOf);
  const images: PrunePreviewImage[] = [];
  let reclaimBytes = 0;
  for (const level of levels) {
    for (const id of level) {
      const r = byId.get(id);
      if (!r) continue;
      const own = ownBytes(r, byId);
      reclaimBytes += own;
      images.push({
        id,
        tags: [...r.repoTags],
        digests: [...r.repoDigests],
        size: r.size,
        ownBytes: own,
        created: r.created,
        role: matches.has(id) ? 'match' : 'parent',
      });
    }
  }
  skipped.sort((a, b) => a.id.localeCompare(b.id));
  return { images, skipped, reclaimBytes, levels };
}

/** Why a descendant stays, followed down to the image that is the real cause. */
function keptChildReason(
  keeper: string,
  stays: ReadonlyMap<string, string>,
  byId: ReadonlyMap<string, ImageRecord>,
): string {
  let cause = keeper;
  for (let hops = 0; stays.has(cause) && hops < 10_000; hops++) cause = stays.get(cause) ?? cause;
  const r = byId.get(cause);
  const name = r?.repoTags[0] ?? shortId(cause);
  const why = r && r.containers.length > 0 ? usedByReason(r) : 'it is not being pruned';
  return `image ${name} builds on it and stays: ${why}`;
}

/** Rounds of deletion: images whose children (in the set) are all in earlier rounds. */
function levelsOf(members: ReadonlySet<string>, childrenOf: (id: string) => string[]): string[][] {
  const depth = new Map<string, number>();
  const visit = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    depth.set(id, 0); // parent links cannot cycle, but never loop if they did
    const d =
      Math.max(
        -1,
        ...childrenOf(id)
          .filter((c) => members.has(c))
          .map(visit),
      ) + 1;
    depth.set(id, d);
    return d;
  };
  const levels: string[][] = [];
  for (const id of [...members].sort()) {
    const d = visit(id);
    (levels[d] ??= []).push(id);
  }
  return levels.filter((l) => l.length > 0);
}

function skip(r: ImageRecord, reason: string): PruneSkip {
  return {
    id: r.id,
    tags: [...r.repoTags],
    reason,
    containers: r.containers.map((c) => c.name),
  };
}
