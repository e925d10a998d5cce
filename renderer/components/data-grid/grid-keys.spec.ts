import { describe, expect, it } from 'vitest';
import { gridAction, movedIndex, type KeyPress, type KeyedRow } from './grid-keys.js';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});
const row: KeyedRow = { kind: 'image' };
const closed: KeyedRow = { kind: 'group', expanded: false };
const open: KeyedRow = { kind: 'group', expanded: true };
const child: KeyedRow = { kind: 'child' };

describe('gridAction', () => {
  it('moves with arrows, pages and ends; Shift extends', () => {
    expect(gridAction(press('ArrowDown'), row, 10)).toEqual({ kind: 'move', by: 1, extend: false });
    expect(gridAction(press('ArrowUp', { shiftKey: true }), row, 10)).toEqual({
      kind: 'move',
      by: -1,
      extend: true,
    });
    expect(gridAction(press('PageDown'), row, 10)).toEqual({ kind: 'move', by: 10, extend: false });
    expect(gridAction(press('Home'), null, 10)).toMatchObject({ kind: 'move', extend: false });
  });

  it('opens a row with Enter, toggles a group with Enter and the side arrows', () => {
    expect(gridAction(press('Enter'), row, 10)).toEqual({ kind: 'open' });
    expect(gridAction(press('Enter'), closed, 10)).toEqual({ kind: 'expand', open: true });
    expect(gridAction(press('Enter'), open, 10)).toEqual({ kind: 'expand', open: false });
    expect(gridAction(press('ArrowRight'), closed, 10)).toEqual({ kind: 'expand', open: true });
    expect(gridAction(press('ArrowRight'), open, 10)).toBeNull();
    expect(gridAction(press('ArrowLeft'), open, 10)).toEqual({ kind: 'expand', open: false });
    expect(gridAction(press('ArrowLeft'), child, 10)).toEqual({ kind: 'toParent' });
    expect(gridAction(press('ArrowLeft'), row, 10)).toBeNull();
    expect(gridAction(press('Enter'), null, 10)).toBeNull();
  });

  it('in a tree of folders, Left on a closed folder below the top goes to its parent', () => {
    const nested: KeyedRow = { kind: 'group', expanded: false, level: 2 };
    expect(gridAction(press('ArrowLeft'), nested, 10)).toEqual({ kind: 'toParent' });
    expect(gridAction(press('ArrowLeft'), { ...nested, expanded: true }, 10)).toEqual({
      kind: 'expand',
      open: false,
    });
    expect(gridAction(press('ArrowLeft'), { ...nested, level: 1 }, 10)).toBeNull();
    expect(gridAction(press('ArrowLeft'), { kind: 'child', level: 3 }, 10)).toEqual({
      kind: 'toParent',
    });
  });

  it('selects with Space and Ctrl/Cmd+A, removes with Delete, lets go with Escape', () => {
    expect(gridAction(press(' '), row, 10)).toEqual({ kind: 'toggleSelect' });
    expect(gridAction(press(' '), null, 10)).toBeNull();
    expect(gridAction(press('a', { ctrlKey: true }), row, 10)).toEqual({ kind: 'selectAll' });
    expect(gridAction(press('a', { metaKey: true }), row, 10)).toEqual({ kind: 'selectAll' });
    expect(gridAction(press('a'), row, 10)).toBeNull();
    expect(gridAction(press('Delete'), row, 10)).toEqual({ kind: 'remove' });
    expect(gridAction(press('Delete'), null, 10)).toBeNull();
    expect(gridAction(press('Escape'), row, 10)).toEqual({ kind: 'escape' });
    expect(gridAction(press('ArrowDown', { altKey: true }), row, 10)).toBeNull();
    expect(gridAction(press('x'), row, 10)).toBeNull();
  });
});

describe('movedIndex', () => {
  it('moves within the rows and stops at either end', () => {
    expect(movedIndex(3, 1, 10)).toBe(4);
    expect(movedIndex(3, -5, 10)).toBe(0);
    expect(movedIndex(3, Number.MAX_SAFE_INTEGER, 10)).toBe(9);
  });

  it('starts at the first row going down and the last going up; -1 without rows', () => {
    expect(movedIndex(-1, 1, 10)).toBe(0);
    expect(movedIndex(-1, -1, 10)).toBe(9);
    expect(movedIndex(-1, 1, 0)).toBe(-1);
  });
});
