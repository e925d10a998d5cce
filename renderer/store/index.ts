/**
 * The one app store, bound from its slices (zustand slices pattern). It is created around a
 * `Transport`, the only way the renderer reaches the core, so tests hand in a fake one. To add a
 * slice: write `slices/<name>.ts` exporting its interface and creator, add it to `AppStore` and
 * spread it below.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Transport } from '../../shared/contract.js';
import { createImageActionsSlice, type ImageActionsSlice } from './slices/actions.js';
import type { PrefsStorage } from '../model/images/column-prefs.js';
import { createArtifactsSlice, type ArtifactsSlice } from './slices/artifacts.js';
import { createDetailsSlice, type DetailsSlice } from './slices/details.js';
import { createDiskUsageSlice, type DiskUsageSlice } from './slices/disk-usage.js';
import { createEngineSlice, type EngineSlice } from './slices/engine.js';
import { createHistorySlice, type HistorySlice } from './slices/history.js';
import { createImagesSlice, type ImagesSlice } from './slices/images.js';
import { createRegistryCacheSlice, type RegistryCacheSlice } from './slices/registry-cache.js';
import { createSelectionSlice, type SelectionSlice } from './slices/selection.js';
import { createTasksSlice, type TasksSlice } from './slices/tasks.js';
import { createUiSlice, type UiSlice } from './slices/ui.js';
import { startUrlSync, type UrlHost } from './url-sync.js';

export type AppStore = EngineSlice &
  ImagesSlice &
  UiSlice &
  SelectionSlice &
  DetailsSlice &
  DiskUsageSlice &
  HistorySlice &
  TasksSlice &
  ArtifactsSlice &
  RegistryCacheSlice &
  ImageActionsSlice;
export type AppStoreApi = StoreApi<AppStore>;

export interface AppStoreOptions {
  /** Where user preferences (columns) are kept; default `localStorage` when there is one. */
  storage?: PrefsStorage | null;
}

function defaultStorage(): PrefsStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function createAppStore(transport: Transport, options: AppStoreOptions = {}): AppStoreApi {
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  return createStore<AppStore>()((...a) => ({
    ...createEngineSlice(transport)(...a),
    ...createImagesSlice(transport)(...a),
    ...createUiSlice(storage)(...a),
    ...createSelectionSlice(...a),
    ...createDetailsSlice(transport)(...a),
    ...createDiskUsageSlice(transport)(...a),
    ...createHistorySlice(transport)(...a),
    ...createTasksSlice(transport)(...a),
    ...createArtifactsSlice(transport)(...a),
    ...createRegistryCacheSlice(transport)(...a),
    ...createImageActionsSlice(transport)(...a),
  }));
}

/**
 * Starts following the core (engine status, the index, disk usage) and, in a page, the address
 * (view, filters and sort in the hash). Returns the function that stops.
 */
export function startSync(store: AppStoreApi, host: UrlHost | null = pageHost()): () => void {
  const stops = [
    host ? startUrlSync(store, host) : () => undefined,
    store.getState().startEngineSync(),
    store.getState().startIndexSync(),
    store.getState().startDiskUsageSync(),
    store.getState().startTasksSync(),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}

function pageHost(): UrlHost | null {
  return typeof window === 'undefined' ? null : window;
}

export type { DetailsSlice, DiskUsageSlice, EngineSlice, ImagesSlice, SelectionSlice, UiSlice };
export type { IndexPhase } from './slices/images.js';
export type { ArtifactsSlice, ArtifactsPhase } from './slices/artifacts.js';
export type { TasksSlice } from './slices/tasks.js';
export type { RegistryCacheSlice } from './slices/registry-cache.js';
export type { LevelListing } from './slices/registry-levels.js';
export type { Loadable } from './slices/details.js';
export type { ViewId } from './slices/ui.js';
export { VIEWS, DEFAULT_SORTING } from './slices/ui.js';
