import { describe, expect, it } from 'vitest';
import { makeImage } from '../../testing/fake-transport.js';
import { gridAction, type KeyPress } from './grid-keys.js';
import { displayRows } from '../../model/images/grouping.js';
import { deriveRows } from '../../model/images/rows.js';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});
const rows = deriveRows([makeImage('a'), makeImage('b')]);
const image = rows[0]!;
const closed = displayRows(rows, [], new Set())[0]!;
const open = displayRows(rows, [], new Set(['a']))[0]!;
const child = displayRows(rows, [], new Set(['a']))[1]!;

describe('gridAction', () => {
  it('moves with arrows, pages and ends; Shift extends', () => {
    expect(gridAction(press('ArrowDown'), image, 10)).toEqual({
      kind: 'move',
      by: 1,
      extend: false,
    });
    expect(gridAction(press('ArrowUp', { shiftKey: true }), image, 10)).toEqual({
      kind: 'move',
      by: -1,
      extend: true,
    });
    expect(gridAction(press('PageDown'), image, 10)).toEqual({
      kind: 'move',
      by: 10,
      extend: false,
    });
    expect(gridAction(press('Home'), null, 10)).toMatchObject({ kind: 'move', extend: false });
  });

  it('opens an image with Enter, toggles a group with Enter and the side arrows', () => {
    expect(gridAction(press('Enter'), image, 10)).toEqual({ kind: 'open' });
    expect(gridAction(press('Enter'), closed, 10)).toEqual({ kind: 'expand', open: true });
    expect(gridAction(press('Enter'), open, 10)).toEqual({ kind: 'expand', open: false });
    expect(gridAction(press('ArrowRight'), closed, 10)).toEqual({ kind: 'expand', open: true });
    expect(gridAction(press('ArrowLeft'), open, 10)).toEqual({ kind: 'expand', open: false });
    expect(gridAction(press('ArrowLeft'), child, 10)).toEqual({ kind: 'toParent' });
    expect(gridAction(press('Enter'), null, 10)).toBeNull();
  });

  it('selects with Space and Ctrl/Cmd+A, clears with Escape, ignores the rest', () => {
    expect(gridAction(press(' '), image, 10)).toEqual({ kind: 'toggleSelect' });
    expect(gridAction(press('a', { ctrlKey: true }), image, 10)).toEqual({ kind: 'selectAll' });
    expect(gridAction(press('a', { metaKey: true }), image, 10)).toEqual({ kind: 'selectAll' });
    expect(gridAction(press('a'), image, 10)).toBeNull();
    expect(gridAction(press('Escape'), image, 10)).toEqual({ kind: 'escape' });
    expect(gridAction(press('ArrowDown', { altKey: true }), image, 10)).toBeNull();
    expect(gridAction(press('x'), image, 10)).toBeNull();
  });
});
