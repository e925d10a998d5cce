/**
 * Pure functions over layer indexes (oldest layer first): the changes each layer makes to the tree
 * below it, the merged tree, the waste and dive's efficiency score, and the difference of two
 * images. Nothing here reads the daemon or the store.
 *
 * Within a layer, removals (whiteouts and opaque markers) apply to the layers below only: a layer
 * that removes a folder and writes into it again keeps what it wrote.
 */
import type {
  FileDiff,
  ImageDiff,
  LayerChange,
  LayerEntry,
  LayerIndex,
  TreeFile,
  WasteFile,
} from '../../../shared/layers.js';

interface Node {
  entry: LayerEntry;
  layer: number;
}

function parentOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}

/**
 * The tree as layers stack up: every path, and (built on the first removal, then kept up to date)
 * each folder's children, explicit or implied, so a removal finds everything below a folder.
 */
class StackedTree {
  readonly nodes = new Map<string, Node>();
  private index: Map<string, Set<string>> | null = null;

  get(path: string): Node | undefined {
    return this.nodes.get(path);
  }

  set(path: string, node: Node): void {
    this.nodes.set(path, node);
    if (this.index) this.link(this.index, path);
  }

  private link(index: Map<string, Set<string>>, path: string): void {
    for (let child = path; child !== '';) {
      const parent = parentOf(child);
      let set = index.get(parent);
      if (!set) {
        set = new Set();
        index.set(parent, set);
      }
      if (set.has(child)) break;
      set.add(child);
      child = parent;
    }
  }

  private get children(): Map<string, Set<string>> {
    if (!this.index) {
      const index = new Map<string, Set<string>>();
      for (const path of this.nodes.keys()) this.link(index, path);
      this.index = index;
    }
    return this.index;
  }

  childrenOf(path: string): string[] {
    return [...(this.children.get(path) ?? [])];
  }

  /** Every path at or below `path` that holds a node. */
  subtree(path: string): [string, Node][] {
    const out: [string, Node][] = [];
    const walk = (p: string): void => {
      const node = this.nodes.get(p);
      if (node) out.push([p, node]);
      for (const c of this.children.get(p) ?? []) walk(c);
    };
    walk(path);
    return out;
  }

  /** Removes `path` and everything below it; returns what it removed. */
  remove(path: string): [string, Node][] {
    const removed = this.subtree(path);
    for (const [p] of removed) this.nodes.delete(p);
    const drop = (p: string): void => {
      for (const c of this.children.get(p) ?? []) drop(c);
      this.children.delete(p);
    };
    drop(path);
    this.children.get(parentOf(path))?.delete(path);
    return removed;
  }
}

const bytesOf = (nodes: readonly [string, Node][]): number =>
  nodes.reduce((sum, [, n]) => sum + n.entry.size, 0);

/** Where a removal points: the path it removes (whiteout) or the folder it empties (opaque). */
interface Removal {
  kind: 'whiteout' | 'opaque';
  path: string;
}

/** Per-path figures gathered while stacking. */
interface PathStats {
  copies: number;
  written: number;
  layers: number[];
}

/** dive's per-path figures: the sizes of the path's leaf nodes, one per layer that has it. */
interface DivePath {
  nodes: number;
  cumulative: number;
  min: number;
}

export interface StackResult {
  tree: StackedTree;
  changes: LayerChange[][];
  stats: Map<string, PathStats>;
  dive: Map<string, DivePath>;
}

function sameEntry(a: LayerEntry, b: LayerEntry): boolean {
  return a.type === 'dir' && b.type === 'dir' && a.mode === b.mode;
}

/**
 * Stacks the layers once and gathers what the views need: `tree` builds only the tree (the merged
 * tree and the diff need no more), `changes` adds each layer's changes, `full` adds the waste and
 * dive figures.
 */
export function stackLayers(
  layers: readonly LayerIndex[],
  detail: 'tree' | 'changes' | 'full' = 'full',
): StackResult {
  const full = detail === 'full';
  const listChanges = detail !== 'tree';
  const tree = new StackedTree();
  const changes: LayerChange[][] = [];
  const stats = new Map<string, PathStats>();
  const dive = new Map<string, DivePath>();

  const touch = (path: string, layer: number): PathStats => {
    let s = stats.get(path);
    if (!s) {
      s = { copies: 0, written: 0, layers: [] };
      stats.set(path, s);
    }
    if (s.layers.at(-1) !== layer) s.layers.push(layer);
    return s;
  };
  const diveNode = (path: string, size: number): void => {
    const d = dive.get(path);
    if (!d) dive.set(path, { nodes: 1, cumulative: size, min: size });
    else {
      d.nodes++;
      d.cumulative += size;
      d.min = Math.min(d.min, size);
    }
  };

  layers.forEach((layer, i) => {
    const out: LayerChange[] = [];
    const removals: Removal[] = layer.removals;
    const written = removals.length > 0 ? new Set(layer.entries.map((e) => e.path)) : null;

    // dive visits the leaves of each layer's own tree: paths no other path of the layer lies in.
    // A removal's own path in the layer is its marker (`dir/.wh.name`, `dir/.wh..wh..opq`).
    const inner = new Set<string>();
    if (full) {
      const addAncestors = (p: string): void => {
        for (let q = parentOf(p); q !== '' && !inner.has(q); q = parentOf(q)) inner.add(q);
      };
      for (const e of layer.entries) addAncestors(e.path);
      for (const r of removals) {
        addAncestors(r.kind === 'opaque' ? `${r.path}/.wh..wh..opq` : r.path);
      }
    }

    // Removals, measured against the tree below this layer.
    const targetsNow: string[] = [];
    for (const r of removals) {
      const targets = r.kind === 'whiteout' ? [r.path] : tree.childrenOf(r.path);
      let removedBytes = 0;
      for (const target of targets) {
        if (!listChanges) {
          targetsNow.push(target);
          continue;
        }
        const gone = tree.subtree(target);
        if (gone.length === 0) continue;
        const bytes = bytesOf(gone);
        removedBytes += bytes;
        const top = tree.get(target);
        if (!written?.has(target)) {
          out.push({
            path: target,
            change: 'removed',
            type: top?.entry.type ?? 'dir',
            size: bytes,
            before: null,
          });
        }
        targetsNow.push(target);
      }
      if (!full) continue;
      // dive sizes a whiteout by what it removed when that was a folder, and 0 for a file.
      if (r.kind === 'opaque') diveNode(r.path, removedBytes);
      else if (!inner.has(r.path)) {
        diveNode(r.path, tree.get(r.path)?.entry.type === 'dir' ? removedBytes : 0);
      }
    }
    if (listChanges) {
      for (const e of layer.entries) {
        const prev = tree.get(e.path);
        if (!prev) {
          out.push({ path: e.path, change: 'added', type: e.type, size: e.size, before: null });
        } else if (!sameEntry(prev.entry, e)) {
          out.push({
            path: e.path,
            change: 'changed',
            type: e.type,
            size: e.size,
            before: prev.entry.size,
          });
        }
        if (full && !inner.has(e.path)) diveNode(e.path, e.size);
      }
    }

    // Apply: removals first, then what the layer writes.
    for (const target of targetsNow) {
      for (const [p, n] of tree.remove(target)) {
        if (full && n.entry.type !== 'dir') touch(p, i);
      }
    }
    for (const e of layer.entries) {
      tree.set(e.path, { entry: e, layer: i });
      if (full && e.type !== 'dir') {
        const s = touch(e.path, i);
        s.copies++;
        s.written += e.size;
      }
    }
    if (listChanges) out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    changes.push(out);
  });
  return { tree, changes, stats, dive };
}

/** The merged tree: every path the image holds, with the layer that last wrote it, by path. */
export function mergedTree(stack: StackResult): TreeFile[] {
  const out: TreeFile[] = [];
  for (const [path, n] of stack.tree.nodes) {
    const { type, mode, size, link } = n.entry;
    out.push({ path, type, mode, size, link, layer: n.layer });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export interface Waste {
  efficiency: number;
  wastedBytes: number;
  diveWastedBytes: number;
  /** Every path that wastes bytes, most first (then by path). */
  files: WasteFile[];
}

/**
 * Wasted bytes: for each path, every byte written that the final image does not hold (a file
 * written twice wastes its first copy; a file written then removed wastes every copy).
 *
 * Efficiency is dive's: over every leaf path of every layer's own tree, Σ (smallest size the path
 * has in any layer) / Σ (its size summed over the layers), 1 when nothing has a size. A whiteout
 * counts 0 for a file and the bytes it removed for a folder; an opaque marker counts as a whiteout
 * of its folder's contents. dive's "wasted" figure is the summed size of every path seen in more
 * than one layer.
 */
export function waste(stack: StackResult): Waste {
  let minimum = 0;
  let discovered = 0;
  let diveWastedBytes = 0;
  for (const d of stack.dive.values()) {
    minimum += d.min;
    discovered += d.cumulative;
    if (d.nodes > 1) diveWastedBytes += d.cumulative;
  }
  let wastedBytes = 0;
  const files: WasteFile[] = [];
  for (const [path, s] of stack.stats) {
    const final = stack.tree.get(path);
    const kept = final && final.entry.type !== 'dir' ? final.entry.size : 0;
    const wasted = s.written - kept;
    if (wasted <= 0) continue;
    wastedBytes += wasted;
    files.push({ path, copies: s.copies, wastedBytes: wasted, layers: [...s.layers] });
  }
  files.sort((a, b) => b.wastedBytes - a.wastedBytes || (a.path < b.path ? -1 : 1));
  return {
    efficiency: discovered === 0 ? 1 : minimum / discovered,
    wastedBytes,
    diveWastedBytes,
    files,
  };
}

function sameFile(a: LayerEntry, b: LayerEntry): boolean {
  return (
    a.type === b.type &&
    a.mode === b.mode &&
    a.size === b.size &&
    a.link === b.link &&
    a.digest === b.digest
  );
}

export interface DiffSide {
  image: string;
  id: string;
  layers: readonly LayerIndex[];
}

/**
 * The difference of two images: the layers both hold (and their bytes), and every path whose
 * entry differs between the merged trees (type, mode, size, link target, or content digest).
 */
export function diffImages(a: DiffSide, b: DiffSide): ImageDiff {
  const treeA = stackLayers(a.layers, 'tree').tree.nodes;
  const treeB = stackLayers(b.layers, 'tree').tree.nodes;
  const files: FileDiff[] = [];
  for (const [path, nb] of treeB) {
    const fb = nb.entry;
    const fa = treeA.get(path)?.entry;
    if (!fa) {
      files.push({
        path,
        change: 'added',
        type: fb.type,
        before: null,
        after: fb.size,
        delta: fb.size,
      });
    } else if (fa !== fb && !sameFile(fa, fb)) {
      files.push({
        path,
        change: 'changed',
        type: fb.type,
        before: fa.size,
        after: fb.size,
        delta: fb.size - fa.size,
      });
    }
  }
  for (const [path, na] of treeA) {
    if (treeB.has(path)) continue;
    const fa = na.entry;
    files.push({
      path,
      change: 'removed',
      type: fa.type,
      before: fa.size,
      after: null,
      delta: -fa.size,
    });
  }
  files.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  const idsB = new Set(b.layers.map((l) => l.diffId));
  const shared = [...new Set(a.layers.map((l) => l.diffId))].filter((d) => idsB.has(d));
  const tarSizes = new Map(a.layers.map((l) => [l.diffId, l.tarSize]));
  const side = (s: DiffSide, tree: Map<string, Node>) => {
    let size = 0;
    for (const n of tree.values()) size += n.entry.size;
    return { image: s.image, id: s.id, layers: s.layers.length, size };
  };
  return {
    a: side(a, treeA),
    b: side(b, treeB),
    sharedLayers: shared,
    sharedBytes: shared.reduce((sum, d) => sum + (tarSizes.get(d) ?? 0), 0),
    added: files.filter((f) => f.change === 'added').length,
    removed: files.filter((f) => f.change === 'removed').length,
    changed: files.filter((f) => f.change === 'changed').length,
    delta: files.reduce((sum, f) => sum + f.delta, 0),
    files,
  };
}
