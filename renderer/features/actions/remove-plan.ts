/**
 * Removing images (`docker rmi`), planned and reported in words: for each selected image, what
 * will happen with and without force, in the order that lets children go before their parents;
 * then the outcomes grouped. Pure functions over index records, no DOM.
 */
import type { RemoveOutcome } from '../../../shared/actions.js';
import type { ContainerRef, ImageRecord } from '../../../shared/model.js';
import { repositoryOf } from '../../../shared/reference.js';
import { formatCount, shortId } from '../../lib/format.js';

/** What removing one image will do. */
export type RemoveVerdict =
  /** It goes, with its tags. */
  | 'removes'
  /** It goes only with force (stopped containers use it, or tags in several repositories). */
  | 'needs-force'
  /** It stays even with force (a running container uses it, or images build on it). */
  | 'blocked';

export interface RemovePlanItem {
  id: string;
  /** `app:1`, or the short id for an untagged image. */
  name: string;
  tags: string[];
  size: number;
  verdict: RemoveVerdict;
  /** In words, for the verdict and the force setting. */
  note: string;
}

const RUNNING = new Set(['running', 'paused', 'restarting']);

function containerList(containers: readonly ContainerRef[]): string {
  const names = containers.slice(0, 3).map((c) => c.name);
  const more = containers.length - names.length;
  return more > 0 ? `${names.join(', ')} and ${formatCount(more)} more` : names.join(', ');
}

/** The distinct repositories of an image's tags. */
function repositories(image: ImageRecord): string[] {
  return [...new Set(image.repoTags.map((t) => repositoryOf(t) ?? t))];
}

/** What removing `image` does; `children` are the images that build on it. */
export function planRemoveOne(
  image: ImageRecord,
  children: readonly ImageRecord[],
  force: boolean,
): RemovePlanItem {
  const base = {
    id: image.id,
    name: image.repoTags[0] ?? shortId(image.id),
    tags: image.repoTags,
    size: image.size,
  };
  const running = image.containers.filter((c) => RUNNING.has(c.state));
  if (running.length > 0) {
    const s = running.length === 1 ? '' : 's';
    return {
      ...base,
      verdict: 'blocked',
      note: `Stays: container${s} ${containerList(running)} ${running.length === 1 ? 'is' : 'are'} running (stop ${running.length === 1 ? 'it' : 'them'} first; force does not help).`,
    };
  }
  if (children.length > 0) {
    const names = children.map((c) => c.repoTags[0] ?? shortId(c.id));
    return {
      ...base,
      verdict: 'blocked',
      note: `Stays: ${names.slice(0, 3).join(', ')}${names.length > 3 ? ' and others' : ''} ${names.length === 1 ? 'builds' : 'build'} on it (remove ${names.length === 1 ? 'that image' : 'those images'} first).`,
    };
  }
  const stopped = image.containers;
  if (stopped.length > 0) {
    const s = stopped.length === 1 ? '' : 's';
    return force
      ? {
          ...base,
          verdict: 'removes',
          note: `Removed although stopped container${s} ${containerList(stopped)} use${s === '' ? 's' : ''} it: ${stopped.length === 1 ? 'it stays and can still start' : 'they stay and can still start'}, but shows the image as a bare id and cannot be re-created from it.`,
        }
      : {
          ...base,
          verdict: 'needs-force',
          note: `Refused: used by stopped container${s} ${containerList(stopped)}. Remove ${stopped.length === 1 ? 'it' : 'them'} first, or force.`,
        };
  }
  const repos = repositories(image);
  if (repos.length > 1) {
    return force
      ? {
          ...base,
          verdict: 'removes',
          note: `Removed with all its tags: ${image.repoTags.join(', ')}.`,
        }
      : {
          ...base,
          verdict: 'needs-force',
          note: `Refused: tagged in ${formatCount(repos.length)} repositories (${repos.join(', ')}). Force removes every tag, or untag some in the details panel.`,
        };
  }
  if (image.repoTags.length === 0) {
    return { ...base, verdict: 'removes', note: 'Removed (untagged).' };
  }
  return { ...base, verdict: 'removes', note: `Removed with ${image.repoTags.join(', ')}.` };
}

/**
 * Plans removing `ids` (unknown ones left out), ordered so an image comes before the images it
 * builds on: children that are removed too no longer block their parent.
 */
export function planRemove(
  ids: Iterable<string>,
  images: ReadonlyMap<string, ImageRecord>,
  force: boolean,
): RemovePlanItem[] {
  const chosen = new Map<string, ImageRecord>();
  for (const id of ids) {
    const image = images.get(id);
    if (image) chosen.set(id, image);
  }
  const children = new Map<string, ImageRecord[]>();
  for (const image of images.values()) {
    if (image.parentId === null) continue;
    const list = children.get(image.parentId) ?? [];
    list.push(image);
    children.set(image.parentId, list);
  }
  const ordered = orderChildrenFirst([...chosen.values()], chosen);
  const plan: RemovePlanItem[] = [];
  const removable = new Set<string>();
  for (const image of ordered) {
    const staying = (children.get(image.id) ?? []).filter((c) => !removable.has(c.id));
    const item = planRemoveOne(image, staying, force);
    if (item.verdict === 'removes') removable.add(image.id);
    plan.push(item);
  }
  return plan;
}

/** Depth along parent links inside the chosen set: deeper (children) first, then by name. */
function orderChildrenFirst(
  list: ImageRecord[],
  chosen: ReadonlyMap<string, ImageRecord>,
): ImageRecord[] {
  const depth = new Map<string, number>();
  const depthOf = (image: ImageRecord, seen: Set<string>): number => {
    const known = depth.get(image.id);
    if (known !== undefined) return known;
    const parent = image.parentId === null ? undefined : chosen.get(image.parentId);
    const d = parent && !seen.has(parent.id) ? depthOf(parent, seen.add(image.id)) + 1 : 0;
    depth.set(image.id, d);
    return d;
  };
  for (const image of list) depthOf(image, new Set());
  return [...list].sort(
    (a, b) =>
      (depth.get(b.id) ?? 0) - (depth.get(a.id) ?? 0) ||
      (a.repoTags[0] ?? a.id).localeCompare(b.repoTags[0] ?? b.id),
  );
}

export interface RemoveGroups {
  /** Images that went (the deleted ids include pruned untagged parents). */
  removed: Array<{ input: string; id: string; untagged: string[]; deleted: string[] }>;
  /** Refused because containers use them. */
  inUse: Array<{ input: string; id: string | null; message: string }>;
  failed: Array<{ input: string; id: string | null; message: string }>;
}

/** Groups per-image outcomes: removed, refused as in use, failed for another reason. */
export function groupRemoveOutcomes(outcomes: readonly RemoveOutcome[]): RemoveGroups {
  const groups: RemoveGroups = { removed: [], inUse: [], failed: [] };
  for (const o of outcomes) {
    if (o.ok) {
      groups.removed.push({ input: o.input, id: o.id, untagged: o.untagged, deleted: o.deleted });
    } else if (o.error.code === 'CONFLICT_IN_USE') {
      groups.inUse.push({ input: o.input, id: o.id, message: o.error.message });
    } else {
      groups.failed.push({ input: o.input, id: o.id, message: o.error.message });
    }
  }
  return groups;
}

/** `2 removed, 1 refused (in use), 1 failed`. */
export function removeSummary(groups: RemoveGroups): string {
  const parts = [`${formatCount(groups.removed.length)} removed`];
  if (groups.inUse.length > 0) parts.push(`${formatCount(groups.inUse.length)} refused (in use)`);
  if (groups.failed.length > 0) parts.push(`${formatCount(groups.failed.length)} failed`);
  return parts.join(', ');
}
