/**
 * How much history is kept, and keeping to it. The setting lives in the store's `settings` table
 * under `history`; enforcement deletes lookups older than the days, then the oldest beyond the row
 * limit, in chunks of short transactions so that a big first clean-up never holds the write lock
 * long enough to make a concurrent build (GUI or CLI) wait.
 */
import {
  DEFAULT_HISTORY_SETTINGS,
  type HistorySettings,
  type RetentionReport,
} from '../../../shared/history.js';
import { BuildsRepo } from '../store/builds-repo.js';
import { jsonColumn, num, type StoreDatabase } from '../store/database.js';

const SETTINGS_KEY = 'history';
const DAY = 86_400_000;
export const DELETE_CHUNK = 5_000;

function isLimit(v: unknown): v is number | null {
  return v === null || (typeof v === 'number' && Number.isFinite(v) && v > 0);
}

export function readSettings(db: StoreDatabase): HistorySettings {
  const row = db.get('SELECT value FROM settings WHERE key = ?', SETTINGS_KEY);
  const saved = row ? jsonColumn<Partial<HistorySettings>>(row, 'value', {}) : {};
  return {
    retentionDays: isLimit(saved.retentionDays)
      ? saved.retentionDays
      : DEFAULT_HISTORY_SETTINGS.retentionDays,
    maxRows: isLimit(saved.maxRows) ? saved.maxRows : DEFAULT_HISTORY_SETTINGS.maxRows,
  };
}

export function writeSettings(db: StoreDatabase, settings: HistorySettings): HistorySettings {
  const value: HistorySettings = {
    retentionDays: settings.retentionDays,
    maxRows: settings.maxRows === null ? null : Math.floor(settings.maxRows),
  };
  db.run(
    `INSERT INTO settings (key, value) VALUES (?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    SETTINGS_KEY,
    JSON.stringify(value),
  );
  return value;
}

/** Deletes, chunk by chunk, the rows the `select` (of ids, with a `LIMIT ?`) names. */
async function deleteInChunks(
  db: StoreDatabase,
  select: string,
  params: (number | string)[],
  yieldNow: () => Promise<void>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const { changes } = db.write(() =>
      db.run(`DELETE FROM lookups WHERE id IN (${select})`, ...params, DELETE_CHUNK),
    );
    total += changes;
    if (changes < DELETE_CHUNK) return total;
    await yieldNow();
  }
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Applies the setting now. */
export async function enforceRetention(
  db: StoreDatabase,
  settings: HistorySettings,
  now: number,
  yieldNow: () => Promise<void> = nextTick,
): Promise<RetentionReport> {
  let deletedByAge = 0;
  let deletedByRows = 0;
  if (settings.retentionDays !== null) {
    const cutoff = Math.floor(now - settings.retentionDays * DAY);
    deletedByAge = await deleteInChunks(
      db,
      'SELECT id FROM lookups WHERE at < ? ORDER BY at LIMIT ?',
      [cutoff],
      yieldNow,
    );
  }
  const count = () => num(db.get('SELECT count(*) AS n FROM lookups') ?? { n: 0 }, 'n');
  if (settings.maxRows !== null && count() > settings.maxRows) {
    // The oldest row to keep; everything before it in (at, id) order goes.
    const keep = db.get(
      'SELECT at, id FROM lookups ORDER BY at DESC, id DESC LIMIT 1 OFFSET ?',
      settings.maxRows - 1,
    );
    if (keep) {
      const at = num(keep, 'at');
      deletedByRows = await deleteInChunks(
        db,
        'SELECT id FROM lookups WHERE at < ? OR (at = ? AND id < ?) ORDER BY at, id LIMIT ?',
        [at, at, num(keep, 'id')],
        yieldNow,
      );
    }
  }
  // Build records are kept as long as lookups: the same days, the same number of rows.
  const builds = new BuildsRepo(db);
  db.write(() => {
    if (settings.retentionDays !== null) builds.pruneOlder(now - settings.retentionDays * DAY);
    if (settings.maxRows !== null) builds.keepNewest(settings.maxRows);
  });
  return { at: now, deletedByAge, deletedByRows, remaining: count() };
}
