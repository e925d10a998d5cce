/**
 * Multi-selection as pure functions, like a file manager: a click selects one row, Ctrl/Cmd-click
 * toggles one, Shift-click selects the range from the anchor (added to the selection when Ctrl/Cmd
 * is held too), arrow keys move the active row (Shift extends). The selection holds image ids, so
 * it survives re-sorting, filtering and live updates; rows are addressed by their display key.
 */
import { imageOf, keyOf, type DisplayRow } from './grouping.js';

export interface SelectionState {
  /** Selected image ids. */
  selected: ReadonlySet<string>;
  /** Display key a Shift range starts from. */
  anchor: string | null;
  /** Display key of the row the keyboard is on. */
  active: string | null;
}

export const EMPTY_SELECTION: SelectionState = { selected: new Set(), anchor: null, active: null };

export interface ClickModifiers {
  /** Shift held: select a range. */
  range?: boolean;
  /** Ctrl or Cmd held (or the row's checkbox): toggle, or add the range. */
  toggle?: boolean;
}

/** The image ids a display row stands for: one for an image, all of a group's. */
export function idsOf(d: DisplayRow): string[] {
  if (d.kind === 'group') return d.images.map((r) => r.id);
  return [imageOf(d)?.id ?? ''];
}

function indexOfKey(order: readonly DisplayRow[], key: string | null): number {
  if (key === null) return -1;
  return order.findIndex((d) => keyOf(d) === key);
}

function rangeIds(order: readonly DisplayRow[], from: number, to: number): string[] {
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  const ids: string[] = [];
  for (let i = lo; i <= hi; i++) {
    const d = order[i];
    if (d) ids.push(...idsOf(d));
  }
  return ids;
}

export function isSelected(state: SelectionState, d: DisplayRow): boolean | 'mixed' {
  const ids = idsOf(d);
  let n = 0;
  for (const id of ids) if (state.selected.has(id)) n++;
  if (n === 0) return false;
  return n === ids.length ? true : 'mixed';
}

/** What a click (with its modifiers) on the row with `key` does to the selection. */
export function clickRow(
  state: SelectionState,
  order: readonly DisplayRow[],
  key: string,
  mods: ClickModifiers = {},
): SelectionState {
  const at = indexOfKey(order, key);
  const row = order[at];
  if (!row) return state;
  if (mods.range) {
    const from = indexOfKey(order, state.anchor);
    const ids = rangeIds(order, from < 0 ? at : from, at);
    const selected = new Set(mods.toggle ? state.selected : []);
    for (const id of ids) selected.add(id);
    return { selected, anchor: from < 0 ? key : state.anchor, active: key };
  }
  if (mods.toggle) {
    const ids = idsOf(row);
    const selected = new Set(state.selected);
    const allOn = ids.every((id) => selected.has(id));
    for (const id of ids) {
      if (allOn) selected.delete(id);
      else selected.add(id);
    }
    return { selected, anchor: key, active: key };
  }
  return { selected: new Set(idsOf(row)), anchor: key, active: key };
}

/** Moves the active row by `delta` (clamped); selects it alone, or extends the range. */
export function moveActive(
  state: SelectionState,
  order: readonly DisplayRow[],
  delta: number,
  extend = false,
): SelectionState {
  if (order.length === 0) return state;
  const current = indexOfKey(order, state.active);
  const next =
    current < 0
      ? delta >= 0
        ? 0
        : order.length - 1
      : Math.min(order.length - 1, Math.max(0, current + delta));
  const row = order[next] as DisplayRow;
  const key = keyOf(row);
  if (extend) return clickRow(state, order, key, { range: true });
  // A group row is only focused: moving past it must not select a whole repository.
  if (row.kind === 'group') return { ...state, active: key, anchor: key };
  return clickRow(state, order, key);
}

/** Selects every image the filters let through (when all already are: none). */
export function toggleAll(state: SelectionState, ids: readonly string[]): SelectionState {
  const all = ids.length > 0 && ids.every((id) => state.selected.has(id));
  return { ...state, selected: all ? new Set() : new Set(ids) };
}

/** Drops the ids of images that no longer exist; the same state when none went. */
export function pruneSelection(
  state: SelectionState,
  exists: (id: string) => boolean,
): SelectionState {
  let gone = false;
  for (const id of state.selected) {
    if (!exists(id)) {
      gone = true;
      break;
    }
  }
  if (!gone) return state;
  return { ...state, selected: new Set([...state.selected].filter(exists)) };
}
