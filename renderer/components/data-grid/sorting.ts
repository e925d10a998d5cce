/**
 * Sorting for a data grid: the order after a click on a column's head, and rows sorted by a list
 * of keys, each read from a row by the column's id. The grid itself never sorts: a page sorts its
 * rows (all of them, or the core does) and hands the grid the result.
 */
import type { ColumnSort } from '@tanstack/react-table';

export type SortKey = ColumnSort;

/**
 * The order after a click on a column's head: the same column flips direction; another column
 * becomes the order, starting the way that column reads best (`descFirst`: biggest, newest first).
 * With `multi` (Shift held) the column is added as a further key instead, or flipped in place.
 */
export function toggleSort(
  sorting: readonly SortKey[],
  id: string,
  descFirst: boolean,
  multi = false,
): SortKey[] {
  const at = sorting.findIndex((k) => k.id === id);
  if (multi) {
    if (at < 0) return [...sorting, { id, desc: descFirst }];
    return sorting.map((k, i) => (i === at ? { id, desc: !k.desc } : k));
  }
  const current = sorting[0];
  if (current?.id === id) return [{ id, desc: !current.desc }];
  return [{ id, desc: descFirst }];
}

export type SortValue = string | number | null;

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Numbers by value, texts in natural order (`v2` before `v10`), and a missing value last. */
export function compareValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * Rows sorted by the keys in turn (`valueOf` reads a row's value under a key's id); ties keep the
 * input order, and a missing value sorts last in either direction. The input itself when there is
 * no key.
 */
export function sortRows<T>(
  rows: readonly T[],
  sorting: readonly SortKey[],
  valueOf: (row: T, id: string) => SortValue,
): readonly T[] {
  if (sorting.length === 0) return rows;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      for (const key of sorting) {
        const x = valueOf(a.row, key.id);
        const y = valueOf(b.row, key.id);
        if (x === null || y === null) {
          if (x !== y) return x === null ? 1 : -1;
          continue;
        }
        const order = compareValues(x, y);
        if (order !== 0) return key.desc ? -order : order;
      }
      return a.index - b.index;
    })
    .map((e) => e.row);
}
