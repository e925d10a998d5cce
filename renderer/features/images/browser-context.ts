/**
 * What the table's cells need beyond their row: the disk usage figures and the actions a cell can
 * start. Given through context so the memoized rows need no extra props for them.
 */
import { createContext, useContext } from 'react';
import type { SharedSizes } from '../../model/images/sorting.js';

export interface BrowserActions {
  /** Shared bytes by image id, or null before the figures arrive. */
  shared: SharedSizes | null;
  /** Opens or closes a repository group. */
  toggleGroup(repository: string): void;
  /** Says something to screen readers (e.g. "Copied"). */
  announce(message: string): void;
}

export const BrowserContext = createContext<BrowserActions>({
  shared: null,
  toggleGroup: () => undefined,
  announce: () => undefined,
});

export function useBrowser(): BrowserActions {
  return useContext(BrowserContext);
}
