import { describe, expect, it } from 'vitest';
import { compareValues, sortRows, toggleSort } from './sorting.js';

describe('toggleSort', () => {
  it('flips the same column and starts another the way it reads best', () => {
    expect(toggleSort([{ id: 'size', desc: true }], 'size', true)).toEqual([
      { id: 'size', desc: false },
    ]);
    expect(toggleSort([{ id: 'size', desc: true }], 'name', false)).toEqual([
      { id: 'name', desc: false },
    ]);
    expect(toggleSort([], 'created', true)).toEqual([{ id: 'created', desc: true }]);
  });

  it('adds or flips a further key with multi', () => {
    const first = [{ id: 'name', desc: false }];
    expect(toggleSort(first, 'size', true, true)).toEqual([
      { id: 'name', desc: false },
      { id: 'size', desc: true },
    ]);
    expect(toggleSort(first, 'name', false, true)).toEqual([{ id: 'name', desc: true }]);
  });
});

describe('sortRows', () => {
  const rows = [
    { name: 'v10', size: 3 as number | null },
    { name: 'v2', size: null },
    { name: 'V1', size: 3 },
    { name: 'b', size: 1 },
  ];
  const valueOf = (r: (typeof rows)[number], id: string) => (id === 'name' ? r.name : r.size);

  it('sorts texts naturally and numbers by value, ties in input order', () => {
    expect(sortRows(rows, [{ id: 'name', desc: false }], valueOf).map((r) => r.name)).toEqual([
      'b',
      'V1',
      'v2',
      'v10',
    ]);
    expect(sortRows(rows, [{ id: 'size', desc: true }], valueOf).map((r) => r.name)).toEqual([
      'v10',
      'V1',
      'b',
      'v2',
    ]);
  });

  it('puts a missing value last in either direction, and uses the next key on a tie', () => {
    const up = sortRows(rows, [{ id: 'size', desc: false }], valueOf);
    expect(up.at(-1)?.name).toBe('v2');
    const byBoth = sortRows(
      rows,
      [
        { id: 'size', desc: true },
        { id: 'name', desc: false },
      ],
      valueOf,
    );
    expect(byBoth.map((r) => r.name)).toEqual(['V1', 'v10', 'b', 'v2']);
  });

  it('returns the rows themselves without a key', () => {
    expect(sortRows(rows, [], valueOf)).toBe(rows);
  });

  it('compares values: numbers, natural text, null last', () => {
    expect(compareValues(2, 10)).toBeLessThan(0);
    expect(compareValues('item2', 'item10')).toBeLessThan(0);
    expect(compareValues(null, 1)).toBe(1);
    expect(compareValues('a', 'A')).toBe(0);
  });
});
