/** What a cache row's buttons do, handed to the cells by the view (not through closures per column). */
import { createContext, useContext } from 'react';
import type { CacheRow } from '../../model/registry-cache/cache-rows.js';

export interface CacheRowActions {
  details(row: CacheRow): void;
  pull(row: CacheRow): void;
  copyReference(row: CacheRow): void;
  remove(row: CacheRow): void;
  /** Says something in the notice line (a live region). */
  announce(text: string): void;
}

export const CacheRowActionsContext = createContext<CacheRowActions | null>(null);

export function useCacheRowActions(): CacheRowActions {
  const actions = useContext(CacheRowActionsContext);
  if (!actions)
    throw new Error('Cache row actions are only available inside the registry cache view.');
  return actions;
}
