/**
 * What a key press in a data grid means, as a pure function of the key and the active row, so
 * the grid's handler only carries it out. In a tree, a group row opens and closes, and a child row
 * (or a closed group below the top) goes to its group.
 */

/** The part of a row the keys look at: its kind in a tree (`group`, `child`), else any other. */
export interface KeyedRow {
  kind: string;
  /** A group row: whether it is open. */
  expanded?: boolean;
  /**
   * Its depth in a tree of folders, 1 at the top (`aria-level`); a closed group below the top
   * goes to its parent on Left, as a child does.
   */
  level?: number;
}

export type GridAction =
  | { kind: 'move'; by: number; extend: boolean }
  | { kind: 'open' }
  | { kind: 'expand'; open: boolean }
  | { kind: 'toParent' }
  | { kind: 'toggleSelect' }
  | { kind: 'selectAll' }
  | { kind: 'remove' }
  | { kind: 'escape' };

export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** Far enough to reach either end of any list. */
const FAR = Number.MAX_SAFE_INTEGER;

export function gridAction(e: KeyPress, active: KeyedRow | null, page: number): GridAction | null {
  const mod = e.ctrlKey || e.metaKey;
  if (e.altKey) return null;
  switch (e.key) {
    case 'ArrowDown':
      return { kind: 'move', by: 1, extend: e.shiftKey };
    case 'ArrowUp':
      return { kind: 'move', by: -1, extend: e.shiftKey };
    case 'PageDown':
      return { kind: 'move', by: page, extend: e.shiftKey };
    case 'PageUp':
      return { kind: 'move', by: -page, extend: e.shiftKey };
    case 'Home':
      return { kind: 'move', by: -FAR, extend: e.shiftKey };
    case 'End':
      return { kind: 'move', by: FAR, extend: e.shiftKey };
    case 'Enter':
      if (!active) return null;
      return active.kind === 'group'
        ? { kind: 'expand', open: !active.expanded }
        : { kind: 'open' };
    case 'ArrowRight':
      return active?.kind === 'group' && !active.expanded ? { kind: 'expand', open: true } : null;
    case 'ArrowLeft':
      if (active?.kind === 'group' && active.expanded) return { kind: 'expand', open: false };
      return active?.kind === 'child' || (active?.level ?? 1) > 1 ? { kind: 'toParent' } : null;
    case ' ':
      return active ? { kind: 'toggleSelect' } : null;
    case 'a':
    case 'A':
      return mod ? { kind: 'selectAll' } : null;
    case 'Delete':
      return active ? { kind: 'remove' } : null;
    case 'Escape':
      return { kind: 'escape' };
    default:
      return null;
  }
}

/**
 * The index `by` rows from `at` (clamped to the rows); from no row (`at` < 0), the first row going
 * down and the last going up. -1 when there are no rows.
 */
export function movedIndex(at: number, by: number, count: number): number {
  if (count === 0) return -1;
  if (at < 0) return by >= 0 ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, at + by));
}
