import { describe, expect, it } from 'vitest';
import type { LayerEntry, LayerIndex, LayerRemoval } from '../../../shared/layers.js';
import { diffImages, mergedTree, stackLayers, waste } from './analysis.js';

const dir = (path: string, mode = 0o755): LayerEntry => ({
  path,
  type: 'dir',
  mode,
  size: 0,
  link: null,
  digest: null,
});
const file = (path: string, size: number, mode = 0o644, digest = `d-${path}-${size}`) => ({
  path,
  type: 'file' as const,
  mode,
  size,
  link: null,
  digest,
});
const symlink = (path: string, link: string): LayerEntry => ({
  path,
  type: 'symlink',
  mode: 0o777,
  size: 0,
  link,
  digest: null,
});
const hardlink = (path: string, link: string): LayerEntry => ({
  path,
  type: 'hardlink',
  mode: 0o644,
  size: 0,
  link,
  digest: null,
});
const layer = (
  name: string,
  entries: LayerEntry[],
  removals: LayerRemoval[] = [],
  tarSize = 10_000,
): LayerIndex => ({ diffId: `sha256:${name}`, tarSize, entries, removals });

// L0 writes a base; L1 overwrites a file, removes one by whiteout, changes a mode (re-copying the
// file), adds a hard link and a symlink; L2 empties a folder (opaque) and writes into it.
const L0 = layer('l0', [
  dir('etc'),
  file('etc/app.conf', 100),
  dir('bin'),
  file('bin/tool', 1000, 0o755, 'tool'),
  dir('data'),
  file('data/a', 300),
  file('data/b', 200),
  file('tmp/big', 5000),
  file('lib/x.so', 50),
]);
const L1 = layer(
  'l1',
  [
    file('etc/app.conf', 150),
    file('bin/tool', 1000, 0o700, 'tool'),
    hardlink('lib/y.so', 'lib/x.so'),
    symlink('lib/cur', 'x.so'),
  ],
  [{ kind: 'whiteout', path: 'tmp/big' }],
);
const L2 = layer('l2', [file('data/c', 10)], [{ kind: 'opaque', path: 'data' }]);

describe('stackLayers: the changes of each layer', () => {
  it('lists what each layer adds, changes and removes against the tree below it', () => {
    const { changes } = stackLayers([L0, L1, L2]);
    expect(changes[0]?.every((c) => c.change === 'added')).toBe(true);
    expect(changes[0]).toHaveLength(9);
    expect(changes[1]).toEqual([
      { path: 'bin/tool', change: 'changed', type: 'file', size: 1000, before: 1000 },
      { path: 'etc/app.conf', change: 'changed', type: 'file', size: 150, before: 100 },
      { path: 'lib/cur', change: 'added', type: 'symlink', size: 0, before: null },
      { path: 'lib/y.so', change: 'added', type: 'hardlink', size: 0, before: null },
      { path: 'tmp/big', change: 'removed', type: 'file', size: 5000, before: null },
    ]);
    expect(changes[2]).toEqual([
      { path: 'data/a', change: 'removed', type: 'file', size: 300, before: null },
      { path: 'data/b', change: 'removed', type: 'file', size: 200, before: null },
      { path: 'data/c', change: 'added', type: 'file', size: 10, before: null },
    ]);
  });

  it('a folder entry repeated with the same mode is no change; with another mode it is', () => {
    const same = stackLayers([layer('a', [dir('etc')]), layer('b', [dir('etc')])]);
    expect(same.changes[1]).toEqual([]);
    const other = stackLayers([layer('a', [dir('etc')]), layer('b', [dir('etc', 0o700)])]);
    expect(other.changes[1]).toEqual([
      { path: 'etc', change: 'changed', type: 'dir', size: 0, before: 0 },
    ]);
  });

  it('a whiteout of a folder removes everything below it, counted in bytes', () => {
    const { changes, tree } = stackLayers([
      L0,
      layer('w', [], [{ kind: 'whiteout', path: 'data' }]),
    ]);
    expect(changes[1]).toEqual([
      { path: 'data', change: 'removed', type: 'dir', size: 500, before: null },
    ]);
    expect(tree.get('data/a')).toBeUndefined();
  });
});

describe('stackLayers: detail levels', () => {
  it('builds the same tree at every level, and the same changes with or without the waste', () => {
    const full = stackLayers([L0, L1, L2]);
    const changes = stackLayers([L0, L1, L2], 'changes');
    const tree = stackLayers([L0, L1, L2], 'tree');
    expect(mergedTree(changes)).toEqual(mergedTree(full));
    expect(mergedTree(tree)).toEqual(mergedTree(full));
    expect(changes.changes).toEqual(full.changes);
    expect(tree.changes.flat()).toEqual([]);
  });
});

describe('mergedTree', () => {
  it('holds each path once, with the layer that last wrote it', () => {
    const tree = mergedTree(stackLayers([L0, L1, L2]));
    expect(tree.map((f) => [f.path, f.type, f.size, f.layer, f.mode, f.link])).toEqual([
      ['bin', 'dir', 0, 0, 0o755, null],
      ['bin/tool', 'file', 1000, 1, 0o700, null],
      ['data', 'dir', 0, 0, 0o755, null],
      ['data/c', 'file', 10, 2, 0o644, null],
      ['etc', 'dir', 0, 0, 0o755, null],
      ['etc/app.conf', 'file', 150, 1, 0o644, null],
      ['lib/cur', 'symlink', 0, 1, 0o777, 'x.so'],
      ['lib/x.so', 'file', 50, 0, 0o644, null],
      ['lib/y.so', 'hardlink', 0, 1, 0o644, 'lib/x.so'],
    ]);
  });

  it('a layer that empties a folder and writes into it keeps what it wrote', () => {
    const again = layer('again', [file('data/a', 7)], [{ kind: 'opaque', path: 'data' }]);
    const { changes } = stackLayers([L0, again]);
    const tree = mergedTree(stackLayers([L0, again]));
    expect(tree.filter((f) => f.path.startsWith('data/'))).toEqual([
      { path: 'data/a', type: 'file', mode: 0o644, size: 7, link: null, layer: 1 },
    ]);
    expect(changes[1]).toEqual([
      { path: 'data/a', change: 'changed', type: 'file', size: 7, before: 300 },
      { path: 'data/b', change: 'removed', type: 'file', size: 200, before: null },
    ]);
  });
});

describe('waste', () => {
  it('counts every copy that is not the final one, and dive’s efficiency and wasted figure', () => {
    const w = waste(stackLayers([L0, L1, L2]));
    // app.conf 100 (first copy) + tool 1000 (first copy, re-copied for its mode) + big 5000
    // (removed) + data/a 300 + data/b 200 (removed by the opaque folder).
    expect(w.wastedBytes).toBe(6600);
    expect(w.files).toEqual([
      { path: 'tmp/big', copies: 1, wastedBytes: 5000, layers: [0, 1] },
      { path: 'bin/tool', copies: 2, wastedBytes: 1000, layers: [0, 1] },
      { path: 'data/a', copies: 1, wastedBytes: 300, layers: [0, 2] },
      { path: 'data/b', copies: 1, wastedBytes: 200, layers: [0, 2] },
      { path: 'etc/app.conf', copies: 2, wastedBytes: 100, layers: [0, 1] },
    ]);
    // dive, leaf paths: app.conf [100,150], tool [1000,1000], big [5000, whiteout of a file 0],
    // a 300, b 200, x.so 50, y.so 0, cur 0, data (opaque: what it removed) 500, c 10.
    const minimum = 100 + 1000 + 0 + 300 + 200 + 50 + 0 + 0 + 500 + 10;
    const total = 250 + 2000 + 5000 + 300 + 200 + 50 + 0 + 0 + 500 + 10;
    expect(w.efficiency).toBeCloseTo(minimum / total, 12);
    expect(w.diveWastedBytes).toBe(250 + 2000 + 5000);
  });

  it('a whiteout of a folder counts what it removed (so dive scores it efficient), ours wastes it', () => {
    const w = waste(stackLayers([L0, layer('w', [], [{ kind: 'whiteout', path: 'data' }])]));
    expect(w.efficiency).toBe(1);
    expect(w.diveWastedBytes).toBe(0);
    expect(w.wastedBytes).toBe(500);
  });

  it('an image without sizes is fully efficient and wastes nothing', () => {
    const w = waste(stackLayers([layer('e', [dir('x')])]));
    expect(w).toEqual({ efficiency: 1, wastedBytes: 0, diveWastedBytes: 0, files: [] });
  });

  it('a file written, removed and written again wastes only the copies before the last', () => {
    const w = waste(
      stackLayers([
        layer('a', [file('f', 40)]),
        layer('b', [], [{ kind: 'whiteout', path: 'f' }]),
        layer('c', [file('f', 60)]),
      ]),
    );
    expect(w.files).toEqual([{ path: 'f', copies: 2, wastedBytes: 40, layers: [0, 1, 2] }]);
  });
});

describe('diffImages', () => {
  it('names the shared layers and exactly the files that differ', () => {
    const d = diffImages(
      { image: 'app:1', id: 'sha256:a', layers: [L0, L1] },
      { image: 'app:2', id: 'sha256:b', layers: [L0, L1, L2] },
    );
    expect(d.sharedLayers).toEqual(['sha256:l0', 'sha256:l1']);
    expect(d.sharedBytes).toBe(20_000);
    expect(d.files).toEqual([
      { path: 'data/a', change: 'removed', type: 'file', before: 300, after: null, delta: -300 },
      { path: 'data/b', change: 'removed', type: 'file', before: 200, after: null, delta: -200 },
      { path: 'data/c', change: 'added', type: 'file', before: null, after: 10, delta: 10 },
    ]);
    expect([d.added, d.removed, d.changed, d.delta]).toEqual([1, 2, 0, -490]);
    expect(d.a.size).toBe(1000 + 300 + 200 + 150 + 50);
  });

  it('a file of the same size with other content is changed; the same bytes in a new layer are not', () => {
    const rebuilt = layer(
      'l1b',
      [
        file('etc/app.conf', 150, 0o644, 'other'),
        file('bin/tool', 1000, 0o700, 'tool'),
        hardlink('lib/y.so', 'lib/x.so'),
        symlink('lib/cur', 'x.so'),
      ],
      [{ kind: 'whiteout', path: 'tmp/big' }],
    );
    const d = diffImages(
      { image: 'a', id: 'a', layers: [L0, L1] },
      { image: 'b', id: 'b', layers: [L0, rebuilt] },
    );
    expect(d.sharedLayers).toEqual(['sha256:l0']);
    expect(d.files).toEqual([
      { path: 'etc/app.conf', change: 'changed', type: 'file', before: 150, after: 150, delta: 0 },
    ]);
  });
});
