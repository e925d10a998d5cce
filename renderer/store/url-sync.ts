/**
 * Keeps the address and the store in step: the hash is read once at start (a reload or a shared
 * link opens the view as it was) and whenever the user changes it; store changes are written back
 * with `history.replaceState` (no history entry per keystroke), a moment after typing pauses.
 */
import { fromHash, toHash } from '../features/images/url-state.js';
import type { AppStore, AppStoreApi } from './index.js';
import { VIEWS } from './slices/ui.js';

/** The part of `window` this needs. */
export interface UrlHost {
  location: { hash: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  addEventListener(type: 'hashchange', listener: () => void): void;
  removeEventListener(type: 'hashchange', listener: () => void): void;
}

export const URL_WRITE_DELAY_MS = 150;

export function hashOf(s: AppStore): string {
  return toHash({
    view: s.view,
    filters: s.filters,
    sorting: s.sorting,
    groupBy: s.groupBy,
    showIntermediate: s.showIntermediate,
  });
}

export function startUrlSync(store: AppStoreApi, host: UrlHost): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let written = host.location.hash;

  const read = (): void => {
    if (host.location.hash === written) return;
    written = host.location.hash;
    if (written === '' || written === '#') return;
    store.getState().applyUrlState(fromHash(written, VIEWS, 'images'));
  };
  const write = (): void => {
    timer = null;
    const hash = hashOf(store.getState());
    if (hash === host.location.hash) return;
    written = hash;
    host.history.replaceState(null, '', hash);
  };

  if (host.location.hash !== '' && host.location.hash !== '#') {
    store.getState().applyUrlState(fromHash(host.location.hash, VIEWS, 'images'));
  }
  const unsubscribe = store.subscribe((state, previous) => {
    if (
      state.view === previous.view &&
      state.filters === previous.filters &&
      state.sorting === previous.sorting &&
      state.groupBy === previous.groupBy &&
      state.showIntermediate === previous.showIntermediate
    ) {
      return;
    }
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(write, URL_WRITE_DELAY_MS);
  });
  host.addEventListener('hashchange', read);
  return () => {
    unsubscribe();
    host.removeEventListener('hashchange', read);
    if (timer !== null) clearTimeout(timer);
  };
}
