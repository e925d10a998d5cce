/**
 * The one shape of a slice (zustand slices pattern). A slice is a module `slices/<feature>.ts`
 * exporting:
 * - its interface: the state, each field named for the feature (`artifactsSorting`,
 *   `historyRows`, `indexVersion`), and the actions that change it;
 * - `create<Feature>Slice`, a `SliceCreator` (it takes the store's dependencies);
 * - its selectors: derived data, memoized where a new array would re-render its readers.
 * A slice that follows the core (events, a listing kept live) registers that once with
 * `deps.syncs.follow(id, …)`; the store's `start(id)` and `stop(id)` run it (`syncs.ts`).
 */
import type { StateCreator, StoreApi } from 'zustand';
import type { Transport } from '../../shared/contract.js';
import type { PrefsStorage } from '../model/images/column-prefs.js';
import type { AppStore } from './index.js';
import type { Syncs } from './syncs.js';
import type { UrlHost } from './url-sync.js';

/** The wall clock and the calendar the history's ranges and buckets are read in. */
export interface Clock {
  now(): number;
  timeZone: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekStartsOn: number;
}

/** What every slice is created with. */
export interface SliceDeps {
  /** The only way to the core. */
  transport: Transport;
  /** Where preferences (the images table's columns) are kept; null: nowhere. */
  storage: PrefsStorage | null;
  /** The page whose address holds the view (null: none, as in tests). */
  urlHost: UrlHost | null;
  clock: Clock;
  /** Where a slice registers what it follows. */
  syncs: Syncs;
}

export type SliceCreator<S> = (deps: SliceDeps) => StateCreator<AppStore, [], [], S>;

export type StoreSet = StoreApi<AppStore>['setState'];

/** The slices' records of keys with an action on its way, and which action. */
type BusyField = 'artifactsBusy' | 'registryCacheBusy';

/** Marks `key` busy with `what` in the record `field` while `work` runs. */
export async function whileBusy<F extends BusyField, T>(
  set: StoreSet,
  field: F,
  key: string,
  what: AppStore[F][string],
  work: () => Promise<T>,
): Promise<T> {
  set((s) => ({ [field]: { ...s[field], [key]: what } }));
  try {
    return await work();
  } finally {
    set((s) => {
      const next: Record<string, string> = { ...s[field] };
      delete next[key];
      return { [field]: next } as Partial<AppStore>;
    });
  }
}
