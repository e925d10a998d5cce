/**
 * The UI slice: which view is open, and how the images browser shows it: filters, sort, grouping,
 * the intermediate switch, expanded groups, columns (persisted), and which panels are open.
 * Setters that TanStack calls take an `Updater`, so they plug straight into its `on*Change`.
 */
import type { SortingState, Updater } from '@tanstack/react-table';
import type { StateCreator } from 'zustand';
import {
  loadColumnPrefs,
  saveColumnPrefs,
  type ColumnPrefs,
  type PrefsStorage,
} from '../../model/images/column-prefs.js';
import { NO_FILTERS, type ImageFilters } from '../../model/images/filters.js';
import { DEFAULT_SORT, type BrowserUrlState, type GroupBy } from '../../model/images/url-state.js';
import type { AppStore } from '../index.js';

export const VIEWS = ['images', 'dangling', 'artifacts', 'registry', 'history'] as const;
export type ViewId = (typeof VIEWS)[number];

export const DEFAULT_SORTING: SortingState = DEFAULT_SORT;

export interface UiSlice {
  view: ViewId;
  sorting: SortingState;
  filters: ImageFilters;
  groupBy: GroupBy;
  showIntermediate: boolean;
  /** Repositories whose group is open in "group by repository". */
  expandedGroups: ReadonlySet<string>;
  columnPrefs: ColumnPrefs;
  /** The details panel is open (it shows the active row's image). */
  detailsOpen: boolean;
  /** The disk usage strip is expanded. */
  usageOpen: boolean;
  setView(view: ViewId): void;
  /** Takes a value or an updater, so it plugs straight into `onSortingChange`. */
  setSorting(updater: Updater<SortingState>): void;
  /** Changes some filters, keeping the others. */
  setFilters(change: Partial<ImageFilters>): void;
  clearFilters(): void;
  setGroupBy(groupBy: GroupBy): void;
  setShowIntermediate(show: boolean): void;
  /** Opens or closes one group (toggles when `open` is not given). */
  toggleGroup(repository: string, open?: boolean): void;
  setExpandedGroups(groups: ReadonlySet<string>): void;
  setColumnPrefs(updater: Updater<ColumnPrefs>): void;
  setDetailsOpen(open: boolean): void;
  setUsageOpen(open: boolean): void;
  /** Takes the view state read from the address. */
  applyUrlState(state: BrowserUrlState<ViewId>): void;
}

const apply = <T>(updater: Updater<T>, current: T): T =>
  typeof updater === 'function' ? (updater as (old: T) => T)(current) : updater;

export const createUiSlice =
  (storage: PrefsStorage | null): StateCreator<AppStore, [], [], UiSlice> =>
  (set) => ({
    view: 'images',
    sorting: DEFAULT_SORTING,
    filters: NO_FILTERS,
    groupBy: 'none',
    showIntermediate: false,
    expandedGroups: new Set(),
    columnPrefs: loadColumnPrefs(storage),
    detailsOpen: false,
    usageOpen: true,
    setView: (view) => set({ view }),
    setSorting: (updater) => set((s) => ({ sorting: apply(updater, s.sorting) })),
    setFilters: (change) => set((s) => ({ filters: { ...s.filters, ...change } })),
    clearFilters: () => set({ filters: NO_FILTERS }),
    setGroupBy: (groupBy) => set({ groupBy }),
    setShowIntermediate: (showIntermediate) => set({ showIntermediate }),
    toggleGroup: (repository, open) =>
      set((s) => {
        const next = new Set(s.expandedGroups);
        const willOpen = open ?? !next.has(repository);
        if (willOpen === next.has(repository)) return {};
        if (willOpen) next.add(repository);
        else next.delete(repository);
        return { expandedGroups: next };
      }),
    setExpandedGroups: (expandedGroups) => set({ expandedGroups }),
    setColumnPrefs: (updater) =>
      set((s) => {
        const columnPrefs = apply(updater, s.columnPrefs);
        saveColumnPrefs(storage, columnPrefs);
        return { columnPrefs };
      }),
    setDetailsOpen: (detailsOpen) => set({ detailsOpen }),
    setUsageOpen: (usageOpen) => set({ usageOpen }),
    applyUrlState: (state) =>
      set({
        view: state.view,
        filters: state.filters,
        sorting: state.sorting,
        groupBy: state.groupBy,
        showIntermediate: state.showIntermediate,
      }),
  });
