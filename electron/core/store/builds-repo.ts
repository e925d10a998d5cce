/**
 * Build records: one row per build Hangar ran (a HIT makes none), with its steps as JSON. Kept as
 * long as the lookup history (`pruneOlder`, `keepNewest` with the history's settings). A build's
 * lookup is found by artifact, key and time: every build follows its own lookup of the same key, so
 * the newest MISS or HIT_TOO_OLD of the artifact's key at or before the build's start is the one
 * that led to it (of a lookup's rows at several cache levels, the local one).
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

export type NewBuildRecord = Omit<BuildRecord, 'id' | 'lookupId'>;

const LOOKUP_ID = `(SELECT l.id FROM lookups l
  WHERE l.artifact = builds.artifact AND l.key = builds.key AND l.status != 'HIT' AND l.at <= builds.at
  ORDER BY l.at DESC, l.level = 'local' DESC, l.id DESC LIMIT 1) AS lookup_id`;

const SUMMARY = `id, at, artifact, key, builder, engine, duration_ms, outcome, image_id, build_id, nocache, cached_steps, total_steps, warnings, cache_broke_at, error, ${LOOKUP_ID}`;

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
    lookupId: numOrNull(row, 'lookup_id'),
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
    const row = this.db.get(`SELECT ${LOOKUP_ID} FROM builds WHERE id = ?`, lastInsertRowid);
    return { ...r, id: lastInsertRowid, lookupId: row ? numOrNull(row, 'lookup_id') : null };
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

  /**
   * The build a lookup led to: the first build whose lookup is this lookup (or its row at another
   * cache level), or null (a HIT, a lookup that built nothing, a build the retention removed).
   */
  forLookup(lookupId: number): BuildSummary | null {
    const me = this.db.get(
      "SELECT artifact, key, at FROM lookups WHERE id = ? AND status != 'HIT'",
      lookupId,
    );
    if (!me) return null;
    const [artifact, key, at] = [text(me, 'artifact'), text(me, 'key'), num(me, 'at')];
    const siblings = new Set(
      this.db
        .all('SELECT id FROM lookups WHERE artifact = ? AND key = ? AND at = ?', artifact, key, at)
        .map((r) => num(r, 'id')),
    );
    const candidates = this.db
      .all(
        `SELECT ${SUMMARY} FROM builds WHERE artifact = ? AND key = ? AND at >= ? ORDER BY at, id`,
        artifact,
        key,
        at,
      )
      .map(toSummary);
    return candidates.find((b) => b.lookupId !== null && siblings.has(b.lookupId)) ?? null;
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
