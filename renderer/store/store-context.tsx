/** Hands the app store to React, reads it with a selector, and follows what a page shows. */
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppStore, AppStoreApi, SyncId } from './index.js';

const AppStoreContext = createContext<AppStoreApi | null>(null);

export function AppStoreProvider({ store, children }: { store: AppStoreApi; children: ReactNode }) {
  return <AppStoreContext.Provider value={store}>{children}</AppStoreContext.Provider>;
}

function useStoreApi(): AppStoreApi {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('The app store is read inside <AppStoreProvider> only.');
  return store;
}

export function useAppStore<T>(selector: (state: AppStore) => T): T {
  return useStore(useStoreApi(), selector);
}

/** Follows `id` (the store's `start`) while the calling component is shown. */
export function useSync(id: SyncId): void {
  const store = useStoreApi();
  useEffect(() => {
    void store.getState().start(id);
    return () => store.getState().stop(id);
  }, [store, id]);
}
