/**
 * The images slice: how the images browser (the Images and Dangling views) shows the index —
 * filters, sort, grouping, the intermediate switch, expanded groups and columns (kept in the
 * preferences storage). Setters that TanStack calls take an `Updater`, so they plug straight into
 * its `on*Change`.
 */
import { functionalUpdate, type SortingState, type Updater } from '@tanstack/react-table';
import {
  loadColumnPrefs,
  saveColumnPrefs,
  type ColumnPrefs,
} from '../../model/images/column-prefs.js';
import { NO_FILTERS, type ImageFilters } from '../../model/images/filters.js';
import { DEFAULT_SORT, type GroupBy } from '../../model/images/url-state.js';
import type { SliceCreator } from '../slice.js';

export interface ImagesSlice {
  imagesSorting: SortingState;
  imagesFilters: ImageFilters;
  imagesGroupBy: GroupBy;
  imagesShowIntermediate: boolean;
  /** Repositories whose group is open in "group by repository". */
  imagesExpandedGroups: ReadonlySet<string>;
  imagesColumnPrefs: ColumnPrefs;
  /** Takes a value or an updater, so it plugs straight into `onSortingChange`. */
  setImagesSorting(updater: Updater<SortingState>): void;
  /** Changes some filters, keeping the others. */
  setImagesFilters(change: Partial<ImageFilters>): void;
  clearImagesFilters(): void;
  setImagesGroupBy(groupBy: GroupBy): void;
  setImagesShowIntermediate(show: boolean): void;
  /** Opens or closes one group (toggles when `open` is not given). */
  toggleImagesGroup(repository: string, open?: boolean): void;
  setImagesExpandedGroups(groups: ReadonlySet<string>): void;
  setImagesColumnPrefs(updater: Updater<ColumnPrefs>): void;
}

export const createImagesSlice: SliceCreator<ImagesSlice> =
  ({ storage }) =>
  (set) => ({
    imagesSorting: DEFAULT_SORT,
    imagesFilters: NO_FILTERS,
    imagesGroupBy: 'none',
    imagesShowIntermediate: false,
    imagesExpandedGroups: new Set(),
    imagesColumnPrefs: loadColumnPrefs(storage),
    setImagesSorting: (updater) =>
      set((s) => ({ imagesSorting: functionalUpdate(updater, s.imagesSorting) })),
    setImagesFilters: (change) =>
      set((s) => ({ imagesFilters: { ...s.imagesFilters, ...change } })),
    clearImagesFilters: () => set({ imagesFilters: NO_FILTERS }),
    setImagesGroupBy: (imagesGroupBy) => set({ imagesGroupBy }),
    setImagesShowIntermediate: (imagesShowIntermediate) => set({ imagesShowIntermediate }),
    toggleImagesGroup: (repository, open) =>
      set((s) => {
        const next = new Set(s.imagesExpandedGroups);
        const willOpen = open ?? !next.has(repository);
        if (willOpen === next.has(repository)) return {};
        if (willOpen) next.add(repository);
        else next.delete(repository);
        return { imagesExpandedGroups: next };
      }),
    setImagesExpandedGroups: (imagesExpandedGroups) => set({ imagesExpandedGroups }),
    setImagesColumnPrefs: (updater) =>
      set((s) => {
        const imagesColumnPrefs = functionalUpdate(updater, s.imagesColumnPrefs);
        saveColumnPrefs(storage, imagesColumnPrefs);
        return { imagesColumnPrefs };
      }),
  });
