/**
 * The keyboard of a data grid, wired to React: a key press becomes a `grid-keys.ts` action, which
 * this hook carries out with the grid's props (a move, open, expand or collapse, to the parent
 * group, select, remove, let go). After a move the active row is brought into view once it is
 * known. Focus landing on the grid can make the first row active (`activateOnFocus`).
 */
import type { Virtualizer } from '@tanstack/react-virtual';
import {
  useLayoutEffect,
  useRef,
  type FocusEvent,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import { gridAction, movedIndex, type GridAction } from './grid-keys.js';
import type { DataGridProps } from './grid-types.js';

export interface GridKeysFrame {
  /** The active row's index in the rows, -1 when none. */
  activeIndex: number;
  rowHeight: number;
  /** The scrolling frame: its height is a page of rows. */
  scrollRef: RefObject<HTMLDivElement | null>;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
}

export function useGridKeys<T>(
  props: DataGridProps<T>,
  { activeIndex, rowHeight, scrollRef, virtualizer }: GridKeysFrame,
): {
  onKeyDown(e: KeyboardEvent<HTMLDivElement>): void;
  onFocus(e: FocusEvent<HTMLDivElement>): void;
} {
  const { rows, rowKey, tree, activeKey = null } = props;

  // After a move by the keyboard, the active row is brought into view once it is known.
  const scrollToActive = useRef(false);
  useLayoutEffect(() => {
    if (!scrollToActive.current) return;
    scrollToActive.current = false;
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  /** Carries out a key's action; false when the grid has nothing to do for it. */
  const perform = (action: GridAction, active: T | null): boolean => {
    const p = props;
    switch (action.kind) {
      case 'move':
        if (p.onMove) p.onMove(action.by, action.extend);
        else {
          const next = rows[movedIndex(activeIndex, action.by, rows.length)];
          if (!next || !p.onActiveChange) return false;
          p.onActiveChange(rowKey(next));
        }
        scrollToActive.current = true;
        return true;
      case 'open':
        if (!active || !p.onOpen) return false;
        p.onOpen(active);
        return true;
      case 'expand':
        if (!active || !tree) return false;
        tree.onExpand(active, action.open);
        return true;
      case 'toParent':
        if (!active || !tree) return false;
        tree.onToParent(active);
        scrollToActive.current = true;
        return true;
      case 'toggleSelect':
        if (!active || !p.onToggleSelect) return false;
        p.onToggleSelect(active);
        return true;
      case 'selectAll':
        if (!p.onSelectAll) return false;
        p.onSelectAll();
        return true;
      case 'remove':
        if (!active || !p.onRemove) return false;
        p.onRemove(active);
        return true;
      case 'escape':
        if (p.onEscape) p.onEscape();
        else if (activeKey !== null && p.onActiveChange) p.onActiveChange(null);
        else return false;
        return true;
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.target !== e.currentTarget) return; // keys typed on a row's controls are theirs
    const active = activeIndex >= 0 ? (rows[activeIndex] ?? null) : null;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 360) / rowHeight) - 2);
    const info = active ? (tree?.info(active) ?? { kind: 'row' }) : null;
    const action = gridAction(e, info, page);
    if (action && perform(action, active)) e.preventDefault();
  };

  const onFocus = (e: FocusEvent<HTMLDivElement>): void => {
    // Landing on the grid with no active row makes the first one active.
    const first = rows[0];
    if (!props.activateOnFocus || e.target !== e.currentTarget) return;
    if (activeIndex < 0 && first !== undefined) {
      props.onActiveChange?.(rowKey(first));
    }
  };

  return { onKeyDown, onFocus };
}
