/**
 * The one app store, bound from its slices (zustand slices pattern). It is created around a
 * `Transport`, the only way the renderer reaches the core, so tests hand in a fake one.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Transport } from '../../shared/contract.js';
import { createEngineSlice, type EngineSlice } from './slices/engine.js';
import { createImagesSlice, type ImagesSlice } from './slices/images.js';
import { createUiSlice, type UiSlice } from './slices/ui.js';

export type AppStore = EngineSlice & ImagesSlice & UiSlice;
export type AppStoreApi = StoreApi<AppStore>;

export function createAppStore(transport: Transport): AppStoreApi {
  return createStore<AppStore>()((...a) => ({
    ...createEngineSlice(transport)(...a),
    ...createImagesSlice(transport)(...a),
    ...createUiSlice(...a),
  }));
}

/** Starts following the core (engine status, then the index). Returns the function that stops. */
export function startSync(store: AppStoreApi): () => void {
  const stopEngine = store.getState().startEngineSync();
  const stopIndex = store.getState().startIndexSync();
  return () => {
    stopEngine();
    stopIndex();
  };
}

export type { EngineSlice, ImagesSlice, UiSlice };
export type { IndexPhase } from './slices/images.js';
export type { ViewId } from './slices/ui.js';
export { VIEWS, DEFAULT_SORTING } from './slices/ui.js';
