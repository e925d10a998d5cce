/** What a row's buttons do, handed to the cells by the view (not through closures per column). */
import { createContext, useContext } from 'react';
import type { EntryRow } from './entry-rows.js';

export interface RowActions {
  pin(row: EntryRow, pinned: boolean): void;
  retag(row: EntryRow): void;
  /** Null when pushing is not available. */
  push: ((row: EntryRow) => void) | null;
  evict(row: EntryRow): void;
  /** Says something to screen readers and in the notice line. */
  announce(text: string): void;
}

export const RowActionsContext = createContext<RowActions | null>(null);

export function useRowActions(): RowActions {
  const actions = useContext(RowActionsContext);
  if (!actions) throw new Error('Row actions are only available inside the artifact cache view.');
  return actions;
}
