import { describe, expect, it } from 'vitest';
import type { SortKey } from '../../components/data-grid/index.js';
import {
  buildFileTree,
  treeRows,
  type FileNode,
  type PathEntry,
  type TreeView,
} from './file-tree.js';

const e = (path: string, size = 0, type = 'file'): PathEntry => ({ path, type, size });

const valueOf = (node: FileNode<PathEntry>, id: string) => (id === 'size' ? node.size : node.name);

const view = (
  over: { collapsed?: ReadonlySet<string>; text?: string; sorting?: SortKey[] } = {},
): TreeView<PathEntry> => ({
  collapsed: new Set<string>(),
  text: '',
  sorting: [{ id: 'path', desc: false }],
  valueOf,
  ...over,
});

const shown = (rows: ReturnType<typeof treeRows<PathEntry>>) =>
  rows.map((r) => `${'  '.repeat(r.node.level - 1)}${r.node.name}${r.node.folder ? '/' : ''}`);

describe('file tree', () => {
  // usr/lib is named by no entry; etc is an empty folder.
  const entries = [
    e('usr', 0, 'dir'),
    e('usr/lib/libz.so', 300),
    e('usr/lib/libc.so', 500),
    e('usr/bin/sh', 40),
    e('etc', 0, 'dir'),
    e('README', 7),
  ];
  const roots = buildFileTree(entries);

  it('nests paths under their folders, making up the folders no entry names, with total sizes', () => {
    expect(shown(treeRows(roots, view()))).toEqual([
      'etc/',
      'README',
      'usr/',
      '  bin/',
      '    sh',
      '  lib/',
      '    libc.so',
      '    libz.so',
    ]);
    const usr = roots.find((r) => r.path === 'usr');
    expect(usr?.size).toBe(840);
    const lib = usr?.children.find((c) => c.path === 'usr/lib');
    expect(lib).toMatchObject({ entry: null, folder: true, level: 2, size: 800 });
  });

  it('orders each folder by the sort, biggest first by size', () => {
    const rows = treeRows(roots, view({ sorting: [{ id: 'size', desc: true }] }));
    expect(shown(rows)).toEqual([
      'usr/',
      '  lib/',
      '    libc.so',
      '    libz.so',
      '  bin/',
      '    sh',
      'README',
      'etc/',
    ]);
  });

  it('hides what a closed folder holds, and marks it closed', () => {
    const rows = treeRows(roots, view({ collapsed: new Set(['usr/lib']) }));
    expect(shown(rows)).toEqual(['etc/', 'README', 'usr/', '  bin/', '    sh', '  lib/']);
    expect(rows.find((r) => r.node.path === 'usr/lib')?.expanded).toBe(false);
    expect(rows.find((r) => r.node.path === 'usr')?.expanded).toBe(true);
    expect(rows.find((r) => r.node.path === 'README')?.expanded).toBe(false);
  });

  it('filters by path (any case), keeping the folders that lead to a match', () => {
    expect(shown(treeRows(roots, view({ text: ' LIBZ ' })))).toEqual([
      'usr/',
      '  lib/',
      '    libz.so',
    ]);
    expect(shown(treeRows(roots, view({ text: 'nothing' })))).toEqual([]);
  });

  it('counts a removed folder by its own size (what it held)', () => {
    const tree = buildFileTree([e('data', 4096, 'dir'), e('data/new', 10)]);
    expect(tree[0]?.size).toBe(4106);
  });
});
