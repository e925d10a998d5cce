/**
 * What a key press in the images grid means, as a pure function of the key and the active row, so
 * the table's handler only carries it out.
 */
import type { DisplayRow } from '../../model/images/grouping.js';

export type GridAction =
  | { kind: 'move'; by: number; extend: boolean }
  | { kind: 'open' }
  | { kind: 'expand'; open: boolean }
  | { kind: 'toParent' }
  | { kind: 'toggleSelect' }
  | { kind: 'selectAll' }
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

export function gridAction(
  e: KeyPress,
  active: DisplayRow | null,
  page: number,
): GridAction | null {
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
      return active?.kind === 'child' ? { kind: 'toParent' } : null;
    case ' ':
      return active ? { kind: 'toggleSelect' } : null;
    case 'a':
    case 'A':
      return mod ? { kind: 'selectAll' } : null;
    case 'Escape':
      return { kind: 'escape' };
    default:
      return null;
  }
}
