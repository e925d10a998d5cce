/**
 * Channels of the cache-hit history: the lookup log (filtered, keyset-paginated), stats
 * per hour/day/week in the user's time zone with a per-artifact summary, FTL export and import,
 * and the retention setting. `history:appended` says rows were added.
 */
import { z } from 'zod';
import { CACHE_LEVELS, CACHE_STATUSES, LOOKUP_ORIGINS } from '../artifacts.js';
import {
  FTL_FILE_MAX_BYTES,
  HISTORY_BUCKETS,
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
} from '../history.js';
import type { SchemasFor } from './define.js';

/** Unix ms from 1970 up to the year 10000. */
const instant = (what: string) =>
  z
    .number({ error: `${what} is a time in unix milliseconds.` })
    .int(`${what} is a whole number of milliseconds.`)
    .min(0, `${what} is after 1970.`)
    .max(253_402_300_800_000, `${what} is before the year 10000.`);

const artifactName = z
  .string({ error: 'An artifact filter is an artifact name.' })
  .min(1, 'An artifact name is not empty.')
  .max(255, 'An artifact name is at most 255 characters.');

function unique<T>(values: readonly T[]): boolean {
  return new Set(values).size === values.length;
}

const filterShape = {
  from: instant('from').nullable(),
  to: instant('to').nullable(),
  artifacts: z
    .array(artifactName, { error: 'artifacts is a list of artifact names.' })
    .max(100, 'Filter on at most 100 artifacts.')
    .refine(unique, 'An artifact is named twice.'),
  statuses: z
    .array(z.enum(CACHE_STATUSES, { error: 'A status is HIT, HIT_TOO_OLD or MISS.' }), {
      error: 'statuses is a list such as ["MISS"].',
    })
    .refine(unique, 'A status is named twice.'),
  levels: z
    .array(z.enum(CACHE_LEVELS, { error: 'A level is local, project or global.' }), {
      error: 'levels is a list such as ["local"].',
    })
    .refine(unique, 'A level is named twice.'),
  origins: z
    .array(z.enum(LOOKUP_ORIGINS, { error: 'An origin is gui, cli or import.' }), {
      error: 'origins is a list such as ["cli"].',
    })
    .refine(unique, 'An origin is named twice.'),
};

const rangeInOrder = (f: { from: number | null; to: number | null }) =>
  f.from === null || f.to === null || f.from < f.to;
const RANGE_MESSAGE = { message: 'The range ends before it starts (from must be before to).' };

export const historyFiltersSchema: z.ZodType<HistoryFilters> = z
  .strictObject(filterShape, {
    error: 'Filters are { from, to, artifacts, statuses, levels, origins }.',
  })
  .refine(rangeInOrder, RANGE_MESSAGE);

const historyQuerySchema: z.ZodType<HistoryQuery> = z
  .strictObject(
    {
      ...filterShape,
      limit: z
        .number({ error: 'limit is a number of rows.' })
        .int('limit is a whole number.')
        .min(1, 'limit is at least 1.')
        .max(1000, 'limit is at most 1000 rows per page.'),
      cursor: z
        .strictObject(
          { at: instant('cursor.at'), id: z.number().int().min(0) },
          { error: 'cursor is { at, id } from the previous page, or null.' },
        )
        .nullable(),
    },
    {
      error:
        'A history query is { from, to, artifacts, statuses, levels, origins, limit, cursor }.',
    },
  )
  .refine(rangeInOrder, RANGE_MESSAGE);

/** An IANA zone (`Europe/Paris`) or an offset (`+05:30`) the platform's Intl knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const statsQuerySchema: z.ZodType<HistoryStatsQuery> = z
  .strictObject(
    {
      ...filterShape,
      bucket: z.enum(HISTORY_BUCKETS, { error: 'bucket is hour, day or week.' }),
      timeZone: z
        .string({ error: 'timeZone is a zone such as Europe/Paris or +05:30.' })
        .min(1, 'timeZone is a zone such as Europe/Paris or +05:30.')
        .max(64, 'timeZone is at most 64 characters.')
        .refine(isTimeZone, 'timeZone is not a known time zone (try Europe/Paris or +05:30).'),
      weekStartsOn: z
        .number({ error: 'weekStartsOn is a day number, 0 (Sunday) to 6 (Saturday).' })
        .int('weekStartsOn is a whole number from 0 to 6.')
        .min(0, 'weekStartsOn is 0 (Sunday) to 6 (Saturday).')
        .max(6, 'weekStartsOn is 0 (Sunday) to 6 (Saturday).'),
    },
    { error: 'A stats query is the filters plus { bucket, timeZone, weekStartsOn }.' },
  )
  .refine(rangeInOrder, RANGE_MESSAGE);

const importSchema: z.ZodType<HistoryImportRequest> = z.strictObject(
  {
    files: z
      .array(
        z.strictObject(
          {
            name: z
              .string({ error: 'A file name is a string.' })
              .min(1, 'A file name is not empty.')
              .max(4096, 'A file name is at most 4096 characters.'),
            text: z
              .string({ error: 'A file’s text is a string.' })
              .max(FTL_FILE_MAX_BYTES, 'An FTL file is at most 16 MiB.'),
            modifiedAt: instant('modifiedAt').nullable(),
          },
          { error: 'A file is { name, text, modifiedAt }.' },
        ),
        { error: 'files is a list of { name, text, modifiedAt }.' },
      )
      .min(1, 'Name at least one file to import.')
      .max(10_000, 'At most 10,000 files at once.'),
    artifact: artifactName.nullable(),
  },
  { error: 'An import is { files, artifact }.' },
);

const settingsSchema: z.ZodType<HistorySettings> = z.strictObject(
  {
    retentionDays: z
      .number({ error: 'retentionDays is a number of days, or null for no limit.' })
      .positive('Keep history for more than 0 days (or null for no limit).')
      .max(36_500, 'retentionDays is at most 100 years.')
      .nullable(),
    maxRows: z
      .number({ error: 'maxRows is a number of lookups, or null for no limit.' })
      .int('maxRows is a whole number.')
      .min(100, 'Keep at least 100 lookups (or null for no limit).')
      .max(100_000_000, 'maxRows is at most 100,000,000.')
      .nullable(),
  },
  { error: 'History settings are { retentionDays, maxRows }.' },
);

export interface HistoryChannels {
  /** Lookups matching the filters, newest first, one page at a time (keyset cursor). */
  'history:query': { args: [query: HistoryQuery]; result: HistoryPage };
  /** Counts, hit rate and median per bucket in the given zone, totals and a per-artifact summary. */
  'history:stats': { args: [query: HistoryStatsQuery]; result: HistoryStats };
  /** The artifacts that have lookups, by name (for the filter). */
  'history:artifacts': { args: []; result: string[] };
  /** The matching lookups as FTL cache-stats JSON. */
  'history:exportFtl': { args: [filters: HistoryFilters]; result: FtlExport };
  /** FTL cache-stats files, all or nothing: one malformed file imports none. */
  'history:import': { args: [request: HistoryImportRequest]; result: HistoryImportReport };
  'history:settings': { args: []; result: HistorySettings };
  /** Saves the retention setting and applies it at once. */
  'history:setSettings': { args: [settings: HistorySettings]; result: HistorySettings };
}

export const historySchemas = {
  'history:query': z.tuple([historyQuerySchema]),
  'history:stats': z.tuple([statsQuerySchema]),
  'history:artifacts': z.tuple([]),
  'history:exportFtl': z.tuple([historyFiltersSchema]),
  'history:import': z.tuple([importSchema]),
  'history:settings': z.tuple([]),
  'history:setSettings': z.tuple([settingsSchema]),
} satisfies SchemasFor<HistoryChannels>;

export interface HistoryEvents {
  /** Lookups were recorded (here or by another process, e.g. the CLI) or imported. */
  'history:appended': HistoryAppended;
}
