/**
 * Paths as a folder tree for the Files tab: the merged files of an image, or what one layer
 * changed. Folders that no entry names (a tar need not hold its parents) are made up on the way;
 * a folder's size is its own plus everything under it. The rows shown walk the tree depth first,
 * each folder's children in the grid's order, skipping what a closed folder holds; a path filter
 * keeps the matching paths and the folders that lead to them.
 */
import { sortRows, type SortKey, type SortValue } from '../../components/data-grid/index.js';

/** What the tree needs of an entry. */
export interface PathEntry {
  path: string;
  type: string;
  size: number;
}

export interface FileNode<T extends PathEntry> {
  path: string;
  /** The last part of the path. */
  name: string;
  /** 1 at the top. */
  level: number;
  /** The entry at this path, or null for a folder only its contents name. */
  entry: T | null;
  folder: boolean;
  /** The entry's size, and for a folder everything under it too. */
  size: number;
  parent: FileNode<T> | null;
  children: FileNode<T>[];
}

export interface FileRow<T extends PathEntry> {
  node: FileNode<T>;
  /** A folder shows what it holds. */
  expanded: boolean;
}

/** The tree of `entries`, its top-level nodes in the entries' order. */
export function buildFileTree<T extends PathEntry>(entries: readonly T[]): FileNode<T>[] {
  const roots: FileNode<T>[] = [];
  const byPath = new Map<string, FileNode<T>>();
  const ensure = (path: string): FileNode<T> => {
    const known = byPath.get(path);
    if (known) return known;
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? null : ensure(path.slice(0, slash));
    const node: FileNode<T> = {
      path,
      name: path.slice(slash + 1),
      level: parent ? parent.level + 1 : 1,
      entry: null,
      folder: true,
      size: 0,
      parent,
      children: [],
    };
    if (parent) {
      parent.folder = true;
      parent.children.push(node);
    } else roots.push(node);
    byPath.set(path, node);
    return node;
  };
  for (const entry of entries) {
    const node = ensure(entry.path);
    node.entry = entry;
    node.folder = entry.type === 'dir';
  }
  const total = (node: FileNode<T>): number => {
    if (node.children.length > 0) node.folder = true;
    let size = node.entry?.size ?? 0;
    for (const child of node.children) size += total(child);
    node.size = size;
    return size;
  };
  for (const root of roots) total(root);
  return roots;
}

export interface TreeView<T extends PathEntry> {
  /** Paths of the folders closed. */
  collapsed: ReadonlySet<string>;
  /** A path filter (any case); blank keeps everything. */
  text: string;
  sorting: readonly SortKey[];
  /** A node's value under a column id, for the order of each folder's children. */
  valueOf(node: FileNode<T>, id: string): SortValue;
}

/** The rows shown: depth first, children in order, nothing under a closed folder. */
export function treeRows<T extends PathEntry>(
  roots: readonly FileNode<T>[],
  view: TreeView<T>,
): FileRow<T>[] {
  const needle = view.text.trim().toLowerCase();
  const rows: FileRow<T>[] = [];
  // With a filter, the nodes that match or hold a match.
  const keep = new Set<FileNode<T>>();
  if (needle !== '') {
    const mark = (node: FileNode<T>): boolean => {
      let hit = node.path.toLowerCase().includes(needle);
      for (const child of node.children) if (mark(child)) hit = true;
      if (hit) keep.add(node);
      return hit;
    };
    for (const root of roots) mark(root);
  }
  const walk = (nodes: readonly FileNode<T>[]): void => {
    for (const node of sortRows(nodes, view.sorting, view.valueOf)) {
      if (needle !== '' && !keep.has(node)) continue;
      const expanded = node.folder && !view.collapsed.has(node.path);
      rows.push({ node, expanded });
      if (expanded && node.children.length > 0) walk(node.children);
    }
  };
  walk(roots);
  return rows;
}
