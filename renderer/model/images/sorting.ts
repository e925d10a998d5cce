/**
 * Sorting of image rows, outside TanStack Table (which only ever sees the rows in view): one
 * comparator per column id, applied in turn, ties kept in input order. Shared and unique sizes come
 * from the disk usage figures; an image without a figure sorts last in either direction.
 */
import type { ColumnId } from './column-prefs.js';
import { NONE, type ImageRow } from './rows.js';

export interface SortKey {
  id: string;
  desc: boolean;
}

/** Shared bytes by image id, from `images:diskUsage`. */
export type SharedSizes = Readonly<Record<string, number>>;

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Natural order (`v2` before `v10`), case-insensitive, `<none>` and empty after every name. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  if (a === NONE || a === '') return 1;
  if (b === NONE || b === '') return -1;
  return collator.compare(a, b);
}

/** In use counts most, then dangling, then unused tagged, then intermediate. */
export function statusRank(row: ImageRow): number {
  if (row.inUse) return 3;
  if (row.dangling) return 2;
  if (row.intermediate) return 0;
  return 1;
}

/** Shared bytes of an image, or null without a figure. */
export function sharedOf(row: ImageRow, shared: SharedSizes | null): number | null {
  const value = shared?.[row.id];
  return value === undefined ? null : value;
}

/** Bytes only this image uses (its size less what it shares), or null without a figure. */
export function uniqueOf(row: ImageRow, shared: SharedSizes | null): number | null {
  const s = sharedOf(row, shared);
  return s === null ? null : Math.max(0, row.size - s);
}

type Compare = (a: ImageRow, b: ImageRow) => number;
type Extract = (row: ImageRow, shared: SharedSizes | null) => number | null;

/** Comparators that never see a missing value. */
const PLAIN: Record<Exclude<ColumnId, 'sharedSize' | 'uniqueSize'>, Compare> = {
  repository: (a, b) => compareNames(a.repository, b.repository),
  tags: (a, b) => compareNames(a.tag, b.tag),
  imageId: (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  digest: (a, b) => compareNames(a.digests[0] ?? '', b.digests[0] ?? ''),
  created: (a, b) => a.created - b.created,
  size: (a, b) => a.size - b.size,
  containers: (a, b) => a.containers.length - b.containers.length,
  status: (a, b) => statusRank(a) - statusRank(b),
};

/** Columns whose value may be unknown; unknowns go last whatever the direction. */
const MAYBE: Record<'sharedSize' | 'uniqueSize', Extract> = {
  sharedSize: sharedOf,
  uniqueSize: uniqueOf,
};

/** Whether sorting by these keys reads the disk usage figures. */
export function sortNeedsUsage(sorting: readonly SortKey[]): boolean {
  return sorting.some((k) => k.id in MAYBE);
}

/**
 * Rows sorted by the keys in turn (unknown column ids skipped); ties keep the input order.
 * Returns the input itself when there is nothing to sort by.
 */
export function sortRows(
  rows: ImageRow[],
  sorting: readonly SortKey[],
  shared: SharedSizes | null = null,
): ImageRow[] {
  const keys: Compare[] = [];
  for (const key of sorting) {
    const sign = key.desc ? -1 : 1;
    if (Object.hasOwn(PLAIN, key.id)) {
      const compare = PLAIN[key.id as keyof typeof PLAIN];
      keys.push((a, b) => compare(a, b) * sign);
    } else if (Object.hasOwn(MAYBE, key.id)) {
      const extract = MAYBE[key.id as keyof typeof MAYBE];
      keys.push((a, b) => {
        const x = extract(a, shared);
        const y = extract(b, shared);
        if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
        return (x - y) * sign;
      });
    }
  }
  if (keys.length === 0) return rows;
  return [...rows].sort((a, b) => {
    for (const compare of keys) {
      const order = compare(a, b);
      if (order !== 0) return order;
    }
    return 0;
  });
}
