import { describe, expect, it } from 'vitest';
import { makeImage } from '../../testing/fake-transport.js';
import { cachedRowOfImage, compareImages, deriveRows, rowOfImage, summarizeRows } from './rows.js';

describe('rowOfImage', () => {
  it('makes one row per image with every tag, local names first', () => {
    const image = makeImage('a', {
      repoTags: ['127.0.0.1:5000/shop/api:1.8', 'shop/api:1.8', 'shop/api:latest'],
      repoDigests: ['127.0.0.1:5000/shop/api@sha256:feed'],
    });
    const row = rowOfImage(image);
    expect(row.id).toBe(image.id);
    expect(row.tags.map((t) => t.ref)).toEqual([
      'shop/api:1.8',
      'shop/api:latest',
      '127.0.0.1:5000/shop/api:1.8',
    ]);
    expect(row.repositories).toEqual(['shop/api', '127.0.0.1:5000/shop/api']);
    expect(row.repository).toBe('shop/api');
    expect(row.tag).toBe('1.8');
    expect(row.digests).toEqual(['sha256:feed']);
    expect(row.registries).toEqual(['docker.io', '127.0.0.1:5000']);
    expect(row.shortId).toBe(image.id.slice(7, 19));
  });

  it('names an untagged image after a leftover digest, else <none>', () => {
    const bare = rowOfImage(makeImage('b', { repoTags: [], dangling: true }));
    expect([bare.repository, bare.tag, bare.repositories, bare.registries]).toEqual([
      '<none>',
      '<none>',
      [],
      [],
    ]);
    const digestOnly = rowOfImage(
      makeImage('c', { repoTags: [], repoDigests: ['localhost:5055/evt/five@sha256:3cd4'] }),
    );
    expect([digestOnly.repository, digestOnly.tag]).toEqual(['localhost:5055/evt/five', '<none>']);
  });

  it('carries status flags and a lower-case search text with labels', () => {
    const row = rowOfImage(
      makeImage('d', {
        repoTags: ['Web/App:V1'],
        labels: { Team: 'Data' },
        containers: [{ id: 'c1', name: 'web', state: 'running' }],
      }),
    );
    expect(row.inUse).toBe(true);
    expect(row.search).toContain('web/app:v1');
    expect(row.search).toContain('team=data');
  });
});

describe('deriveRows', () => {
  it('reuses the rows of unchanged records and rebuilds those of replaced ones', () => {
    const a = makeImage('a');
    const b = makeImage('b');
    const first = deriveRows([a, b]);
    const b2 = { ...b, repoTags: ['b:latest', 'b:v2'] };
    const second = deriveRows([a, b2]);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]?.tags).toHaveLength(2);
    expect(cachedRowOfImage(a)).toBe(cachedRowOfImage(a));
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

describe('summarizeRows', () => {
  it('counts the images and sums their sizes, once per array', () => {
    const rows = deriveRows([makeImage('a', { size: 10 }), makeImage('b', { size: 5 })]);
    const summary = summarizeRows(rows);
    expect(summary).toEqual({ count: 2, size: 15 });
    expect(summarizeRows(rows)).toBe(summary);
    expect(summarizeRows([])).toEqual({ count: 0, size: 0 });
  });
});
