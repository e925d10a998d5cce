/**
 * The one app store, bound from its slices (zustand slices pattern; the shape of a slice:
 * `slice.ts`). It is created around a `Transport`, the only way the renderer reaches the core, so
 * tests hand in a fake one. To add a slice: write `slices/<name>.ts`, add its interface to
 * `AppStore` and its creator to `SLICES`.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Transport } from '../../shared/contract.js';
import { localeWeekStart } from '../model/history/history-model.js';
import type { PrefsStorage } from '../model/images/column-prefs.js';
import type { Clock, SliceDeps } from './slice.js';
import { createImageActionsSlice, type ImageActionsSlice } from './slices/actions.js';
import { createArtifactsSlice, type ArtifactsSlice } from './slices/artifacts.js';
import { createBuildCacheSlice, type BuildCacheSlice } from './slices/build-cache.js';
import { createBuildsSlice, type BuildsSlice } from './slices/builds.js';
import { createDetailsSlice, type DetailsSlice } from './slices/details.js';
import { createDiskUsageSlice, type DiskUsageSlice } from './slices/disk-usage.js';
import { createEngineSlice, type EngineSlice } from './slices/engine.js';
import { createHistorySlice, type HistorySlice } from './slices/history.js';
import { createIndexSlice, type IndexSlice } from './slices/image-index.js';
import { createImagesSlice, type ImagesSlice } from './slices/images.js';
import { createRegistryCacheSlice, type RegistryCacheSlice } from './slices/registry-cache.js';
import { createSelectionSlice, type SelectionSlice } from './slices/selection.js';
import { createTasksSlice, type TasksSlice } from './slices/tasks.js';
import { createViewSlice, type ViewSlice } from './slices/view.js';
import { createSyncSlice, Syncs, type SyncSlice } from './syncs.js';
import type { UrlHost } from './url-sync.js';

export type AppStore = SyncSlice &
  ViewSlice &
  EngineSlice &
  IndexSlice &
  ImagesSlice &
  SelectionSlice &
  DetailsSlice &
  DiskUsageSlice &
  TasksSlice &
  ImageActionsSlice &
  ArtifactsSlice &
  RegistryCacheSlice &
  HistorySlice &
  BuildsSlice &
  BuildCacheSlice;
export type AppStoreApi = StoreApi<AppStore>;

const SLICES = [
  createSyncSlice,
  createViewSlice,
  createEngineSlice,
  createIndexSlice,
  createImagesSlice,
  createSelectionSlice,
  createDetailsSlice,
  createDiskUsageSlice,
  createTasksSlice,
  createImageActionsSlice,
  createArtifactsSlice,
  createRegistryCacheSlice,
  createHistorySlice,
  createBuildsSlice,
  createBuildCacheSlice,
] as const;

export interface AppStoreOptions {
  /** Where user preferences (columns) are kept; default `localStorage` when there is one. */
  storage?: PrefsStorage | null;
  /** The page whose address holds the view; default `window` when there is one. */
  urlHost?: UrlHost | null;
  /** Default: the system clock, the user's time zone and the locale's first day of the week. */
  clock?: Partial<Clock>;
}

function defaultStorage(): PrefsStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function defaultUrlHost(): UrlHost | null {
  return typeof window === 'undefined' ? null : window;
}

export function createAppStore(transport: Transport, options: AppStoreOptions = {}): AppStoreApi {
  const deps: SliceDeps = {
    transport,
    storage: options.storage === undefined ? defaultStorage() : options.storage,
    urlHost: options.urlHost === undefined ? defaultUrlHost() : options.urlHost,
    clock: {
      now: Date.now,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      weekStartsOn: localeWeekStart(),
      ...options.clock,
    },
    syncs: new Syncs(),
  };
  return createStore<AppStore>()(
    (...a) => Object.assign({}, ...SLICES.map((create) => create(deps)(...a))) as AppStore,
  );
}

export { APP_SYNCS, type SyncId } from './syncs.js';
export type { DetailsSlice, DiskUsageSlice, EngineSlice, ImagesSlice, IndexSlice };
export type { SelectionSlice, ViewSlice, TasksSlice, ArtifactsSlice, RegistryCacheSlice };
export type { IndexPhase } from './slices/image-index.js';
export type { ArtifactsPhase } from './slices/artifacts.js';
export type { LevelListing } from './slices/registry-levels.js';
export type { Loadable } from './slices/details.js';
export type { ViewId } from '../model/views.js';
