/**
 * Versioned migrations: `PRAGMA user_version` says which have run. Each run of pending migrations
 * is one write transaction (all or nothing), re-reads the version under the write lock (another
 * process may have migrated meanwhile), and an existing store is copied aside first, so nothing
 * already stored can be lost by an upgrade.
 */
import { HangarError } from '../../../shared/errors.js';
import type { StoreDatabase } from './database.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function userVersion(db: StoreDatabase): number {
  const v = db.get('PRAGMA user_version')?.user_version;
  return typeof v === 'number' ? v : Number(v ?? 0);
}

/** `hangar.db.bak-v1-20261124T101500Z`. */
export function backupName(file: string, version: number, at: number): string {
  const stamp = new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${file}.bak-v${version}-${stamp}`;
}

export interface MigrationReport {
  from: number;
  to: number;
  /** The copy made before migrating, or null for a new store. */
  backup: string | null;
}

export function migrate(
  db: StoreDatabase,
  migrations: readonly Migration[],
  now: () => number = Date.now,
): MigrationReport {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  const latest = sorted.at(-1)?.version ?? 0;
  const current = userVersion(db);
  if (current > latest) {
    throw new HangarError(
      'INTERNAL',
      `The Hangar store ${db.file} was written by a newer Hangar (schema v${current}; this one knows up to v${latest}). Update Hangar, or move the file aside.`,
    );
  }
  if (current === latest) return { from: current, to: current, backup: null };

  let backup: string | null = null;
  if (current > 0) {
    backup = backupName(db.file, current, now());
    db.backupTo(backup);
  }
  const from = db.write(() => {
    const version = userVersion(db);
    for (const m of sorted) {
      if (m.version <= version) continue;
      db.exec(m.sql);
      db.exec(`PRAGMA user_version = ${m.version}`);
    }
    return version;
  });
  return { from, to: latest, backup };
}
