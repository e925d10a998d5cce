import { describe, expect, it } from 'vitest';
import { makeImage } from '../../testing/fake-transport.js';
import { displayRows, groupRows, imageOf, keyOf, type GroupRow } from './grouping.js';
import { deriveRows } from './rows.js';

const api18 = makeImage('a18', {
  repoTags: ['shop/api:1.8', 'shop/api:latest', 'reg:5000/shop/api:1.8'],
  size: 50,
  created: 30,
  containers: [{ id: 'c', name: 'api-1', state: 'running' }],
});
const api17 = makeImage('a17', { repoTags: ['shop/api:1.7'], size: 40, created: 20 });
const pg = makeImage('pg', { repoTags: ['postgres:16'], size: 200, created: 10 });
const orphan = makeImage('orp', { repoTags: [], dangling: true, size: 5, created: 40 });
const rows = deriveRows([orphan, api18, api17, pg]);

describe('groupRows', () => {
  it('groups by repository, listing an image under each of its repositories', () => {
    const { groups } = groupRows(rows, [], new Set());
    const byName = Object.fromEntries(groups.map((g) => [g.repository, g]));
    expect(Object.keys(byName).sort()).toEqual([
      '<none>',
      'postgres',
      'reg:5000/shop/api',
      'shop/api',
    ]);
    const api = byName['shop/api'] as GroupRow;
    expect(api.images.map((i) => i.id)).toEqual([api18.id, api17.id]);
    expect(api).toMatchObject({
      tagCount: 3,
      size: 90,
      created: 30,
      containers: 1,
      expanded: false,
    });
    expect(byName['reg:5000/shop/api']?.tagCount).toBe(1);
  });

  it('orders groups by the first sort key, names otherwise, <none> last by name', () => {
    const order = (sort: { id: string; desc: boolean }[]) =>
      groupRows(rows, sort, new Set()).groups.map((g) => g.repository);
    expect(order([{ id: 'size', desc: true }])).toEqual([
      'postgres',
      'shop/api',
      'reg:5000/shop/api',
      '<none>',
    ]);
    expect(order([{ id: 'created', desc: true }])[0]).toBe('<none>');
    expect(order([])).toEqual(['postgres', 'reg:5000/shop/api', 'shop/api', '<none>']);
    expect(order([{ id: 'repository', desc: true }])).toEqual([
      'shop/api',
      'reg:5000/shop/api',
      'postgres',
      '<none>',
    ]);
  });
});

describe('displayRows', () => {
  it('lists children only under expanded groups, keyed apart per group', () => {
    const flat = displayRows(rows, [], new Set(['shop/api', 'reg:5000/shop/api']));
    expect(flat.map((d) => d.kind)).toEqual([
      'group',
      'group',
      'child',
      'group',
      'child',
      'child',
      'group',
    ]);
    const children = flat.filter((d) => d.kind === 'child');
    expect(new Set(children.map(keyOf)).size).toBe(3);
    expect(children.map((c) => imageOf(c)?.id)).toEqual([api18.id, api18.id, api17.id]);
    const first = children[1];
    expect(first?.kind === 'child' && first.tags.map((t) => t.ref)).toEqual([
      'shop/api:1.8',
      'shop/api:latest',
    ]);
    expect(imageOf(flat[0]!)).toBeNull();
  });
});
