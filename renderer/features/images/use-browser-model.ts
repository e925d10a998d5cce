/**
 * The images browser's data pipeline, each step memoized on its inputs so that a keystroke in the
 * filter re-runs only the cheap steps: base rows (view, intermediate switch) → sorted (only when
 * the order or the index changes) → text filter → chip counts and chip filter → grouping. Sorting
 * comes before filtering: filtering keeps the order, so typing never re-sorts 10,000 rows.
 */
import { useMemo } from 'react';
import { useNow } from '../../components/use-now.js';
import { selectAllRows } from '../../store/slices/image-index.js';
import { useAppStore } from '../../store/store-context.js';
import {
  countChips,
  filterByChips,
  filterByText,
  visibleRows,
  type ChipCounts,
} from '../../model/images/filters.js';
import { displayRows, type DisplayRow } from '../../model/images/grouping.js';
import type { ImageRow } from '../../model/images/rows.js';
import { sortNeedsUsage, sortRows, type SortKey } from '../../model/images/sorting.js';
import { outdatedIds } from '../../model/images/updates.js';
import { DEFAULT_SORT } from '../../model/images/url-state.js';

export type ImagesMode = 'all' | 'dangling';

function isDefaultSort(sorting: readonly SortKey[]): boolean {
  const [only] = DEFAULT_SORT;
  return sorting.length === 1 && sorting[0]?.id === only?.id && sorting[0]?.desc === only?.desc;
}

export interface BrowserModel {
  /** Rows of the view before any filter (intermediate layers as the switch says). */
  base: ImageRow[];
  /** Rows the text search lets through: what the chip counts count. */
  searched: ImageRow[];
  /** Rows every filter lets through, sorted. */
  rows: ImageRow[];
  /** What the grid shows: `rows`, or their repository tree. */
  display: DisplayRow[];
  /** Ids of `rows`. */
  ids: string[];
  counts: ChipCounts;
  now: number;
}

export function useBrowserModel(mode: ImagesMode): BrowserModel {
  const all = useAppStore(selectAllRows);
  const showIntermediate = useAppStore((s) => s.imagesShowIntermediate);
  const sorting = useAppStore((s) => s.imagesSorting);
  const filters = useAppStore((s) => s.imagesFilters);
  const groupBy = useAppStore((s) => s.imagesGroupBy);
  const expanded = useAppStore((s) => s.imagesExpandedGroups);
  const shared = useAppStore((s) => s.diskUsage?.sharedSize ?? null);
  const updates = useAppStore((s) => s.imageUpdates);
  const now = useNow(60_000);
  const sortShared = sortNeedsUsage(sorting) ? shared : null;

  const base = useMemo(
    () =>
      mode === 'dangling' ? all.filter((r) => r.dangling) : visibleRows(all, showIntermediate),
    [all, mode, showIntermediate],
  );
  // The rows come newest first (then by id): the default order needs no sorting.
  const sorted = useMemo(
    () => (isDefaultSort(sorting) ? base : sortRows(base, sorting, sortShared)),
    [base, sorting, sortShared],
  );
  const searched = useMemo(() => filterByText(sorted, filters.text), [sorted, filters.text]);
  // The remembered update checks, read: the rows with an update available, by id.
  const outdated = useMemo(() => outdatedIds(base, updates), [base, updates]);
  const counts = useMemo(
    () => countChips(searched, filters, now, outdated),
    [searched, filters, now, outdated],
  );
  const rows = useMemo(
    () => filterByChips(searched, filters, now, outdated),
    [searched, filters, now, outdated],
  );
  const display = useMemo<DisplayRow[]>(
    () => (groupBy === 'repository' ? displayRows(rows, sorting, expanded) : rows),
    [groupBy, rows, sorting, expanded],
  );
  const ids = useMemo(() => rows.map((r) => r.id), [rows]);
  return { base, searched, rows, display, ids, counts, now };
}
