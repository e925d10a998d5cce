/**
 * The lookup log: filtered rows, newest first, one page at a time. Pages are cut by a keyset cursor
 * on (at, id), so the next page costs the same whatever its depth and rows recorded meanwhile
 * neither repeat nor go missing.
 */
import type { HistoryFilters, HistoryPage, HistoryQuery } from '../../../shared/history.js';
import { num, text, type StoreDatabase } from '../store/database.js';
import { toLookupRecord } from '../store/history-repo.js';
import { filterWhere } from './filter-sql.js';

export const LOOKUP_COLUMNS =
  'id, at, artifact, key, level, status, duration_ms, image_id, engine, origin, reason, changed_inputs';

export function queryPage(db: StoreDatabase, query: HistoryQuery): HistoryPage {
  const extra = query.cursor
    ? [
        {
          sql: '(at < ? OR (at = ? AND id < ?))',
          params: [query.cursor.at, query.cursor.at, query.cursor.id],
        },
      ]
    : [];
  const where = filterWhere(query, extra);
  const rows = db.all(
    `SELECT ${LOOKUP_COLUMNS} FROM lookups ${where.sql} ORDER BY at DESC, id DESC LIMIT ?`,
    ...where.params,
    query.limit + 1,
  );
  const records = rows.slice(0, query.limit).map(toLookupRecord);
  const last = records.at(-1);
  return {
    records,
    next: rows.length > query.limit && last ? { at: last.at, id: last.id } : null,
  };
}

export function maxId(db: StoreDatabase): number {
  const row = db.get('SELECT max(id) AS id FROM lookups');
  return row && row.id !== null ? num(row, 'id') : 0;
}

/** Every artifact with lookups, by name. */
export function artifactNames(db: StoreDatabase): string[] {
  return db
    .all('SELECT DISTINCT artifact FROM lookups ORDER BY artifact')
    .map((r) => text(r, 'artifact'));
}

/** The first and last lookup time matching the filters, or null when none does. */
export function timeBounds(
  db: StoreDatabase,
  filters: HistoryFilters,
): { first: number; last: number } | null {
  const where = filterWhere(filters);
  const first = db.get(`SELECT at FROM lookups ${where.sql} ORDER BY at LIMIT 1`, ...where.params);
  const last = db.get(
    `SELECT at FROM lookups ${where.sql} ORDER BY at DESC LIMIT 1`,
    ...where.params,
  );
  if (!first || !last) return null;
  return { first: num(first, 'at'), last: num(last, 'at') };
}

/** Rows matching the filters, oldest first (FTL export). */
export function matchingRows(
  db: StoreDatabase,
  filters: HistoryFilters,
): Array<{ key: string; level: string; status: string }> {
  const where = filterWhere(filters);
  return db
    .all(`SELECT key, level, status FROM lookups ${where.sql} ORDER BY at, id`, ...where.params)
    .map((r) => ({ key: text(r, 'key'), level: text(r, 'level'), status: text(r, 'status') }));
}
