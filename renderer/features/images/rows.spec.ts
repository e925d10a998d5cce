import { describe, expect, it } from 'vitest';
import { makeImage } from '../../testing/fake-transport.js';
import {
  cachedRowsOfImage,
  compareImages,
  deriveRows,
  filterRows,
  rowsOfImage,
  sortRows,
  splitReference,
  summarizeRows,
} from './rows.js';

describe('splitReference', () => {
  it('splits at the tag colon, not at a registry port', () => {
    expect(splitReference('nginx:1.27')).toEqual({ repository: 'nginx', tag: '1.27' });
    expect(splitReference('localhost:5000/team/app:v2')).toEqual({
      repository: 'localhost:5000/team/app',
      tag: 'v2',
    });
    expect(splitReference('localhost:5000/team/app')).toEqual({
      repository: 'localhost:5000/team/app',
      tag: '<none>',
    });
    expect(splitReference('repo@sha256:abc')).toEqual({ repository: 'repo', tag: '<none>' });
  });
});

describe('rowsOfImage', () => {
  it('gives one row per tag with a stable id of image id and tag', () => {
    const image = makeImage('a', { repoTags: ['app:1', 'app:latest', 'registry:5000/app:1'] });
    const rows = rowsOfImage(image);
    expect(rows.map((r) => [r.repository, r.tag])).toEqual([
      ['app', '1'],
      ['app', 'latest'],
      ['registry:5000/app', '1'],
    ]);
    expect(rows.map((r) => r.id)).toEqual([
      `${image.id}|app:1`,
      `${image.id}|app:latest`,
      `${image.id}|registry:5000/app:1`,
    ]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
    expect(rows[0]?.shortId).toBe(image.id.slice(7, 19));
  });

  it('gives an untagged image one <none> row, named after a leftover digest if any', () => {
    const bare = makeImage('b', { repoTags: [], dangling: true });
    expect(rowsOfImage(bare).map((r) => [r.repository, r.tag, r.id])).toEqual([
      ['<none>', '<none>', `${bare.id}|<none>`],
    ]);
    const digestOnly = makeImage('c', {
      repoTags: [],
      repoDigests: ['localhost:5055/evt/five@sha256:3cd439'],
      dangling: true,
    });
    expect(rowsOfImage(digestOnly).map((r) => [r.repository, r.tag])).toEqual([
      ['localhost:5055/evt/five', '<none>'],
    ]);
  });

  it('hides intermediate layers', () => {
    expect(rowsOfImage(makeImage('d', { repoTags: [], intermediate: true }))).toEqual([]);
  });

  it('carries the container count and the dangling flag', () => {
    const image = makeImage('e', {
      containers: [
        { id: 'c1', name: 'web', state: 'running' },
        { id: 'c2', name: 'job', state: 'exited' },
      ],
    });
    expect(rowsOfImage(image)[0]).toMatchObject({ containers: 2, dangling: false });
  });
});

describe('deriveRows', () => {
  it('reuses the row objects of unchanged records and rebuilds those of replaced ones', () => {
    const a = makeImage('a');
    const b = makeImage('b');
    const first = deriveRows([a, b]);
    const b2 = { ...b, repoTags: ['b:latest', 'b:v2'] };
    const second = deriveRows([a, b2]);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second).toHaveLength(3);
    expect(cachedRowsOfImage(a)).toBe(cachedRowsOfImage(a));
  });

  it('orders images newest first, then by id', () => {
    const old = makeImage('o', { created: 1 });
    const newer = makeImage('n', { created: 2 });
    const sameTime = makeImage('m', { created: 2 });
    expect([old, newer, sameTime].sort(compareImages).map((i) => i.id)).toEqual([
      sameTime.id,
      newer.id,
      old.id,
    ]);
  });
});

describe('filterRows and summarizeRows', () => {
  const a = makeImage('aa', { repoTags: ['web/frontend:1.0', 'web/frontend:latest'], size: 10 });
  const b = makeImage('bb', { repoTags: ['db:16'], size: 5 });
  const rows = deriveRows([a, b]);

  it('matches every word against repository:tag and id, case-insensitively', () => {
    expect(filterRows(rows, 'FRONT').map((r) => r.tag)).toEqual(['1.0', 'latest']);
    expect(filterRows(rows, 'frontend latest').map((r) => r.tag)).toEqual(['latest']);
    expect(filterRows(rows, 'db:16')).toHaveLength(1);
    expect(filterRows(rows, b.id.slice(7, 15))).toHaveLength(1);
    expect(filterRows(rows, 'nothing-like-this')).toEqual([]);
    expect(filterRows(rows, '   ')).toBe(rows);
  });

  it('counts distinct images and sums each size once', () => {
    expect(summarizeRows(rows)).toEqual({ count: 2, size: 15 });
    expect(summarizeRows([])).toEqual({ count: 0, size: 0 });
  });
});

describe('sortRows', () => {
  const big = makeImage('big', { size: 900, created: 10, repoTags: ['app:v10'] });
  const small = makeImage('sml', { size: 5, created: 30, repoTags: ['app:v2'] });
  const mid = makeImage('mid', {
    size: 50,
    created: 20,
    repoTags: [],
    dangling: true,
    containers: [{ id: 'c', name: 'web', state: 'running' }],
  });
  const rows = deriveRows([big, small, mid]);
  const tags = (sorted: ReturnType<typeof deriveRows>): string[] =>
    sorted.map((r) => `${r.repository}:${r.tag}`);

  it('sorts by size and by created, in either direction', () => {
    expect(sortRows(rows, [{ id: 'size', desc: true }]).map((r) => r.size)).toEqual([900, 50, 5]);
    expect(sortRows(rows, [{ id: 'size', desc: false }]).map((r) => r.size)).toEqual([5, 50, 900]);
    expect(sortRows(rows, [{ id: 'created', desc: true }]).map((r) => r.created)).toEqual([
      30, 20, 10,
    ]);
  });

  it('orders names naturally and puts <none> last', () => {
    expect(tags(sortRows(rows, [{ id: 'tag', desc: false }]))).toEqual([
      'app:v2',
      'app:v10',
      '<none>:<none>',
    ]);
  });

  it('puts images in use first when sorting status descending', () => {
    expect(sortRows(rows, [{ id: 'status', desc: true }])[0]?.imageId).toBe(mid.id);
  });

  it('breaks ties by the next key, then keeps the input order', () => {
    const twin = makeImage('twn', { size: 900, created: 40, repoTags: ['other:1'] });
    const all = deriveRows([big, twin]);
    expect(sortRows(all, [{ id: 'size', desc: true }]).map((r) => r.imageId)).toEqual([
      big.id,
      twin.id,
    ]);
    expect(
      sortRows(all, [
        { id: 'size', desc: true },
        { id: 'created', desc: true },
      ]).map((r) => r.imageId),
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
