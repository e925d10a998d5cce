/**
 * The SQLite file behind the store, through Node's built-in `node:sqlite` (no native addon to
 * rebuild for Electron's ABI; the tests' Node and Electron's both have it): WAL so that
 * readers never wait for a writer, a busy timeout so that the GUI and a CLI can write at once,
 * versioned migrations in transactions (with a backup first), and errors that name the file.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { setTimeout as delay } from 'node:timers/promises';
import { HangarError } from '../../../shared/errors.js';
import { migrate, type Migration } from './migrations.js';

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/** SQLite primary result codes (the low byte of an extended code). */
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_CORRUPT = 11;
const SQLITE_CANTOPEN = 14;
const SQLITE_NOTADB = 26;

export type Row = Record<string, unknown>;

export interface PatientWriteOptions {
  /** How long to keep trying while another process holds the write lock. */
  waitMs: number;
  /** Milliseconds between tries (default 100). */
  pollMs?: number;
  /** Called once, when the first try finds the store locked. */
  onWait?: () => void;
  signal?: AbortSignal;
}

export interface OpenOptions {
  busyTimeoutMs?: number;
  /** The migrations to apply (default: the store's own). */
  migrations?: readonly Migration[];
  now?: () => number;
}

/** The sqlite error fields node:sqlite puts on its errors. */
interface SqliteErrorShape {
  code?: unknown;
  errcode?: unknown;
  errstr?: unknown;
  message?: unknown;
}

function sqliteCode(err: unknown): number | undefined {
  const errcode = (err as SqliteErrorShape | null)?.errcode;
  return typeof errcode === 'number' ? errcode & 0xff : undefined;
}

/** Another connection holds the lock this one needs (SQLITE_BUSY or SQLITE_LOCKED). */
function isLockedError(err: unknown): boolean {
  const code = sqliteCode(err);
  return code === SQLITE_BUSY || code === SQLITE_LOCKED;
}

/** Turns a node:sqlite error into one a user understands, naming the file. */
export function storeError(err: unknown, file: string, busyTimeoutMs: number): Error {
  if (err instanceof HangarError) return err;
  const e = (err ?? {}) as SqliteErrorShape;
  const errcode = sqliteCode(err);
  const said =
    typeof e.errstr === 'string' ? e.errstr : err instanceof Error ? err.message : String(err);
  switch (errcode) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return new HangarError(
        'CONFLICT_IN_USE',
        `The Hangar store ${file} is locked by another process (waited ${busyTimeoutMs / 1000} s); try again when it has finished.`,
        said,
      );
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return new HangarError(
        'INTERNAL',
        `The Hangar store ${file} is corrupt (${said}). Move it aside to start an empty cache; backups made before upgrades sit beside it (${path.basename(file)}.bak-*).`,
        said,
      );
    case SQLITE_CANTOPEN:
      return new HangarError('INTERNAL', `Cannot open the Hangar store ${file}: ${said}.`, said);
  }
  return new HangarError('INTERNAL', `The Hangar store ${file} failed: ${said}`, said);
}

export class StoreDatabase {
  private readonly statements = new Map<string, StatementSync>();
  private depth = 0;

  private constructor(
    private readonly db: DatabaseSync,
    readonly file: string,
    readonly busyTimeoutMs: number,
  ) {}

  /** Opens (creating if needed) and migrates the store file. Throws an error naming the file. */
  static open(file: string, options: OpenOptions = {}): StoreDatabase {
    const busy = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    let db: DatabaseSync | undefined;
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      db = new DatabaseSync(file);
      db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busy))}`);
      const mode = db.prepare('PRAGMA journal_mode = WAL').get()?.journal_mode;
      if (mode !== 'wal') {
        throw new HangarError(
          'INTERNAL',
          `The Hangar store ${file} cannot use write-ahead logging (journal mode ${String(mode)}); is it on a network drive?`,
        );
      }
      db.exec('PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL');
      const store = new StoreDatabase(db, file, busy);
      if (options.migrations) migrate(store, options.migrations, options.now ?? Date.now);
      return store;
    } catch (err) {
      try {
        db?.close();
      } catch {
        // closing a half-open handle must not hide the real error
      }
      throw storeError(err, file, busy);
    }
  }

  /** Runs a statement (cached by its SQL) and returns the changes. */
  run(sql: string, ...params: SQLInputValue[]): { changes: number; lastInsertRowid: number } {
    return this.guard(() => {
      const r = this.prepare(sql).run(...params);
      return { changes: Number(r.changes), lastInsertRowid: Number(r.lastInsertRowid) };
    });
  }

  get(sql: string, ...params: SQLInputValue[]): Row | undefined {
    return this.guard(() => this.prepare(sql).get(...params) as Row | undefined);
  }

  all(sql: string, ...params: SQLInputValue[]): Row[] {
    return this.guard(() => this.prepare(sql).all(...params) as Row[]);
  }

  /** Runs SQL text (several statements, no parameters). */
  exec(sql: string): void {
    this.guard(() => this.db.exec(sql));
  }

  /**
   * Runs `work` in one write transaction (`BEGIN IMMEDIATE`: takes the write lock up front, so a
   * concurrent writer waits for the busy timeout instead of failing halfway). Nested calls join the
   * outer transaction. `work` must be synchronous.
   */
  write<T>(work: () => T): T {
    try {
      return this.transaction(work);
    } catch (err) {
      throw storeError(err, this.file, this.busyTimeoutMs);
    }
  }

  /**
   * `write` for what must not be lost (the entry of a build that finished): while another process
   * holds the write lock, tries again every `pollMs` without blocking the event loop, for up to
   * `waitMs`. `onWait` is called once, when the first try finds the store locked. Rejects with the
   * store's locked error (naming `waitMs`) when the lock outlasts the wait, and with `CANCELLED`
   * when `signal` aborts.
   */
  async writeWhenFree<T>(work: () => T, options: PatientWriteOptions): Promise<T> {
    if (this.depth > 0) return work();
    const pollMs = options.pollMs ?? 100;
    const deadline = performance.now() + options.waitMs;
    for (let tries = 0; ; tries++) {
      try {
        return this.withBusyTimeout(0, () => this.transaction(work));
      } catch (err) {
        if (!isLockedError(err)) throw storeError(err, this.file, this.busyTimeoutMs);
        if (performance.now() >= deadline) throw storeError(err, this.file, options.waitMs);
      }
      if (tries === 0) options.onWait?.();
      try {
        await delay(pollMs, undefined, { signal: options.signal });
      } catch {
        throw new HangarError('CANCELLED', 'Cancelled.');
      }
    }
  }

  /** A consistent copy of the database (works in WAL mode, outside a transaction). */
  backupTo(target: string): void {
    this.exec(`VACUUM INTO '${target.replaceAll("'", "''")}'`);
  }

  close(): void {
    this.statements.clear();
    if (this.db.isOpen) this.db.close();
  }

  private prepare(sql: string): StatementSync {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /** `write` without the error mapping: throws what SQLite threw. */
  private transaction<T>(work: () => T): T {
    if (this.depth > 0) return work();
    this.db.exec('BEGIN IMMEDIATE');
    this.depth++;
    try {
      const result = work();
      this.depth--;
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      this.depth = 0;
      if (this.db.isTransaction) {
        try {
          this.db.exec('ROLLBACK');
        } catch {
          // the original error is the one to report
        }
      }
      throw err;
    }
  }

  private withBusyTimeout<T>(ms: number, work: () => T): T {
    this.db.exec(`PRAGMA busy_timeout = ${ms}`);
    try {
      return work();
    } finally {
      this.db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(this.busyTimeoutMs))}`);
    }
  }

  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (err) {
      throw storeError(err, this.file, this.busyTimeoutMs);
    }
  }
}

// ---- reading columns (node:sqlite rows are untyped) ----

export function text(row: Row, column: string): string {
  const v = row[column];
  if (typeof v !== 'string') throw new Error(`store column ${column} is not text`);
  return v;
}

export function textOrNull(row: Row, column: string): string | null {
  const v = row[column];
  return typeof v === 'string' ? v : null;
}

export function num(row: Row, column: string): number {
  const v = row[column];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new Error(`store column ${column} is not a number`);
}

export function numOrNull(row: Row, column: string): number | null {
  const v = row[column];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return null;
}

export function blobOrNull(row: Row, column: string): Uint8Array | null {
  const v = row[column];
  return v instanceof Uint8Array ? v : null;
}

/** Parses a JSON text column, falling back when it is missing or malformed. */
export function jsonColumn<T>(row: Row, column: string, fallback: T): T {
  const v = row[column];
  if (typeof v !== 'string') return fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
}
