/**
 * Keeps the rows the user is looking at in place when live updates add or remove rows above them:
 * remembers the first visible row and, after the rows change, scrolls by as many rows as it
 * moved. At the very top nothing is pinned, so new rows there come into view.
 */
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

export interface Anchor {
  id: string;
  index: number;
}

interface Identified {
  readonly id: string;
}

/** The first row at or under a scroll offset (rows of a fixed height), or null past the end. */
export function anchorAt(
  scrollTop: number,
  rows: readonly Identified[],
  rowHeight: number,
): Anchor | null {
  const index = Math.floor(scrollTop / rowHeight);
  const id = rows[index]?.id;
  return id === undefined ? null : { id, index };
}

/**
 * How far to scroll so the anchored row stays where it was after the rows changed: zero at the
 * top (new rows there should come into view), when the row did not move, or when it is gone.
 */
export function anchorShift(
  previous: Anchor | null,
  rows: readonly Identified[],
  scrollTop: number,
  rowHeight: number,
): number {
  if (!previous || scrollTop <= 0 || rows[previous.index]?.id === previous.id) return 0;
  const index = rows.findIndex((row) => row.id === previous.id);
  return index < 0 ? 0 : (index - previous.index) * rowHeight;
}

export function useScrollAnchor(
  scrollRef: RefObject<HTMLElement | null>,
  rows: readonly Identified[],
  rowHeight: number,
): void {
  const anchor = useRef<Anchor | null>(null);
  const current = useRef(rows);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    const previous = anchor.current;
    current.current = rows;
    if (!el) return;
    const shift = anchorShift(previous, rows, el.scrollTop, rowHeight);
    if (shift !== 0) el.scrollTop += shift;
    anchor.current = anchorAt(el.scrollTop, rows, rowHeight);
  }, [scrollRef, rows, rowHeight]);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onScroll = (): void => {
      anchor.current = anchorAt(el.scrollTop, current.current, rowHeight);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, [scrollRef, rowHeight]);
}
