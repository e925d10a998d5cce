/**
 * A virtualized list of fixed-height rows for a TanStack table: the scroll element's ref, the
 * virtualizer, and the rows in the window. `visible` stays the same array while the window and
 * the rows do: TanStack rebuilds its row model (and queues a state reset) for new data, so a fresh
 * array on every render would re-render forever.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';

export function useVirtualRows<T>(rows: readonly T[], rowHeight: number, overscan: number) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
  });
  const items = virtualizer.getVirtualItems();
  const visible = useMemo(
    () =>
      items.flatMap((i) => {
        const r = rows[i.index];
        return r ? [r] : [];
      }),
    [items, rows],
  );
  /** The index of the last row drawn, -1 when none: for loading the next page near the end. */
  const lastIndex = items.at(-1)?.index ?? -1;
  return { scrollRef, virtualizer, items, visible, lastIndex };
}
