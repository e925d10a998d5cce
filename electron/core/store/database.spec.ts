import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HangarError } from '../../../shared/errors.js';
import { StoreDatabase } from './database.js';
import { backupName, migrate, userVersion, type Migration } from './migrations.js';
import { HangarStore } from './store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hangar-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const V1: Migration = { version: 1, name: 'one', sql: 'CREATE TABLE a (x TEXT);' };
const V2: Migration = { version: 2, name: 'two', sql: 'ALTER TABLE a ADD COLUMN y INTEGER;' };

describe('StoreDatabase', () => {
  it('creates the file in WAL mode with a busy timeout, and migrates to the latest version', () => {
    const file = path.join(dir, 'nested', 'hangar.db');
    const db = StoreDatabase.open(file, { migrations: [V1, V2] });
    expect(db.get('PRAGMA journal_mode')?.journal_mode).toBe('wal');
    expect(db.get('PRAGMA busy_timeout')?.timeout).toBe(5000);
    expect(userVersion(db)).toBe(2);
    db.run('INSERT INTO a (x, y) VALUES (?, ?)', 'v', 1);
    expect(db.all('SELECT x, y FROM a')).toEqual([{ x: 'v', y: 1 }]);
    db.close();
  });

  it('backs the store up before migrating it, and keeps what was stored', () => {
    const file = path.join(dir, 'hangar.db');
    const old = StoreDatabase.open(file, { migrations: [V1] });
    old.run("INSERT INTO a (x) VALUES ('kept')");
    old.close();
    const at = Date.UTC(2026, 10, 24, 10, 15, 0);
    const db = StoreDatabase.open(file, { migrations: [V1, V2], now: () => at });
    expect(db.all('SELECT x, y FROM a')).toEqual([{ x: 'kept', y: null }]);
    db.close();
    const backup = backupName(file, 1, at);
    expect(path.basename(backup)).toBe('hangar.db.bak-v1-20261124T101500Z');
    const copy = StoreDatabase.open(backup);
    expect(userVersion(copy)).toBe(1);
    expect(copy.all('SELECT x FROM a')).toEqual([{ x: 'kept' }]);
    copy.close();
  });

  it('does not back up a new store', () => {
    StoreDatabase.open(path.join(dir, 'hangar.db'), { migrations: [V1] }).close();
    expect(readdirSync(dir).filter((f) => f.includes('.bak-'))).toEqual([]);
  });

  it('rolls a failing migration back whole', () => {
    const file = path.join(dir, 'hangar.db');
    StoreDatabase.open(file, { migrations: [V1] }).close();
    const broken: Migration = {
      version: 2,
      name: 'broken',
      sql: 'ALTER TABLE a ADD COLUMN y INTEGER; CREATE TABLE a (dup TEXT);',
    };
    expect(() => StoreDatabase.open(file, { migrations: [V1, broken] })).toThrow(/hangar\.db/);
    const db = StoreDatabase.open(file);
    expect(userVersion(db)).toBe(1);
    expect(db.all('PRAGMA table_info(a)').map((c) => c.name)).toEqual(['x']);
    db.close();
  });

  it('refuses a store written by a newer Hangar, naming the file', () => {
    const file = path.join(dir, 'hangar.db');
    StoreDatabase.open(file, { migrations: [V1, V2] }).close();
    expect(() => StoreDatabase.open(file, { migrations: [V1] })).toThrow(
      new RegExp(`${file.replaceAll('/', '\\/')} was written by a newer Hangar \\(schema v2`),
    );
  });

  it('says a corrupt file is corrupt, naming it, and leaves it alone', () => {
    const file = path.join(dir, 'hangar.db');
    const garbage = Buffer.alloc(8192, 0x5a);
    writeFileSync(file, garbage);
    let error: unknown;
    try {
      HangarStore.open(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(HangarError);
    expect((error as HangarError).message).toContain(`The Hangar store ${file} is corrupt`);
    expect(existsSync(file)).toBe(true);
  });

  it('says a locked store is locked, naming it, after the busy timeout', () => {
    const file = path.join(dir, 'hangar.db');
    const a = StoreDatabase.open(file, { migrations: [V1] });
    const b = StoreDatabase.open(file, { migrations: [V1], busyTimeoutMs: 50 });
    a.exec('BEGIN IMMEDIATE');
    try {
      expect(() => b.write(() => b.run("INSERT INTO a (x) VALUES ('b')"))).toThrow(
        `The Hangar store ${file} is locked by another process (waited 0.05 s)`,
      );
    } finally {
      a.exec('COMMIT');
    }
    b.write(() => b.run("INSERT INTO a (x) VALUES ('b')"));
    expect(a.all('SELECT x FROM a')).toEqual([{ x: 'b' }]);
    a.close();
    b.close();
  });

  it('writeWhenFree waits for a lock held past the busy timeout, saying so once, and writes', async () => {
    const file = path.join(dir, 'hangar.db');
    const a = StoreDatabase.open(file, { migrations: [V1] });
    const b = StoreDatabase.open(file, { migrations: [V1], busyTimeoutMs: 20 });
    a.exec('BEGIN IMMEDIATE');
    let waits = 0;
    let tries = 0;
    const written = b.writeWhenFree(
      () => {
        tries++;
        b.run("INSERT INTO a (x) VALUES ('kept')");
        return 'done';
      },
      { waitMs: 60_000, pollMs: 5, onWait: () => waits++ },
    );
    // Several polls go by (each far past b's busy timeout) before the lock is let go.
    await new Promise((r) => setTimeout(r, 200));
    expect(waits).toBe(1);
    a.exec('COMMIT');
    await expect(written).resolves.toBe('done');
    expect(tries).toBe(1);
    expect(a.all('SELECT x FROM a')).toEqual([{ x: 'kept' }]);
    expect(b.get('PRAGMA busy_timeout')?.timeout).toBe(20);
    a.close();
    b.close();
  });

  it('writeWhenFree gives up after its wait, naming it, and stops when cancelled', async () => {
    const file = path.join(dir, 'hangar.db');
    const a = StoreDatabase.open(file, { migrations: [V1] });
    const b = StoreDatabase.open(file, { migrations: [V1] });
    a.exec('BEGIN IMMEDIATE');
    try {
      await expect(
        b.writeWhenFree(() => b.run("INSERT INTO a (x) VALUES ('b')"), {
          waitMs: 50,
          pollMs: 5,
        }),
      ).rejects.toMatchObject({
        code: 'CONFLICT_IN_USE',
        message: expect.stringContaining(`${file} is locked by another process (waited 0.05 s)`),
      });
      const abort = new AbortController();
      const cancelled = b.writeWhenFree(() => b.run("INSERT INTO a (x) VALUES ('c')"), {
        waitMs: 60_000,
        onWait: () => abort.abort(),
        signal: abort.signal,
      });
      await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
    } finally {
      a.exec('COMMIT');
    }
    expect(a.all('SELECT x FROM a')).toEqual([]);
    await expect(
      b.writeWhenFree(() => b.run("INSERT INTO a (x) VALUES ('x')"), {
        waitMs: 0,
        onWait: () => {
          throw new Error('not locked: no wait');
        },
      }),
    ).resolves.toMatchObject({ changes: 1 });
    a.close();
    b.close();
  });

  it('rolls a write back when its work throws, and joins nested writes', () => {
    const db = StoreDatabase.open(path.join(dir, 'hangar.db'), { migrations: [V1] });
    expect(() =>
      db.write(() => {
        db.run("INSERT INTO a (x) VALUES ('lost')");
        db.write(() => db.run("INSERT INTO a (x) VALUES ('nested')"));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(db.all('SELECT x FROM a')).toEqual([]);
    db.write(() => db.run("INSERT INTO a (x) VALUES ('ok')"));
    expect(db.all('SELECT x FROM a')).toEqual([{ x: 'ok' }]);
    db.close();
  });

  it('migrate re-reads the version under the write lock (another process migrated first)', () => {
    const file = path.join(dir, 'hangar.db');
    const a = StoreDatabase.open(file);
    const b = StoreDatabase.open(file);
    expect(migrate(a, [V1])).toEqual({ from: 0, to: 1, backup: null });
    // b read version 0 before a migrated? Either way, it must not re-run V1.
    expect(() => migrate(b, [V1])).not.toThrow();
    expect(userVersion(b)).toBe(1);
    a.close();
    b.close();
  });
});
