/**
 * Keeps the address and the store in step: the hash is read once at start (a reload or a shared
 * link opens the view as it was) and whenever the user changes it; store changes are written back
 * with `history.replaceState` (no history entry per keystroke): a click at once, typing a moment
 * after it pauses. (A reload reloads the address as it was when asked for; nothing written while
 * the page unloads reaches it, so a click's change must be in the address before then.)
 */
import type { ImageFilters } from '../model/images/filters.js';
import { fromHash, toHash } from '../model/images/url-state.js';
import { VIEW_IDS } from '../model/views.js';
import type { AppStore, AppStoreApi } from './index.js';

/** The part of `window` this needs. */
export interface UrlHost {
  location: { hash: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  addEventListener(type: 'hashchange', listener: () => void): void;
  removeEventListener(type: 'hashchange', listener: () => void): void;
}

export const URL_WRITE_DELAY_MS = 150;

/** The filters typed into a field, written once typing pauses; any other change is written now. */
const TYPED: ReadonlySet<keyof ImageFilters> = new Set(['text', 'olderThanDays']);

function onlyTyped(a: ImageFilters, b: ImageFilters): boolean {
  return (Object.keys(a) as (keyof ImageFilters)[]).every((k) => TYPED.has(k) || a[k] === b[k]);
}

export function hashOf(s: AppStore): string {
  return toHash({
    view: s.view,
    filters: s.imagesFilters,
    sorting: s.imagesSorting,
    groupBy: s.imagesGroupBy,
    showIntermediate: s.imagesShowIntermediate,
  });
}

export function startUrlSync(store: AppStoreApi, host: UrlHost): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let written = host.location.hash;

  const read = (): void => {
    if (host.location.hash === written) return;
    written = host.location.hash;
    if (written === '' || written === '#') return;
    store.getState().applyUrlState(fromHash(written, VIEW_IDS, 'images'));
  };
  const write = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const hash = hashOf(store.getState());
    if (hash === host.location.hash) return;
    written = hash;
    host.history.replaceState(null, '', hash);
  };

  if (host.location.hash !== '' && host.location.hash !== '#') {
    store.getState().applyUrlState(fromHash(host.location.hash, VIEW_IDS, 'images'));
  }
  const unsubscribe = store.subscribe((state, previous) => {
    const othersSame =
      state.view === previous.view &&
      state.imagesSorting === previous.imagesSorting &&
      state.imagesGroupBy === previous.imagesGroupBy &&
      state.imagesShowIntermediate === previous.imagesShowIntermediate;
    if (othersSame && state.imagesFilters === previous.imagesFilters) return;
    const typing = othersSame && onlyTyped(state.imagesFilters, previous.imagesFilters);
    if (!typing) return write();
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
