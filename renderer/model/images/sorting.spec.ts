import { describe, expect, it } from 'vitest';
import { makeImage } from '../../testing/fake-transport.js';
import { deriveRows } from './rows.js';
import { compareNames, sortNeedsUsage, sortRows, statusRank, uniqueOf } from './sorting.js';

const big = makeImage('big', { size: 900, created: 10, repoTags: ['app:v10'] });
const small = makeImage('sml', {
  size: 5,
  created: 30,
  repoTags: ['app:v2'],
  containers: [
    { id: 'c1', name: 'a', state: 'running' },
    { id: 'c2', name: 'b', state: 'exited' },
  ],
});
const mid = makeImage('mid', { size: 50, created: 20, repoTags: [], dangling: true });
const rows = deriveRows([big, small, mid]);
const ids = (r: { id: string }[]) => r.map((x) => x.id);

describe('sortRows', () => {
  it('sorts by size and created, in either direction', () => {
    expect(sortRows(rows, [{ id: 'size', desc: true }]).map((r) => r.size)).toEqual([900, 50, 5]);
    expect(sortRows(rows, [{ id: 'size', desc: false }]).map((r) => r.size)).toEqual([5, 50, 900]);
    expect(sortRows(rows, [{ id: 'created', desc: true }]).map((r) => r.created)).toEqual([
      30, 20, 10,
    ]);
  });

  it('orders names naturally and puts <none> last', () => {
    expect(ids(sortRows(rows, [{ id: 'tags', desc: false }]))).toEqual([small.id, big.id, mid.id]);
    expect(compareNames('v2', 'v10')).toBeLessThan(0);
    expect(compareNames('<none>', 'a')).toBeGreaterThan(0);
  });

  it('sorts by containers and by status (in use, dangling, unused, intermediate)', () => {
    expect(ids(sortRows(rows, [{ id: 'containers', desc: true }]))[0]).toBe(small.id);
    expect(ids(sortRows(rows, [{ id: 'status', desc: true }]))).toEqual([small.id, mid.id, big.id]);
    const layer = deriveRows([makeImage('lay', { repoTags: [], intermediate: true })])[0];
    expect(layer && statusRank(layer)).toBe(0);
  });

  it('sorts by shared and unique sizes, images without a figure last either way', () => {
    const shared = { [big.id]: 800, [small.id]: 0 };
    const byUnique = (desc: boolean) => ids(sortRows(rows, [{ id: 'uniqueSize', desc }], shared));
    expect(byUnique(true)).toEqual([big.id, small.id, mid.id]); // 100, 5, unknown
    expect(byUnique(false)).toEqual([small.id, big.id, mid.id]);
    expect(ids(sortRows(rows, [{ id: 'sharedSize', desc: true }], shared))).toEqual([
      big.id,
      small.id,
      mid.id,
    ]);
    expect(uniqueOf(rows[0]!, shared)).toBe(100);
    expect(uniqueOf(rows[0]!, null)).toBeNull();
    expect(sortNeedsUsage([{ id: 'uniqueSize', desc: true }])).toBe(true);
    expect(sortNeedsUsage([{ id: 'size', desc: true }])).toBe(false);
  });

  it('breaks ties by the next key, then keeps the input order', () => {
    const twin = makeImage('twn', { size: 900, created: 40, repoTags: ['other:1'] });
    const all = deriveRows([big, twin]);
    expect(ids(sortRows(all, [{ id: 'size', desc: true }]))).toEqual([big.id, twin.id]);
    expect(
      ids(
        sortRows(all, [
          { id: 'size', desc: true },
          { id: 'created', desc: true },
        ]),
      ),
    ).toEqual([twin.id, big.id]);
  });

  it('leaves the rows as they are for no or unknown keys, without copying', () => {
    expect(sortRows(rows, [])).toBe(rows);
    expect(sortRows(rows, [{ id: 'nope', desc: true }])).toBe(rows);
    const input = [...rows];
    sortRows(input, [{ id: 'size', desc: false }]);
    expect(input).toEqual(rows);
  });
});
