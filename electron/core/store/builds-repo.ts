/**
 * Build records: one row per build Hangar ran (a HIT makes none), with its steps as JSON. Kept as
 * long as the lookup history (`pruneOlder`, `keepNewest` with the history's settings).
 */
import type {
  BuilderKind,
  BuildListOptions,
  BuildRecord,
  BuildRecordOutcome,
  BuildStepRecord,
  BuildSummary,
} from '../../../shared/builds.js';
import {
  jsonColumn,
  num,
  numOrNull,
  text,
  textOrNull,
  type Row,
  type StoreDatabase,
} from './database.js';

export type NewBuildRecord = Omit<BuildRecord, 'id'>;

const SUMMARY =
  'id, at, artifact, key, builder, engine, duration_ms, outcome, image_id, build_id, nocache, cached_steps, total_steps, warnings, cache_broke_at, error';

function toSummary(row: Row): BuildSummary {
  return {
    id: num(row, 'id'),
    artifact: text(row, 'artifact'),
    key: text(row, 'key'),
    builder: text(row, 'builder') as BuilderKind,
    engine: text(row, 'engine'),
    startedAt: num(row, 'at'),
    durationMs: num(row, 'duration_ms'),
    outcome: text(row, 'outcome') as BuildRecordOutcome,
    imageId: textOrNull(row, 'image_id'),
    buildId: textOrNull(row, 'build_id'),
    nocache: num(row, 'nocache') === 1,
    cachedSteps: num(row, 'cached_steps'),
    totalSteps: num(row, 'total_steps'),
    warnings: jsonColumn<string[]>(row, 'warnings', []),
    cacheBrokeAt: textOrNull(row, 'cache_broke_at'),
    error: textOrNull(row, 'error'),
  };
}

export class BuildsRepo {
  constructor(private readonly db: StoreDatabase) {}

  append(r: NewBuildRecord): BuildRecord {
    const { lastInsertRowid } = this.db.run(
      `INSERT INTO builds (at, artifact, key, builder, engine, duration_ms, outcome, image_id, build_id, nocache, steps, cached_steps, total_steps, warnings, cache_broke_at, error)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      r.startedAt,
      r.artifact,
      r.key,
      r.builder,
      r.engine,
      Math.round(r.durationMs),
      r.outcome,
      r.imageId,
      r.buildId,
      r.nocache ? 1 : 0,
      JSON.stringify(r.steps),
      r.cachedSteps,
      r.totalSteps,
      JSON.stringify(r.warnings),
      r.cacheBrokeAt,
      r.error,
    );
    return { ...r, id: lastInsertRowid };
  }

  /** Newest first. */
  list(options: BuildListOptions = {}): BuildSummary[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (options.artifact) {
      where.push('artifact = ?');
      params.push(options.artifact);
    }
    if (options.since != null) {
      where.push('at >= ?');
      params.push(options.since);
    }
    const sql = `SELECT ${SUMMARY} FROM builds ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ?`;
    return this.db.all(sql, ...params, options.limit ?? 500).map(toSummary);
  }

  get(id: number): BuildRecord | null {
    const row = this.db.get(`SELECT ${SUMMARY}, steps FROM builds WHERE id = ?`, id);
    return row
      ? { ...toSummary(row), steps: jsonColumn<BuildStepRecord[]>(row, 'steps', []) }
      : null;
  }

  /** The newest build of an artifact before `id` (any build when `id` is null). */
  previous(artifact: string, before: number | null = null): BuildRecord | null {
    const row = this.db.get(
      `SELECT id FROM builds WHERE artifact = ? AND outcome = 'built' ${before === null ? '' : 'AND id < ?'} ORDER BY at DESC, id DESC LIMIT 1`,
      ...(before === null ? [artifact] : [artifact, before]),
    );
    return row ? this.get(num(row, 'id')) : null;
  }

  /** Deletes builds started before `cutoff` (Unix ms); returns how many. */
  pruneOlder(cutoff: number): number {
    return this.db.run('DELETE FROM builds WHERE at < ?', cutoff).changes;
  }

  /** Keeps the newest `rows` builds; returns how many went. */
  keepNewest(rows: number): number {
    return this.db.run(
      'DELETE FROM builds WHERE id NOT IN (SELECT id FROM builds ORDER BY at DESC, id DESC LIMIT ?)',
      rows,
    ).changes;
  }

  count(): number {
    return numOrNull(this.db.get('SELECT count(*) AS n FROM builds') ?? {}, 'n') ?? 0;
  }
}
