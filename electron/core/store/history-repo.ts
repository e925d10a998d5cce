/**
 * The lookup history: one row per cache lookup, appended here; the history's queries (time range,
 * artifact, status, level, origin; stats per bucket: `history/`) read the same table and indexes.
 */
import type {
  CacheLevel,
  CacheStatus,
  ChangedInput,
  LookupOrigin,
  LookupRecord,
} from '../../../shared/artifacts.js';
import {
  jsonColumn,
  num,
  numOrNull,
  text,
  textOrNull,
  type Row,
  type StoreDatabase,
} from './database.js';

export type NewLookupRecord = Omit<LookupRecord, 'id'>;

const COLUMNS =
  'id, at, artifact, key, level, status, duration_ms, image_id, engine, origin, reason, changed_inputs';

export function toLookupRecord(row: Row): LookupRecord {
  return {
    id: num(row, 'id'),
    at: num(row, 'at'),
    artifact: text(row, 'artifact'),
    key: text(row, 'key'),
    level: text(row, 'level') as CacheLevel,
    status: text(row, 'status') as CacheStatus,
    durationMs: num(row, 'duration_ms'),
    imageId: textOrNull(row, 'image_id'),
    engine: textOrNull(row, 'engine'),
    origin: text(row, 'origin') as LookupOrigin,
    reason: textOrNull(row, 'reason'),
    changedInputs: jsonColumn<ChangedInput[]>(row, 'changed_inputs', []),
  };
}

export class HistoryRepo {
  constructor(private readonly db: StoreDatabase) {}

  append(record: NewLookupRecord): LookupRecord {
    const { lastInsertRowid } = this.db.run(
      `INSERT INTO lookups (at, artifact, key, level, status, duration_ms, image_id, engine, origin, reason, changed_inputs)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      record.at,
      record.artifact,
      record.key,
      record.level,
      record.status,
      record.durationMs,
      record.imageId,
      record.engine,
      record.origin,
      record.reason,
      JSON.stringify(record.changedInputs),
    );
    return { ...record, id: lastInsertRowid };
  }

  /** Newest first; optionally of one artifact. */
  recent(limit: number, artifact?: string): LookupRecord[] {
    const rows =
      artifact === undefined
        ? this.db.all(`SELECT ${COLUMNS} FROM lookups ORDER BY at DESC, id DESC LIMIT ?`, limit)
        : this.db.all(
            `SELECT ${COLUMNS} FROM lookups WHERE artifact = ? ORDER BY at DESC, id DESC LIMIT ?`,
            artifact,
            limit,
          );
    return rows.map(toLookupRecord);
  }

  count(): number {
    return numOrNull(this.db.get('SELECT count(*) AS n FROM lookups') ?? {}, 'n') ?? 0;
  }
}
