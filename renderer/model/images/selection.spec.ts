import { describe, expect, it } from 'vitest';
import { makeImage } from '../../testing/fake-transport.js';
import { displayRows, keyOf } from './grouping.js';
import { deriveRows } from './rows.js';
import {
  clickRow,
  EMPTY_SELECTION,
  isSelected,
  moveActive,
  pruneSelection,
  toggleAll,
} from './selection.js';

const images = ['a', 'b', 'c', 'd', 'e'].map((s) =>
  makeImage(s, { repoTags: [`r${s < 'c' ? 1 : 2}:${s}`] }),
);
const rows = deriveRows(images);
const id = (i: number) => rows[i]!.id;
const sel = (s: { selected: ReadonlySet<string> }) => [...s.selected].sort();

describe('clickRow', () => {
  it('selects one row on a plain click, toggles with Ctrl/Cmd, extends with Shift', () => {
    let s = clickRow(EMPTY_SELECTION, rows, id(1));
    expect(sel(s)).toEqual([id(1)]);
    s = clickRow(s, rows, id(3), { range: true });
    expect(sel(s)).toEqual([id(1), id(2), id(3)].sort());
    expect(s.anchor).toBe(id(1));
    s = clickRow(s, rows, id(2), { toggle: true });
    expect(sel(s)).toEqual([id(1), id(3)].sort());
    s = clickRow(s, rows, id(4), { range: true, toggle: true });
    expect(sel(s)).toEqual([id(1), id(2), id(3), id(4)].sort());
    s = clickRow(s, rows, id(0));
    expect(sel(s)).toEqual([id(0)]);
    expect(s.active).toBe(id(0));
  });

  it('extends a range upwards too, and starts one at the clicked row without an anchor', () => {
    const s = clickRow({ ...EMPTY_SELECTION, anchor: id(3) }, rows, id(1), { range: true });
    expect(sel(s)).toEqual([id(1), id(2), id(3)].sort());
    const fresh = clickRow(EMPTY_SELECTION, rows, id(2), { range: true });
    expect(sel(fresh)).toEqual([id(2)]);
  });

  it('ignores a key that is not shown', () => {
    expect(clickRow(EMPTY_SELECTION, rows, 'nope')).toBe(EMPTY_SELECTION);
  });

  it('selects all images of a group with its checkbox, and shows it mixed when partly selected', () => {
    const tree = displayRows(rows, [], new Set(['r1']));
    const group = tree.find((d) => d.kind === 'group' && d.repository === 'r1')!;
    let s = clickRow(EMPTY_SELECTION, tree, keyOf(group), { toggle: true });
    expect(sel(s)).toEqual([id(0), id(1)].sort());
    expect(isSelected(s, group)).toBe(true);
    s = clickRow(s, tree, keyOf(tree[1]!), { toggle: true });
    expect(isSelected(s, group)).toBe('mixed');
  });
});

describe('moveActive', () => {
  it('moves and selects, clamps at the ends, and extends with Shift', () => {
    let s = moveActive(EMPTY_SELECTION, rows, 1);
    expect(s.active).toBe(id(0));
    s = moveActive(s, rows, 1);
    expect(sel(s)).toEqual([id(1)]);
    s = moveActive(s, rows, 2, true);
    expect(sel(s)).toEqual([id(1), id(2), id(3)].sort());
    s = moveActive(s, rows, 100);
    expect(s.active).toBe(id(4));
    expect(moveActive(EMPTY_SELECTION, rows, -1).active).toBe(id(4));
    expect(moveActive(EMPTY_SELECTION, [], 1)).toBe(EMPTY_SELECTION);
  });

  it('only focuses a group row, keeping the selection', () => {
    const tree = displayRows(rows, [], new Set());
    const start = clickRow(EMPTY_SELECTION, rows, id(4));
    const s = moveActive(start, tree, 1);
    expect(s.active).toBe(keyOf(tree[0]!));
    expect(sel(s)).toEqual([id(4)]);
  });
});

describe('toggleAll and pruneSelection', () => {
  it('selects every filtered image, or none when all are', () => {
    const ids = rows.map((r) => r.id);
    const all = toggleAll(EMPTY_SELECTION, ids);
    expect(all.selected.size).toBe(5);
    expect(toggleAll(all, ids).selected.size).toBe(0);
    expect(toggleAll(EMPTY_SELECTION, []).selected.size).toBe(0);
  });

  it('drops removed images and keeps the others; same object when nothing went', () => {
    const s = clickRow(clickRow(EMPTY_SELECTION, rows, id(0)), rows, id(2), { toggle: true });
    const pruned = pruneSelection(s, (x) => x !== id(0));
    expect(sel(pruned)).toEqual([id(2)]);
    expect(pruneSelection(pruned, () => true)).toBe(pruned);
  });
});
