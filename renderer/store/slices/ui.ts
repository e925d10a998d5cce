/** The UI slice: which view is open, and the images table's sorting and filter. */
import type { SortingState, Updater } from '@tanstack/react-table';
import type { StateCreator } from 'zustand';
import type { AppStore } from '../index.js';

export const VIEWS = ['images', 'dangling', 'artifacts', 'registry', 'history'] as const;
export type ViewId = (typeof VIEWS)[number];

export const DEFAULT_SORTING: SortingState = [{ id: 'created', desc: true }];

export interface UiSlice {
  view: ViewId;
  sorting: SortingState;
  /** Free-text filter over repository, tag and id. */
  filter: string;
  setView(view: ViewId): void;
  /** Takes a value or an updater, so it plugs straight into `onSortingChange`. */
  setSorting(updater: Updater<SortingState>): void;
  setFilter(filter: string): void;
}

export const createUiSlice: StateCreator<AppStore, [], [], UiSlice> = (set) => ({
  view: 'images',
  sorting: DEFAULT_SORTING,
  filter: '',
  setView: (view) => set({ view }),
  setSorting: (updater) =>
    set((s) => ({ sorting: typeof updater === 'function' ? updater(s.sorting) : updater })),
  setFilter: (filter) => set({ filter }),
});
