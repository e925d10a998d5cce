/**
 * "Group by repository": the sorted, filtered rows as a tree of repository → images. An image with
 * tags in two repositories is listed under both (with that repository's tags); an untagged image
 * goes under its digest's repository, else under `<none>`. Groups are ordered by the first sort key
 * (size: their summed size; created: their newest image; otherwise their name), children keep the
 * rows' order. Only expanded groups contribute child rows.
 */
import { NONE, type ImageRow, type TagRef } from './rows.js';
import { compareNames, type SortKey } from './sorting.js';

export interface GroupRow {
  kind: 'group';
  /** `group:` + repository. */
  key: string;
  repository: string;
  /** The group's images, in row order. */
  images: ImageRow[];
  /** Tags in this repository, over its images. */
  tagCount: number;
  /** Summed size of its images (each once; layers they share counted per image). */
  size: number;
  /** Newest `created` among its images. */
  created: number;
  containers: number;
  expanded: boolean;
}

export interface ChildRow {
  kind: 'child';
  /** Repository + image id: an image may sit under two groups. */
  key: string;
  repository: string;
  row: ImageRow;
  /** Its tags in this repository. */
  tags: TagRef[];
}

export type DisplayRow = ImageRow | GroupRow | ChildRow;

export function keyOf(d: DisplayRow): string {
  return d.kind === 'image' ? d.id : d.key;
}

/** The image a display row stands for, or null for a group. */
export function imageOf(d: DisplayRow): ImageRow | null {
  if (d.kind === 'image') return d;
  if (d.kind === 'child') return d.row;
  return null;
}

export const groupKey = (repository: string): string => `group:${repository}`;

interface Bucket {
  images: ImageRow[];
  tags: Map<string, TagRef[]>;
}

function groupsOf(row: ImageRow): string[] {
  return row.repositories.length > 0 ? row.repositories : [NONE];
}

/** Groups of the rows (in the order groups are first met), before sorting and expanding. */
function bucket(rows: readonly ImageRow[]): Map<string, Bucket> {
  const buckets = new Map<string, Bucket>();
  for (const row of rows) {
    for (const repository of groupsOf(row)) {
      let b = buckets.get(repository);
      if (!b) buckets.set(repository, (b = { images: [], tags: new Map() }));
      b.images.push(row);
      b.tags.set(
        row.id,
        row.tags.filter((t) => t.repository === repository),
      );
    }
  }
  return buckets;
}

function compareGroups(sort: SortKey | undefined): (a: GroupRow, b: GroupRow) => number {
  const byName = (a: GroupRow, b: GroupRow) => compareNames(a.repository, b.repository);
  if (!sort) return byName;
  const sign = sort.desc ? -1 : 1;
  switch (sort.id) {
    case 'size':
    case 'uniqueSize':
    case 'sharedSize':
      return (a, b) => (a.size - b.size) * sign || byName(a, b);
    case 'created':
      return (a, b) => (a.created - b.created) * sign || byName(a, b);
    case 'containers':
    case 'status':
      return (a, b) => (a.containers - b.containers) * sign || byName(a, b);
    case 'repository':
      return (a, b) => byName(a, b) * (a.repository === NONE || b.repository === NONE ? 1 : sign);
    default:
      return byName;
  }
}

/** Every group of the rows, sorted, without children. */
export function groupRows(
  rows: readonly ImageRow[],
  sorting: readonly SortKey[],
  expanded: ReadonlySet<string>,
): { groups: GroupRow[]; tags: Map<string, Map<string, TagRef[]>> } {
  const groups: GroupRow[] = [];
  const tags = new Map<string, Map<string, TagRef[]>>();
  for (const [repository, b] of bucket(rows)) {
    let size = 0;
    let created = 0;
    let containers = 0;
    let tagCount = 0;
    for (const image of b.images) {
      size += image.size;
      created = Math.max(created, image.created);
      containers += image.containers.length;
      tagCount += b.tags.get(image.id)?.length ?? 0;
    }
    groups.push({
      kind: 'group',
      key: groupKey(repository),
      repository,
      images: b.images,
      tagCount,
      size,
      created,
      containers,
      expanded: expanded.has(repository),
    });
    tags.set(repository, b.tags);
  }
  groups.sort(compareGroups(sorting[0]));
  return { groups, tags };
}

/** The tree flattened for the table: each group, then its images when it is expanded. */
export function displayRows(
  rows: readonly ImageRow[],
  sorting: readonly SortKey[],
  expanded: ReadonlySet<string>,
): DisplayRow[] {
  const { groups, tags } = groupRows(rows, sorting, expanded);
  const out: DisplayRow[] = [];
  for (const group of groups) {
    out.push(group);
    if (!group.expanded) continue;
    const groupTags = tags.get(group.repository);
    for (const row of group.images) {
      out.push({
        kind: 'child',
        key: `${group.repository}\u0000${row.id}`,
        repository: group.repository,
        row,
        tags: groupTags?.get(row.id) ?? [],
      });
    }
  }
  return out;
}
