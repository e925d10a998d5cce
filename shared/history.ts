/**
 * Cache-hit history: every recorded lookup, queried, bucketed in the user's time zone,
 * and exchanged with FTL's cache-stats JSON. Plain DTOs and pure helpers: no Node, no DOM.
 *
 * Times are UTC unix ms everywhere; a bucket's `start` is the instant its local hour, day or week
 * began in the zone the stats were asked for.
 */
import { z } from 'zod';
import {
  CACHE_STATUSES,
  type CacheLevel,
  type CacheStatus,
  type LookupOrigin,
  type LookupRecord,
} from './artifacts.js';

export type { LookupRecord };

/** Which lookups: a time range `[from, to)` and, for each field, the values kept (empty: all). */
export interface HistoryFilters {
  /** Inclusive, unix ms; null: since the first lookup. */
  from: number | null;
  /** Exclusive, unix ms; null: up to now (and beyond: rows recorded later match too). */
  to: number | null;
  artifacts: string[];
  statuses: CacheStatus[];
  levels: CacheLevel[];
  origins: LookupOrigin[];
}

export const NO_HISTORY_FILTERS: HistoryFilters = {
  from: null,
  to: null,
  artifacts: [],
  statuses: [],
  levels: [],
  origins: [],
};

/** Where a page ended: the last row's time and id (rows are ordered newest first by both). */
export interface HistoryCursor {
  at: number;
  id: number;
}

export interface HistoryQuery extends HistoryFilters {
  /** Rows per page. */
  limit: number;
  /** null for the first (newest) page; else the `next` of the page before. */
  cursor: HistoryCursor | null;
}

export interface HistoryPage {
  /** Newest first. */
  records: LookupRecord[];
  /** The cursor of the next (older) page, or null when this was the last. */
  next: HistoryCursor | null;
}

export type HistoryBucket = 'hour' | 'day' | 'week';
export const HISTORY_BUCKETS = ['hour', 'day', 'week'] as const;

export interface HistoryStatsQuery extends HistoryFilters {
  bucket: HistoryBucket;
  /** IANA zone (`Europe/Paris`) or a fixed offset (`+05:30`, `UTC`): where days begin. */
  timeZone: string;
  /** First day of a week bucket: 0 Sunday … 6 Saturday (ISO weeks: 1). */
  weekStartsOn: number;
}

export interface StatusCounts {
  lookups: number;
  hits: number;
  tooOld: number;
  misses: number;
}

export interface StatsBucket extends StatusCounts {
  /** When the local hour/day/week began, unix ms. */
  start: number;
  /** When the next began (usually start + 1 h/day/week; not across a DST change). */
  end: number;
  /** hits / lookups (HIT only: a hit too old was rebuilt), or null without lookups. */
  hitRate: number | null;
  /** Median lookup time in ms of the bucket's own lookups (imported rows have none), or null. */
  medianMs: number | null;
}

export interface MissStreak {
  /** MISS lookups in a row since the artifact was last found (HIT or HIT_TOO_OLD). */
  misses: number;
  /** When the first miss of the streak happened: "missing since Tuesday". */
  since: number;
  /** That first miss's reason: "Dockerfile changed". */
  reason: string | null;
  /** That first miss's key. */
  key: string;
}

export interface LastMiss {
  id: number;
  at: number;
  key: string;
  reason: string | null;
}

export interface ArtifactSummary extends StatusCounts {
  artifact: string;
  hitRate: number | null;
  lastLookupAt: number | null;
  /** The newest MISS in the range. */
  lastMiss: LastMiss | null;
  /** The current miss streak over the whole history (not only the range), or null. */
  streak: MissStreak | null;
}

export interface HistoryTotals extends StatusCounts {
  hitRate: number | null;
  medianMs: number | null;
}

export interface HistoryStats {
  bucket: HistoryBucket;
  timeZone: string;
  /** The start of the first bucket and the end of the last (unix ms); null without lookups. */
  from: number | null;
  to: number | null;
  buckets: StatsBucket[];
  totals: HistoryTotals;
  /** Most looked-up first. */
  artifacts: ArtifactSummary[];
  /** Artifacts in the range (the list above stops at `ARTIFACTS_LIMIT`). */
  artifactCount: number;
  settings: HistorySettings;
}

/** The per-artifact summary lists at most this many artifacts. */
export const ARTIFACTS_LIMIT = 500;

/** How much history is kept: lookups older than the days, and beyond the newest rows, go. */
export interface HistorySettings {
  /** null: no age limit. */
  retentionDays: number | null;
  /** null: no row limit. */
  maxRows: number | null;
}

export const DEFAULT_HISTORY_SETTINGS: HistorySettings = {
  retentionDays: 90,
  maxRows: 250_000,
};

/** What one retention run deleted. */
export interface RetentionReport {
  at: number;
  deletedByAge: number;
  deletedByRows: number;
  remaining: number;
}

/** `history:appended`: rows were added (by this process, another one, or an import). */
export interface HistoryAppended {
  /** How many rows were added. */
  count: number;
  /** The newest of them, newest first (at most `APPENDED_RECORDS_MAX`). */
  records: LookupRecord[];
  /** True when `records` holds fewer than `count`: re-query. */
  truncated: boolean;
}

export const APPENDED_RECORDS_MAX = 200;

// ---- FTL interchange ----

/**
 * FTL (GoogleCloudPlatform/runtimes-common) writes one file per build. It knows two levels: the
 * project's cache and the shared global cache. Hangar's `local` level (the daemon on this machine)
 * is the project's own cache, so it is exported as `project`.
 */
export type FtlLevel = 'global' | 'project';

export interface FtlCacheStat {
  type: 'docker_layer_cache';
  level: FtlLevel;
  hash: string;
  status: CacheStatus;
}

export interface FtlCacheStats {
  cacheStats: FtlCacheStat[];
}

export function ftlLevel(level: CacheLevel): FtlLevel {
  return level === 'global' ? 'global' : 'project';
}

export interface FtlExport {
  /** The FTL JSON, oldest lookup first. */
  file: FtlCacheStats;
  count: number;
  /** Rows of the `local` level written as `project`. */
  localAsProject: number;
}

/** The largest FTL file an import takes, in bytes (16 MiB), from the CLI and the web host alike. */
export const FTL_FILE_MAX_BYTES = 16 * 1024 * 1024;

/** One file to import: its name (for messages), its text, and when it was written (the build). */
export interface HistoryImportFile {
  name: string;
  text: string;
  /** Unix ms (the file's mtime), or null: now. */
  modifiedAt: number | null;
}

export interface HistoryImportRequest {
  files: HistoryImportFile[];
  /** Artifact for every entry; null: the artifact that last used the hash, else `(ftl)`. */
  artifact: string | null;
}

export interface HistoryImportReport {
  imported: number;
  files: Array<{
    name: string;
    entries: number;
    /** When its lookups are recorded (the file's time). */
    at: number;
    /** True when this very file was imported before: nothing added again. */
    duplicate: boolean;
  }>;
}

/** The artifact name of an imported entry whose hash Hangar never saw. */
export const UNKNOWN_FTL_ARTIFACT = '(ftl)';

/** `status must be "HIT", "HIT_TOO_OLD" or "MISS", not "hit"` (or `status is missing`). */
function expected(field: string, allowed: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined
      ? `${field} is missing (${allowed})`
      : `${field} must be ${allowed}, not ${JSON.stringify(issue.input)}`;
}

const ftlEntrySchema = z.object(
  {
    type: z.literal('docker_layer_cache', { error: expected('type', '"docker_layer_cache"') }),
    level: z.enum(['global', 'project'], { error: expected('level', '"global" or "project"') }),
    hash: z
      .string({ error: expected('hash', 'a string') })
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,255}$/,
        'hash must be 1 to 256 letters, digits or . _ : -',
      ),
    status: z.enum(CACHE_STATUSES, {
      error: expected('status', '"HIT", "HIT_TOO_OLD" or "MISS"'),
    }),
  },
  { error: 'each entry must be an object {type, level, hash, status}' },
);

const ftlFileSchema = z.object(
  {
    cacheStats: z.array(ftlEntrySchema, { error: 'cacheStats must be a list of entries' }),
  },
  { error: 'the file must be a JSON object {"cacheStats": [...]}' },
);

export type FtlParse = { ok: true; stats: FtlCacheStat[] } | { ok: false; error: string };

/**
 * Reads one FTL cache-stats file. A failure names the file and its first bad entry: `build-12.json:
 * entry 3 (cacheStats[2]): status must be "HIT", "HIT_TOO_OLD" or "MISS", not "hit"`.
 */
export function parseFtlFile(name: string, text: string): FtlParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const said = err instanceof Error ? err.message : String(err);
    return { ok: false, error: `${name}: not JSON (${said})` };
  }
  const parsed = ftlFileSchema.safeParse(json);
  if (parsed.success) {
    return {
      ok: true,
      stats: parsed.data.cacheStats.map((e) => ({
        type: e.type,
        level: e.level,
        hash: e.hash,
        status: e.status,
      })),
    };
  }
  const issue = parsed.error.issues[0];
  const path = issue?.path ?? [];
  const index = path[0] === 'cacheStats' && typeof path[1] === 'number' ? path[1] : null;
  const where = index === null ? '' : `entry ${index + 1} (cacheStats[${index}]): `;
  return {
    ok: false,
    error: `${name}: ${where}${issue?.message ?? 'not an FTL cache-stats file'}`,
  };
}

/** hits / lookups, or null without lookups. */
export function hitRate(c: StatusCounts): number | null {
  return c.lookups === 0 ? null : c.hits / c.lookups;
}

/** `YYYY-MM-DD` of an instant in a zone (undefined: the platform's own). */
function localDate(ms: number, zone: string | undefined): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, dateStyle: 'short' }).format(ms);
}

/**
 * When something began, in words relative to `now` in the zone: `today at 14:05`, `yesterday`,
 * `Tuesday` (within the last week), `Jan 6` (this year), `Jan 6, 2025`.
 */
export function sinceWords(since: number, now: number, zone?: string): string {
  const day = localDate(since, zone);
  const days = Math.round(
    (Date.parse(`${localDate(now, zone)}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000,
  );
  const fmt = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('en-US', { timeZone: zone, ...options }).format(since);
  if (days <= 0) return `today at ${fmt({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })}`;
  if (days === 1) return 'yesterday';
  if (days < 7) return fmt({ weekday: 'long' });
  const sameYear = day.slice(0, 4) === localDate(now, zone).slice(0, 4);
  return fmt(sameYear ? { month: 'short', day: 'numeric' } : { dateStyle: 'medium' });
}

/** `missing since Tuesday: inputs changed: Dockerfile (3 misses)`. */
export function streakWords(streak: MissStreak, now: number, zone?: string): string {
  const reason = streak.reason ? `: ${streak.reason}` : '';
  const count = streak.misses > 1 ? ` (${streak.misses} misses)` : '';
  return `missing since ${sinceWords(streak.since, now, zone)}${reason}${count}`;
}
