/**
 * The selection slice: the images browser's multi-selection (image ids, plus the anchor and the
 * active row by display key). It follows the index by itself: when images disappear (an outside
 * `docker rmi`), their ids leave the selection and every other selected image stays selected.
 */
import type { StateCreator } from 'zustand';
import {
  EMPTY_SELECTION,
  pruneSelection,
  type SelectionState,
} from '../../model/images/selection.js';
import type { AppStore } from '../index.js';

export interface SelectionSlice {
  selection: SelectionState;
  setSelection(next: SelectionState | ((current: SelectionState) => SelectionState)): void;
  clearSelection(): void;
}

export const createSelectionSlice: StateCreator<AppStore, [], [], SelectionSlice> = (
  set,
  _get,
  api,
) => {
  api.subscribe((state, previous) => {
    if (state.images === previous.images || state.selection.selected.size === 0) return;
    const pruned = pruneSelection(state.selection, (id) => state.images.has(id));
    if (pruned !== state.selection) set({ selection: pruned });
  });
  return {
    selection: EMPTY_SELECTION,
    setSelection: (next) =>
      set((s) => ({ selection: typeof next === 'function' ? next(s.selection) : next })),
    clearSelection: () =>
      set((s) => ({ selection: { ...s.selection, selected: new Set(), anchor: null } })),
  };
};
