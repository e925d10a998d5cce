/**
 * The selection slice: the images browser's multi-selection (image ids, plus the anchor and the
 * active row by display key). It follows the index by itself: when images disappear (an outside
 * `docker rmi`), their ids leave the selection and every other selected image stays selected.
 */
import { functionalUpdate, type Updater } from '@tanstack/react-table';
import {
  EMPTY_SELECTION,
  pruneSelection,
  type SelectionState,
} from '../../model/images/selection.js';
import type { SliceCreator } from '../slice.js';

export interface SelectionSlice {
  selection: SelectionState;
  setSelection(next: Updater<SelectionState>): void;
  clearSelection(): void;
}

export const createSelectionSlice: SliceCreator<SelectionSlice> = () => (set, _get, api) => {
  api.subscribe((state, previous) => {
    if (state.indexImages === previous.indexImages || state.selection.selected.size === 0) return;
    const pruned = pruneSelection(state.selection, (id) => state.indexImages.has(id));
    if (pruned !== state.selection) set({ selection: pruned });
  });
  return {
    selection: EMPTY_SELECTION,
    setSelection: (next) => set((s) => ({ selection: functionalUpdate(next, s.selection) })),
    clearSelection: () =>
      set((s) => ({ selection: { ...s.selection, selected: new Set(), anchor: null } })),
  };
};
