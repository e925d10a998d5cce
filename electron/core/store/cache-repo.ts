/** Cache entries (key → image) and the per-input digests behind each key. */
import { deflateSync, inflateSync } from 'node:zlib';
import type { EntrySource, InputDigest, InputKind } from '../../../shared/artifacts.js';
import {
  blobOrNull,
  jsonColumn,
  num,
  numOrNull,
  text,
  textOrNull,
  type Row,
  type StoreDatabase,
} from './database.js';

export interface EntryRow {
  key: string;
  source: EntrySource;
  artifact: string;
  imageId: string | null;
  digest: string | null;
  /** The tags Hangar put on the image (`name:key` and the requested ones): its own to remove. */
  tags: string[];
  size: number;
  /** Unix ms the image was created. */
  createdAt: number | null;
  storedAt: number;
  lastHitAt: number | null;
  hitCount: number;
  pinned: boolean;
  engine: string | null;
}

const COLUMNS =
  'key, source, artifact, image_id, digest, tags, size, created_at, stored_at, last_hit_at, hit_count, pinned, engine';

function toEntry(row: Row): EntryRow {
  return {
    key: text(row, 'key'),
    source: text(row, 'source') === 'skaffold' ? 'skaffold' : 'hangar',
    artifact: text(row, 'artifact'),
    imageId: textOrNull(row, 'image_id'),
    digest: textOrNull(row, 'digest'),
    tags: jsonColumn<string[]>(row, 'tags', []),
    size: num(row, 'size'),
    createdAt: numOrNull(row, 'created_at'),
    storedAt: num(row, 'stored_at'),
    lastHitAt: numOrNull(row, 'last_hit_at'),
    hitCount: num(row, 'hit_count'),
    pinned: num(row, 'pinned') === 1,
    engine: textOrNull(row, 'engine'),
  };
}

const KIND_CODES: Record<InputKind, number> = { file: 0, buildArg: 1, dockerfile: 2, config: 3 };
const KINDS: InputKind[] = ['file', 'buildArg', 'dockerfile', 'config'];

/** Compact form of the inputs: `[[kindCode, name, digest], …]`, deflated. */
export function encodeInputs(inputs: readonly InputDigest[]): Uint8Array {
  const compact = inputs.map((i) => [KIND_CODES[i.kind], i.name, i.digest]);
  return deflateSync(JSON.stringify(compact), { level: 1 });
}

export function decodeInputs(data: Uint8Array): InputDigest[] {
  const compact = JSON.parse(inflateSync(data).toString('utf8')) as unknown;
  if (!Array.isArray(compact)) return [];
  const out: InputDigest[] = [];
  for (const item of compact) {
    if (!Array.isArray(item)) continue;
    const [code, name, digest] = item as unknown[];
    const kind = typeof code === 'number' ? KINDS[code] : undefined;
    if (kind && typeof name === 'string' && typeof digest === 'string') {
      out.push({ kind, name, digest });
    }
  }
  return out;
}

export class CacheEntriesRepo {
  constructor(private readonly db: StoreDatabase) {}

  get(key: string): EntryRow | null {
    const row = this.db.get(`SELECT ${COLUMNS} FROM cache_entries WHERE key = ?`, key);
    return row ? toEntry(row) : null;
  }

  /** Entries whose key starts with `prefix` (a full key matches itself). */
  byPrefix(prefix: string): EntryRow[] {
    return this.db
      .all(
        `SELECT ${COLUMNS} FROM cache_entries WHERE substr(key, 1, ?) = ? ORDER BY key`,
        prefix.length,
        prefix,
      )
      .map(toEntry);
  }

  all(): EntryRow[] {
    return this.db
      .all(`SELECT ${COLUMNS} FROM cache_entries ORDER BY artifact, stored_at DESC`)
      .map(toEntry);
  }

  byImage(imageId: string): EntryRow[] {
    return this.db
      .all(`SELECT ${COLUMNS} FROM cache_entries WHERE image_id = ?`, imageId)
      .map(toEntry);
  }

  /** The artifact of each of these keys that has an entry (one query for a page of keys). */
  artifactsOf(keys: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    if (keys.length === 0) return out;
    for (const row of this.db.all(
      'SELECT key, artifact FROM cache_entries WHERE key IN (SELECT value FROM json_each(?))',
      JSON.stringify(keys),
    )) {
      out.set(text(row, 'key'), text(row, 'artifact'));
    }
    return out;
  }

  /** The entry of `artifact` (built by Hangar) used last: built or hit most recently. */
  lastOf(artifact: string): EntryRow | null {
    const row = this.db.get(
      `SELECT ${COLUMNS} FROM cache_entries WHERE artifact = ? AND source = 'hangar'
       ORDER BY max(stored_at, coalesce(last_hit_at, 0)) DESC, stored_at DESC LIMIT 1`,
      artifact,
    );
    return row ? toEntry(row) : null;
  }

  /**
   * Stores an entry (replacing the image of an existing key: a rebuild). Pinning and hit counts of
   * an existing entry are kept. `inputs` replaces the stored per-input digests when given.
   */
  put(entry: EntryRow, inputs: readonly InputDigest[] | null): void {
    this.db.write(() => {
      this.db.run(
        `INSERT INTO cache_entries (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET
           source = excluded.source, artifact = excluded.artifact, image_id = excluded.image_id,
           digest = excluded.digest, tags = excluded.tags, size = excluded.size,
           created_at = excluded.created_at, stored_at = excluded.stored_at,
           engine = excluded.engine`,
        entry.key,
        entry.source,
        entry.artifact,
        entry.imageId,
        entry.digest,
        JSON.stringify(entry.tags),
        entry.size,
        entry.createdAt,
        entry.storedAt,
        entry.lastHitAt,
        entry.hitCount,
        entry.pinned ? 1 : 0,
        entry.engine,
      );
      if (inputs) {
        this.db.run(
          `INSERT INTO entry_inputs (key, count, data) VALUES (?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET count = excluded.count, data = excluded.data`,
          entry.key,
          inputs.length,
          encodeInputs(inputs),
        );
      }
    });
  }

  recordHit(key: string, at: number): void {
    this.db.run(
      'UPDATE cache_entries SET last_hit_at = ?, hit_count = hit_count + 1 WHERE key = ?',
      at,
      key,
    );
  }

  setTags(key: string, tags: readonly string[]): void {
    this.db.run('UPDATE cache_entries SET tags = ? WHERE key = ?', JSON.stringify(tags), key);
  }

  setDigest(key: string, digest: string): void {
    this.db.run('UPDATE cache_entries SET digest = ? WHERE key = ?', digest, key);
  }

  setPinned(key: string, pinned: boolean): boolean {
    return (
      this.db.run('UPDATE cache_entries SET pinned = ? WHERE key = ?', pinned ? 1 : 0, key)
        .changes > 0
    );
  }

  /** Deletes entries (their inputs go with them); returns how many existed. */
  delete(keys: readonly string[]): number {
    if (keys.length === 0) return 0;
    return this.db.write(() => {
      let n = 0;
      for (const key of keys)
        n += this.db.run('DELETE FROM cache_entries WHERE key = ?', key).changes;
      return n;
    });
  }

  inputs(key: string): InputDigest[] | null {
    const row = this.db.get('SELECT data FROM entry_inputs WHERE key = ?', key);
    const data = row ? blobOrNull(row, 'data') : null;
    return data ? decodeInputs(data) : null;
  }
}
