/**
 * Layer indexes by diff id, and which layers (and history steps) each image has. Bounded: after
 * each write the least recently used layers go until the indexes fit the size setting; the layers
 * being written are kept whatever their size.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  DEFAULT_LAYER_STORE_MAX_BYTES,
  LAYER_ENTRY_TYPES,
  type LayerEntry,
  type LayerIndex,
  type LayerInfo,
  type LayerRemoval,
  type LayerStoreInfo,
} from '../../../shared/layers.js';
import { blobOrNull, jsonColumn, num, text, type StoreDatabase } from './database.js';

/** An image as the layer store remembers it. */
export interface LayerImageRow {
  id: string;
  diffIds: string[];
  /** The history step of each layer, or null where the config gave none. */
  steps: (string | null)[];
  /** The layer list as the explorer shows it, or null until worked out. */
  summary: LayerInfo[] | null;
}

/** Compact rows: [path, type, mode, size, link, digest] and [kind, path]. */
type EntryRow = [string, number, number, number, string | null, string | null];
type RemovalRow = [0 | 1, string];

export function encodeLayer(layer: LayerIndex): Uint8Array {
  const e: EntryRow[] = layer.entries.map((x) => [
    x.path,
    LAYER_ENTRY_TYPES.indexOf(x.type),
    x.mode,
    x.size,
    x.link,
    x.digest,
  ]);
  const r: RemovalRow[] = layer.removals.map((x) => [x.kind === 'opaque' ? 1 : 0, x.path]);
  return deflateRawSync(JSON.stringify({ e, r }), { level: 1 });
}

export function decodeLayer(diffId: string, tarSize: number, data: Uint8Array): LayerIndex {
  const parsed = JSON.parse(inflateRawSync(data).toString('utf8')) as {
    e: EntryRow[];
    r: RemovalRow[];
  };
  const entries: LayerEntry[] = parsed.e.map(([path, type, mode, size, link, digest]) => ({
    path,
    type: LAYER_ENTRY_TYPES[type] ?? 'other',
    mode,
    size,
    link,
    digest,
  }));
  const removals: LayerRemoval[] = parsed.r.map(([kind, path]) => ({
    kind: kind === 1 ? 'opaque' : 'whiteout',
    path,
  }));
  return { diffId, tarSize, entries, removals };
}

export class LayersRepo {
  constructor(private readonly db: StoreDatabase) {}

  /** Which of `diffIds` are stored. */
  storedOf(diffIds: readonly string[]): Set<string> {
    if (diffIds.length === 0) return new Set();
    const rows = this.db.all(
      'SELECT diff_id FROM layer_indexes WHERE diff_id IN (SELECT value FROM json_each(?))',
      JSON.stringify(diffIds),
    );
    return new Set(rows.map((r) => text(r, 'diff_id')));
  }

  /** The stored layers among `diffIds`, marked used at `at`. */
  layers(diffIds: readonly string[], at: number): Map<string, LayerIndex> {
    const out = new Map<string, LayerIndex>();
    for (const id of new Set(diffIds)) {
      const row = this.db.get('SELECT tar_size, data FROM layer_indexes WHERE diff_id = ?', id);
      const data = row ? blobOrNull(row, 'data') : null;
      if (!row || !data) continue;
      out.set(id, decodeLayer(id, num(row, 'tar_size'), data));
    }
    if (out.size > 0) {
      this.db.run(
        'UPDATE layer_indexes SET used_at = ? WHERE diff_id IN (SELECT value FROM json_each(?))',
        at,
        JSON.stringify([...out.keys()]),
      );
    }
    return out;
  }

  image(id: string): LayerImageRow | null {
    const row = this.db.get('SELECT * FROM layer_images WHERE image_id = ?', id);
    if (!row) return null;
    return {
      id,
      diffIds: jsonColumn<string[]>(row, 'diff_ids', []),
      steps: jsonColumn<(string | null)[]>(row, 'steps', []),
      summary: jsonColumn<LayerInfo[] | null>(row, 'summary', null),
    };
  }

  /**
   * Stores what one read of an image brought in one transaction, all of it or nothing: its new
   * layers (with each one's encoding where it was done already), the legacy names, the image.
   */
  putRead(
    read: {
      layers: readonly LayerIndex[];
      encoded: ReadonlyMap<LayerIndex, Uint8Array>;
      legacyNames: ReadonlyMap<string, string>;
      image: LayerImageRow;
    },
    at: number,
  ): void {
    this.db.write(() => {
      for (const layer of read.layers) this.putLayer(layer, at, read.encoded.get(layer));
      this.putLegacyNames(read.legacyNames);
      this.putImage(read.image, at);
    });
  }

  /** Stores one layer in a transaction (its own, or the caller's); `data` if encoded already. */
  putLayer(layer: LayerIndex, at: number, data: Uint8Array = encodeLayer(layer)): void {
    this.db.write(() => {
      this.db.run(
        `INSERT INTO layer_indexes (diff_id, tar_size, files, bytes, data, stored_at, used_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (diff_id) DO UPDATE SET used_at = excluded.used_at`,
        layer.diffId,
        layer.tarSize,
        layer.entries.length,
        data.length,
        data,
        at,
        at,
      );
    });
  }

  /** Marks the layers of an image used (an image opened from its summary alone). */
  touch(diffIds: readonly string[], at: number): void {
    this.db.run(
      'UPDATE layer_indexes SET used_at = ? WHERE diff_id IN (SELECT value FROM json_each(?))',
      at,
      JSON.stringify(diffIds),
    );
  }

  putImage(image: LayerImageRow, at: number): void {
    this.db.run(
      `INSERT INTO layer_images (image_id, diff_ids, steps, summary, used_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (image_id) DO UPDATE SET diff_ids = excluded.diff_ids,
         steps = excluded.steps, summary = excluded.summary, used_at = excluded.used_at`,
      image.id,
      JSON.stringify(image.diffIds),
      JSON.stringify(image.steps),
      image.summary ? JSON.stringify(image.summary) : null,
      at,
    );
  }

  /** The diff id a legacy-layout v1 id was read as, if it is still stored. */
  legacyDiffId(v1Id: string): string | null {
    const row = this.db.get(
      `SELECT n.diff_id FROM layer_names n JOIN layer_indexes l ON l.diff_id = n.diff_id
       WHERE n.v1_id = ?`,
      v1Id,
    );
    return row ? text(row, 'diff_id') : null;
  }

  putLegacyNames(names: ReadonlyMap<string, string>): void {
    if (names.size === 0) return;
    this.db.write(() => {
      for (const [v1Id, diffId] of names) {
        this.db.run(
          `INSERT INTO layer_names (v1_id, diff_id) VALUES (?, ?)
           ON CONFLICT (v1_id) DO UPDATE SET diff_id = excluded.diff_id`,
          v1Id,
          diffId,
        );
      }
    });
  }

  maxBytes(): number {
    const row = this.db.get("SELECT value FROM settings WHERE key = 'layers'");
    const v = row ? jsonColumn<{ maxBytes?: unknown }>(row, 'value', {}).maxBytes : undefined;
    return typeof v === 'number' && Number.isFinite(v) && v >= 0
      ? v
      : DEFAULT_LAYER_STORE_MAX_BYTES;
  }

  setMaxBytes(maxBytes: number): void {
    this.db.run(
      `INSERT INTO settings (key, value) VALUES ('layers', ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      JSON.stringify({ maxBytes }),
    );
  }

  info(): LayerStoreInfo {
    const row = this.db.get(
      'SELECT COUNT(*) AS n, COALESCE(SUM(bytes), 0) AS b FROM layer_indexes',
    );
    const images = this.db.get('SELECT COUNT(*) AS n FROM layer_images');
    return {
      layers: row ? num(row, 'n') : 0,
      images: images ? num(images, 'n') : 0,
      bytes: row ? num(row, 'b') : 0,
      maxBytes: this.maxBytes(),
    };
  }

  /**
   * Drops the least recently used layers (never those in `keep`) until the indexes fit the size
   * setting, and the images that named them; returns the diff ids dropped.
   */
  evict(keep: ReadonlySet<string>): string[] {
    const max = this.maxBytes();
    return this.db.write(() => {
      let total = this.info().bytes;
      const dropped: string[] = [];
      if (total <= max) return dropped;
      for (const row of this.db.all(
        'SELECT diff_id, bytes FROM layer_indexes ORDER BY used_at, diff_id',
      )) {
        if (total <= max) break;
        const id = text(row, 'diff_id');
        if (keep.has(id)) continue;
        this.db.run('DELETE FROM layer_indexes WHERE diff_id = ?', id);
        total -= num(row, 'bytes');
        dropped.push(id);
      }
      if (dropped.length > 0) {
        this.db.run(
          `DELETE FROM layer_images WHERE EXISTS (
             SELECT 1 FROM json_each(layer_images.diff_ids) AS d
             WHERE d.value IN (SELECT value FROM json_each(?)))`,
          JSON.stringify(dropped),
        );
        this.db.run(
          'DELETE FROM layer_names WHERE diff_id IN (SELECT value FROM json_each(?))',
          JSON.stringify(dropped),
        );
      }
      return dropped;
    });
  }

  /** Forgets every layer and image (the benchmark's cold runs). */
  clear(): void {
    this.db.write(() => {
      this.db.run('DELETE FROM layer_indexes');
      this.db.run('DELETE FROM layer_images');
      this.db.run('DELETE FROM layer_names');
    });
  }
}
