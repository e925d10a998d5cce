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

/** How a row is identified (its id by default). */
export type KeyOf<T> = (row: T) => string;

const byId = (row: unknown): string => (row as { id: string }).id;

/** The first row at or under a scroll offset (rows of a fixed height), or null past the end. */
export function anchorAt<T>(
  scrollTop: number,
  rows: readonly T[],
  rowHeight: number,
  keyOf: KeyOf<T> = byId,
): Anchor | null {
  const index = Math.floor(scrollTop / rowHeight);
  const row = rows[index];
  return row === undefined ? null : { id: keyOf(row), index };
}

/**
 * How far to scroll so the anchored row stays where it was after the rows changed: zero at the
 * top (new rows there should come into view), when the row did not move, or when it is gone.
 */
export function anchorShift<T>(
  previous: Anchor | null,
  rows: readonly T[],
  scrollTop: number,
  rowHeight: number,
  keyOf: KeyOf<T> = byId,
): number {
  if (!previous || scrollTop <= 0) return 0;
  const atSamePlace = rows[previous.index];
  if (atSamePlace !== undefined && keyOf(atSamePlace) === previous.id) return 0;
  const index = rows.findIndex((row) => keyOf(row) === previous.id);
  return index < 0 ? 0 : (index - previous.index) * rowHeight;
}

export function useScrollAnchor<T>(
  scrollRef: RefObject<HTMLElement | null>,
  rows: readonly T[],
  rowHeight: number,
  keyOf: KeyOf<T> = byId,
): void {
  const anchor = useRef<Anchor | null>(null);
  const current = useRef(rows);
  const key = useRef(keyOf);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    const previous = anchor.current;
    current.current = rows;
    key.current = keyOf;
    if (!el) return;
    const shift = anchorShift(previous, rows, el.scrollTop, rowHeight, keyOf);
    if (shift !== 0) el.scrollTop += shift;
    anchor.current = anchorAt(el.scrollTop, rows, rowHeight, keyOf);
  }, [scrollRef, rows, rowHeight, keyOf]);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onScroll = (): void => {
      anchor.current = anchorAt(el.scrollTop, current.current, rowHeight, key.current);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, [scrollRef, rowHeight]);
}
