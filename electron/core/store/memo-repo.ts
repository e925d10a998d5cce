/**
 * Content digests memoized by (path, size, mtime, inode): a file whose four are unchanged is not
 * read again.
 *
 * The rows of a context already read are also kept in memory: a memo row is only ever used after
 * its stamp matched the file as it is now, and a stamp always maps to the same digest, so rows
 * that other processes add meanwhile can only be missed (the file is re-read), never misused.
 */
import { num, text, type StoreDatabase } from './database.js';

export interface FileStamp {
  size: number;
  /** Unix ms, sub-millisecond part included (stored as text: it round-trips exactly). */
  mtimeMs: number;
  ino: number;
}

export interface MemoRow extends FileStamp {
  path: string;
  digest: string;
}

export class FileHashRepo {
  private readonly loaded = new Map<string, Map<string, MemoRow>>();

  constructor(private readonly db: StoreDatabase) {}

  /** Every memoized file under `root` (an absolute folder), by absolute path. */
  under(root: string, sep: string): ReadonlyMap<string, MemoRow> {
    const lower = root.endsWith(sep) ? root : root + sep;
    const cached = this.loaded.get(lower);
    if (cached) return cached;
    const upper = lower.slice(0, -1) + String.fromCharCode(sep.charCodeAt(0) + 1);
    const out = new Map<string, MemoRow>();
    for (const row of this.db.all(
      'SELECT path, size, mtime, ino, digest FROM file_hashes WHERE path >= ? AND path < ?',
      lower,
      upper,
    )) {
      const path = text(row, 'path');
      out.set(path, {
        path,
        size: num(row, 'size'),
        mtimeMs: Number(text(row, 'mtime')),
        ino: Number(text(row, 'ino')),
        digest: text(row, 'digest'),
      });
    }
    this.loaded.set(lower, out);
    return out;
  }

  putMany(rows: readonly MemoRow[], at: number): void {
    if (rows.length === 0) return;
    this.db.write(() => {
      for (const r of rows) {
        this.db.run(
          `INSERT INTO file_hashes (path, size, mtime, ino, digest, hashed_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime,
             ino = excluded.ino, digest = excluded.digest, hashed_at = excluded.hashed_at`,
          r.path,
          r.size,
          String(r.mtimeMs),
          String(r.ino),
          r.digest,
          at,
        );
      }
    });
    for (const [prefix, map] of this.loaded) {
      for (const r of rows) if (r.path.startsWith(prefix)) map.set(r.path, r);
    }
  }

  /** Forgets files not hashed since `before` (unix ms); returns how many. */
  forgetOlderThan(before: number): number {
    this.loaded.clear();
    return this.db.run('DELETE FROM file_hashes WHERE hashed_at < ?', before).changes;
  }

  /** Forgets everything (the benchmark's cold runs). */
  clear(): void {
    this.loaded.clear();
    this.db.run('DELETE FROM file_hashes');
  }
}
