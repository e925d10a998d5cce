/**
 * BuildKit's build cache over time: the totals at each refresh (per engine, thinned as they age),
 * the log of its prunes (by hand or by the keep-under policy) and the policy's setting.
 */
import type {
  BuildCachePolicy,
  BuildCachePruneLogEntry,
  BuildCacheTotalsPoint,
} from '../../../shared/build-cache.js';
import { thinTotals, TOTALS_KEEP_MS } from '../build-cache/growth.js';
import { jsonColumn, num, numOrNull, text, type Row, type StoreDatabase } from './database.js';

export type NewPruneLogEntry = Omit<BuildCachePruneLogEntry, 'id'>;

/** A point is not written when the previous one is this recent and says the same. */
const SAME_POINT_MS = 60_000;

function toEntry(row: Row): BuildCachePruneLogEntry {
  return {
    id: num(row, 'id'),
    at: num(row, 'at'),
    engine: text(row, 'engine'),
    origin: text(row, 'origin') === 'policy' ? 'policy' : 'prune',
    limitBytes: numOrNull(row, 'limit_bytes'),
    beforeBytes: num(row, 'before_bytes'),
    deleted: jsonColumn<BuildCachePruneLogEntry['deleted']>(row, 'deleted', []),
    skipped: jsonColumn<BuildCachePruneLogEntry['skipped']>(row, 'skipped', []),
    failed: jsonColumn<BuildCachePruneLogEntry['failed']>(row, 'failed', []),
    reclaimedBytes: num(row, 'reclaimed_bytes'),
  };
}

export class BuildCacheRepo {
  constructor(private readonly db: StoreDatabase) {}

  /**
   * Records the totals of one refresh, unless the last point is under a minute old and the same;
   * then thins this engine's older points (`thinTotals`).
   */
  recordTotals(engine: string, point: BuildCacheTotalsPoint): void {
    const last = this.db.get(
      'SELECT at, count, bytes, reclaimable_bytes FROM build_cache_totals WHERE engine = ? ORDER BY at DESC LIMIT 1',
      engine,
    );
    if (
      last &&
      point.at - num(last, 'at') < SAME_POINT_MS &&
      num(last, 'count') === point.count &&
      num(last, 'bytes') === point.bytes &&
      num(last, 'reclaimable_bytes') === point.reclaimableBytes
    ) {
      return;
    }
    this.db.run(
      `INSERT INTO build_cache_totals (engine, at, count, bytes, reclaimable_bytes) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (engine, at) DO UPDATE SET count = excluded.count, bytes = excluded.bytes, reclaimable_bytes = excluded.reclaimable_bytes`,
      engine,
      point.at,
      point.count,
      point.bytes,
      point.reclaimableBytes,
    );
    const ats = this.db
      .all('SELECT at FROM build_cache_totals WHERE engine = ? ORDER BY at', engine)
      .map((r) => num(r, 'at'));
    const drop = thinTotals(ats, point.at);
    for (const at of drop) {
      this.db.run('DELETE FROM build_cache_totals WHERE engine = ? AND at = ?', engine, at);
    }
  }

  /** Oldest first. */
  totals(engine: string, since: number): BuildCacheTotalsPoint[] {
    return this.db
      .all(
        'SELECT at, count, bytes, reclaimable_bytes FROM build_cache_totals WHERE engine = ? AND at >= ? ORDER BY at',
        engine,
        since,
      )
      .map((r) => ({
        at: num(r, 'at'),
        count: num(r, 'count'),
        bytes: num(r, 'bytes'),
        reclaimableBytes: num(r, 'reclaimable_bytes'),
      }));
  }

  /** Logs one prune; entries older than the totals' span go. */
  appendPrune(e: NewPruneLogEntry): BuildCachePruneLogEntry {
    const { lastInsertRowid } = this.db.run(
      `INSERT INTO build_cache_prunes (at, engine, origin, limit_bytes, before_bytes, reclaimed_bytes, deleted, skipped, failed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      e.at,
      e.engine,
      e.origin,
      e.limitBytes,
      e.beforeBytes,
      e.reclaimedBytes,
      JSON.stringify(e.deleted),
      JSON.stringify(e.skipped),
      JSON.stringify(e.failed),
    );
    this.db.run('DELETE FROM build_cache_prunes WHERE at < ?', e.at - TOTALS_KEEP_MS);
    return { ...e, id: lastInsertRowid };
  }

  /** Newest first. */
  prunes(engine: string, since: number, limit = 200): BuildCachePruneLogEntry[] {
    return this.db
      .all(
        'SELECT * FROM build_cache_prunes WHERE engine = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT ?',
        engine,
        since,
        limit,
      )
      .map(toEntry);
  }

  /** The keep-under policy; off unless a positive whole number of bytes was set. */
  policy(): BuildCachePolicy {
    const row = this.db.get("SELECT value FROM settings WHERE key = 'buildCachePolicy'");
    const stored = row ? jsonColumn<Partial<BuildCachePolicy>>(row, 'value', {}) : {};
    const v = stored.keepUnderBytes;
    return {
      keepUnderBytes: typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null,
    };
  }

  setPolicy(policy: BuildCachePolicy): BuildCachePolicy {
    this.db.run(
      `INSERT INTO settings (key, value) VALUES ('buildCachePolicy', ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      JSON.stringify({ keepUnderBytes: policy.keepUnderBytes }),
    );
    return this.policy();
  }
}
