/**
 * The view slice: which section of the app is open. Followed as `url`, the open view and the
 * images browser's state are kept in the page's address (`url-sync.ts`).
 */
import type { BrowserUrlState } from '../../model/images/url-state.js';
import type { ViewId } from '../../model/views.js';
import type { SliceCreator } from '../slice.js';
import { startUrlSync } from '../url-sync.js';

export interface ViewSlice {
  view: ViewId;
  setView(view: ViewId): void;
  /** Takes the view and the images browser's state read from the address. */
  applyUrlState(state: BrowserUrlState<ViewId>): void;
}

export const createViewSlice: SliceCreator<ViewSlice> =
  ({ urlHost, syncs }) =>
  (set, _get, api) => {
    syncs.follow('url', () => ({
      loaded: Promise.resolve(),
      stop: urlHost ? startUrlSync(api, urlHost) : () => undefined,
    }));
    return {
      view: 'images',
      setView: (view) => set({ view }),
      applyUrlState: (state) =>
        set({
          view: state.view,
          imagesFilters: state.filters,
          imagesSorting: state.sorting,
          imagesGroupBy: state.groupBy,
          imagesShowIntermediate: state.showIntermediate,
        }),
    };
  };
