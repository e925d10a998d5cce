/**
 * The cache-hit history as one service: the lookup log, stats, FTL export and import,
 * retention, and `history:appended`.
 *
 * New rows are announced from three places: a lookup recorded in this process (the artifact
 * service calls `recorded`), an import, and (in the app) rows another process added, such as a
 * `hangar build` in a terminal: SQLite's `PRAGMA data_version` changes when another connection
 * commits, so a cheap poll notices them and reads only the rows past the last id announced.
 */
import {
  APPENDED_RECORDS_MAX,
  type FtlExport,
  type HistoryAppended,
  type HistoryFilters,
  type HistoryImportReport,
  type HistoryImportRequest,
  type HistoryPage,
  type HistoryQuery,
  type HistorySettings,
  type HistoryStats,
  type HistoryStatsQuery,
  type LookupRecord,
  type RetentionReport,
} from '../../../shared/history.js';
import { num, type StoreDatabase } from '../store/database.js';
import { toLookupRecord } from '../store/history-repo.js';
import type { StoreProvider } from '../store/store.js';
import { exportFtl, importFtl } from './ftl-exchange.js';
import { artifactNames, LOOKUP_COLUMNS, maxId, queryPage } from './log-query.js';
import { enforceRetention, readSettings, writeSettings } from './retention.js';
import { computeStats } from './stats-query.js';

export interface HistoryServiceOptions {
  store: StoreProvider;
  now?: () => number;
  /**
   * Work in the background (the app, not a one-shot CLI command): follow rows other processes add,
   * and enforce retention a little after start and then every `retentionEveryMs`.
   */
  background?: boolean;
  pollMs?: number;
  retentionDelayMs?: number;
  retentionEveryMs?: number;
}

type Listener = (event: HistoryAppended) => void;

export class HistoryService {
  private readonly store: StoreProvider;
  private readonly now: () => number;
  private readonly listeners = new Set<Listener>();
  private readonly timers: Array<ReturnType<typeof setTimeout>> = [];
  /** The highest row id announced (or known at start); null until first needed. */
  private lastSeen: number | null = null;
  private dataVersion: unknown = undefined;
  /** Poll ticks to skip after the store failed to open. */
  private backoff = 0;
  private retention: Promise<RetentionReport> | null = null;
  private closed = false;

  constructor(private readonly options: HistoryServiceOptions) {
    this.store = options.store;
    this.now = options.now ?? Date.now;
  }

  /** Starts the background work (when enabled). */
  start(): void {
    if (!this.options.background || this.closed) return;
    const poll = setInterval(() => this.poll(), this.options.pollMs ?? 1000);
    const first = setTimeout(() => {
      void this.enforceRetention().catch(() => undefined);
      const every = setInterval(
        () => void this.enforceRetention().catch(() => undefined),
        this.options.retentionEveryMs ?? 3_600_000,
      );
      every.unref?.();
      this.timers.push(every);
    }, this.options.retentionDelayMs ?? 10_000);
    poll.unref?.();
    first.unref?.();
    this.timers.push(poll, first);
  }

  onAppended(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async query(query: HistoryQuery): Promise<HistoryPage> {
    return queryPage(this.db(), query);
  }

  async stats(query: HistoryStatsQuery): Promise<HistoryStats> {
    const db = this.db();
    return computeStats(db, query, this.now(), readSettings(db));
  }

  async artifacts(): Promise<string[]> {
    return artifactNames(this.db());
  }

  async exportFtl(filters: HistoryFilters): Promise<FtlExport> {
    return exportFtl(this.store.get(), filters);
  }

  async import(request: HistoryImportRequest): Promise<HistoryImportReport> {
    const { report, records } = importFtl(this.store.get(), request, this.now());
    if (records.length > 0) {
      this.announce();
      void this.enforceRetention().catch(() => undefined);
    }
    return report;
  }

  async settings(): Promise<HistorySettings> {
    return readSettings(this.db());
  }

  async setSettings(settings: HistorySettings): Promise<HistorySettings> {
    const saved = writeSettings(this.db(), settings);
    await this.enforceRetention();
    return saved;
  }

  /** Applies the retention setting now (one run at a time). */
  enforceRetention(): Promise<RetentionReport> {
    if (this.retention) {
      return this.retention.then(() => this.enforceRetention());
    }
    const run = (async () => {
      const db = this.db();
      return enforceRetention(db, readSettings(db), this.now());
    })();
    this.retention = run;
    const clear = () => {
      if (this.retention === run) this.retention = null;
    };
    run.then(clear, clear);
    return run;
  }

  /** A lookup was recorded in this process (the artifact service's hook). */
  recorded(record: LookupRecord): void {
    if (this.closed || this.listeners.size === 0) return;
    this.lastSeen ??= record.id - 1;
    try {
      this.announce();
    } catch {
      // Never fail the lookup that was recorded; the UI re-reads the history on its next query.
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.length = 0;
    this.listeners.clear();
  }

  private db(): StoreDatabase {
    return this.store.get().db;
  }

  /** Tells listeners about every row past `lastSeen`. */
  private announce(): void {
    if (this.listeners.size === 0) return;
    const db = this.db();
    if (this.lastSeen === null) {
      this.lastSeen = maxId(db);
      return;
    }
    const after = this.lastSeen;
    const countRow = db.get(
      'SELECT count(*) AS n, max(id) AS top FROM lookups WHERE id > ?',
      after,
    );
    const count = countRow ? num(countRow, 'n') : 0;
    if (count === 0) {
      // Rows were deleted up to the top (a new store file): start over from what is there.
      const top = maxId(db);
      if (top < after) this.lastSeen = top;
      return;
    }
    this.lastSeen = num(countRow ?? {}, 'top');
    const records = db
      .all(
        `SELECT ${LOOKUP_COLUMNS} FROM lookups WHERE id > ? ORDER BY id DESC LIMIT ?`,
        after,
        APPENDED_RECORDS_MAX,
      )
      .map(toLookupRecord);
    const event: HistoryAppended = { count, records, truncated: records.length < count };
    for (const l of this.listeners) l(event);
  }

  /** Background: has another connection committed since the last look? */
  private poll(): void {
    if (this.closed || this.listeners.size === 0) return;
    if (this.backoff > 0) {
      this.backoff--;
      return;
    }
    try {
      const version = this.db().get('PRAGMA data_version')?.data_version;
      if (version === this.dataVersion) return;
      this.dataVersion = version;
      this.announce();
    } catch {
      // A missing, locked or corrupt store: the requests that need it say so; look again later.
      this.backoff = 30;
    }
  }
}
