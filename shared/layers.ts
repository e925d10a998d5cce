/**
 * The layer explorer's model: what each layer of an image holds (read once from `docker save` and
 * kept by its diff id), the merged tree, the waste, and the difference of two images.
 */

export const LAYER_ENTRY_TYPES = ['file', 'dir', 'symlink', 'hardlink', 'other'] as const;
export type LayerEntryType = (typeof LAYER_ENTRY_TYPES)[number];

/** One entry of a layer tar. `path` is relative to the root, without a leading or trailing `/`. */
export interface LayerEntry {
  path: string;
  type: LayerEntryType;
  /** Permission bits (and setuid/setgid/sticky), as the tar header gives them. */
  mode: number;
  /** Content bytes (0 for a folder, a link, or a hard link). */
  size: number;
  /** A symlink's target, or a hard link's source path (relative to the root). */
  link: string | null;
  /** The first 16 hex digits of the content's sha256 (regular files only). */
  digest: string | null;
}

/** What a layer removes from the layers below it. */
export interface LayerRemoval {
  /** `.wh.NAME` removes `path`; `.wh..wh..opq` in a folder removes everything below that folder. */
  kind: 'whiteout' | 'opaque';
  path: string;
}

/** A layer's index, as stored. */
export interface LayerIndex {
  /** `sha256:…` of the uncompressed layer tar. */
  diffId: string;
  /** Bytes of the uncompressed layer tar. */
  tarSize: number;
  entries: LayerEntry[];
  removals: LayerRemoval[];
}

/** One layer of an image, oldest first, with the Dockerfile step that made it. */
export interface LayerInfo {
  index: number;
  diffId: string;
  /** The history step that made the layer (`created_by`), or null when the config has none. */
  step: string | null;
  /** Content bytes of the layer's files. */
  size: number;
  tarSize: number;
  added: number;
  changed: number;
  removed: number;
}

export interface ImageLayersView {
  /** What the user asked for (a reference or an id). */
  image: string;
  id: string;
  layers: LayerInfo[];
  /** Whether the daemon's `docker save` was read for this answer (false: all from the store). */
  readFromDaemon: boolean;
}

/** A change a layer makes to the tree below it. */
export interface LayerChange {
  path: string;
  change: 'added' | 'changed' | 'removed';
  type: LayerEntryType;
  /** The new size (added/changed) or the bytes removed (removed: a folder counts all it held). */
  size: number;
  /** The size below this layer, for `changed`; null otherwise. */
  before: number | null;
}

export interface ImageTree {
  image: string;
  id: string;
  files: TreeFile[];
}

export interface LayerChanges {
  image: string;
  id: string;
  layer: number;
  changes: LayerChange[];
}

/** One entry of an image's merged tree. */
export interface TreeFile {
  path: string;
  type: LayerEntryType;
  mode: number;
  size: number;
  link: string | null;
  /** The index (0 = oldest) of the layer that last wrote it. */
  layer: number;
}

export interface WasteFile {
  path: string;
  /** How many layers wrote the path. */
  copies: number;
  wastedBytes: number;
  /** The indexes of the layers that wrote or removed it. */
  layers: number[];
}

export interface WasteReport {
  image: string;
  /** dive's score: Σ smallest size per path / Σ size per path over all layers (1 when empty). */
  efficiency: number;
  /** Bytes of every copy of a file that is not the final one (all copies of a removed file). */
  wastedBytes: number;
  /** dive's "wasted" figure: the total size of every path seen in more than one layer. */
  diveWastedBytes: number;
  worst: WasteFile[];
}

export interface FileDiff {
  path: string;
  change: 'added' | 'removed' | 'changed';
  type: LayerEntryType;
  /** Size in A (null when added). */
  before: number | null;
  /** Size in B (null when removed). */
  after: number | null;
  delta: number;
}

export interface ImageDiff {
  a: { image: string; id: string; layers: number; size: number };
  b: { image: string; id: string; layers: number; size: number };
  /** Diff ids both images hold. */
  sharedLayers: string[];
  sharedBytes: number;
  added: number;
  removed: number;
  changed: number;
  /** Σ delta of every file difference (B − A). */
  delta: number;
  files: FileDiff[];
}

/** What the layer store holds, and its bound. */
export interface LayerStoreInfo {
  layers: number;
  images: number;
  /** Bytes the stored indexes take in the store. */
  bytes: number;
  maxBytes: number;
}

export const DEFAULT_LAYER_STORE_MAX_BYTES = 512 * 1024 * 1024;

/** An entry's type letter and permission bits as `ls -l` writes them: `drwxr-xr-x`. */
export function modeString(type: LayerEntryType, mode: number): string {
  const letter = type === 'dir' ? 'd' : type === 'symlink' ? 'l' : type === 'hardlink' ? 'h' : '-';
  let bits = '';
  for (let shift = 6; shift >= 0; shift -= 3) {
    const b = (mode >> shift) & 7;
    bits += `${b & 4 ? 'r' : '-'}${b & 2 ? 'w' : '-'}${b & 1 ? 'x' : '-'}`;
  }
  return letter + bits;
}
