/** The command line of `hangar history`: subcommands, filters, times such as `7d` or a date. */
import {
  CACHE_LEVELS,
  CACHE_STATUSES,
  LOOKUP_ORIGINS,
  type CacheLevel,
  type CacheStatus,
  type LookupOrigin,
} from '../../../shared/artifacts.js';
import {
  HISTORY_BUCKETS,
  type HistoryBucket,
  type HistoryFilters,
} from '../../../shared/history.js';
import { UsageError } from '../errors.js';

/** A time given on the command line: `7d` ago, or an absolute date. */
export type TimeArg = { ago: number } | { at: number };

export interface FilterArgs {
  since: TimeArg | null;
  until: TimeArg | null;
  artifacts: string[];
  statuses: CacheStatus[];
  levels: CacheLevel[];
  origins: LookupOrigin[];
}

export type HistoryCommand =
  | ({ sub: 'log'; limit: number; json: boolean } & FilterArgs)
  | ({ sub: 'stats'; bucket: HistoryBucket; timeZone: string | null; json: boolean } & FilterArgs)
  | ({ sub: 'export'; file: string } & FilterArgs)
  | { sub: 'import'; files: string[]; artifact: string | null; json: boolean }
  | {
      sub: 'retention';
      days: number | null | undefined;
      rows: number | null | undefined;
      json: boolean;
    };

const FILTERS = ['since', 'until', 'artifact', 'status', 'level', 'origin'];
const ALLOWED: Record<HistoryCommand['sub'], readonly string[]> = {
  log: [...FILTERS, 'limit', 'json'],
  stats: [...FILTERS, 'bucket', 'tz', 'json'],
  export: [...FILTERS, 'ftl'],
  import: ['artifact', 'json'],
  retention: ['days', 'rows', 'json'],
};

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** `7d`, `12h`, `30m`, `2w`, or a date (`2026-01-31`, `2026-01-31T14:00`, with or without zone). */
export function parseTime(text: string, flag: string): TimeArg {
  const rel = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(text.trim());
  if (rel) return { ago: Number(rel[1]) * (UNIT_MS[rel[2] as string] as number) };
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const at = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00` : text);
    if (Number.isFinite(at)) return { at };
  }
  throw new UsageError(
    `${flag} is a duration such as 7d, 12h, 30m, 2w or a date such as 2026-01-31, not '${text}'`,
  );
}

export function resolveTime(t: TimeArg | null, now: number): number | null {
  if (t === null) return null;
  return Math.max(0, Math.round('ago' in t ? now - t.ago : t.at));
}

function pick<T extends string>(
  values: readonly string[] | undefined,
  allowed: readonly T[],
  flag: string,
): T[] {
  const norm = (v: string) => v.trim().toUpperCase().replace(/-/g, '_');
  const out: T[] = [];
  for (const raw of values ?? []) {
    const wanted = norm(raw) === 'TOO_OLD' ? 'HIT_TOO_OLD' : norm(raw);
    const match = allowed.find((a) => norm(a) === wanted);
    if (!match) throw new UsageError(`${flag} is one of ${allowed.join(', ')}, not '${raw}'`);
    if (!out.includes(match)) out.push(match);
  }
  return out;
}

function positiveInt(text: string, flag: string, min = 1): number {
  if (!/^\d+$/.test(text) || Number(text) < min) {
    throw new UsageError(`${flag} is a whole number of at least ${min}, not '${text}'`);
  }
  return Number(text);
}

/** `--days 90`, `--days off`; undefined when not given. */
function limitOption(
  text: string | undefined,
  flag: string,
  min: number,
): number | null | undefined {
  if (text === undefined) return undefined;
  if (/^(off|none|0)$/i.test(text)) return null;
  return positiveInt(text, flag, min);
}

export interface Values {
  since?: string;
  until?: string;
  artifact?: string[];
  status?: string[];
  level?: string[];
  origin?: string[];
  limit?: string;
  json?: boolean;
  bucket?: string;
  tz?: string;
  ftl?: string;
  days?: string;
  rows?: string;
}

function filterArgs(v: Values): FilterArgs {
  return {
    since: v.since === undefined ? null : parseTime(v.since, '--since'),
    until: v.until === undefined ? null : parseTime(v.until, '--until'),
    artifacts: [...new Set(v.artifact ?? [])],
    statuses: pick(v.status, CACHE_STATUSES, '--status'),
    levels: pick(v.level, CACHE_LEVELS, '--level'),
    origins: pick(v.origin, LOOKUP_ORIGINS, '--origin'),
  };
}

const SUBS = ['stats', 'export', 'import', 'retention'] as const;

export function parseHistory(values: Values, positionals: string[]): HistoryCommand {
  const first = positionals[0];
  const sub: HistoryCommand['sub'] = SUBS.find((s) => s === first) ?? 'log';
  const args = sub === 'log' ? positionals : positionals.slice(1);
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && !ALLOWED[sub].includes(key)) {
      throw new UsageError(`'history${sub === 'log' ? '' : ` ${sub}`}' does not take --${key}`);
    }
  }
  if (sub !== 'import' && args.length > 0) {
    throw new UsageError(
      sub === 'log'
        ? `unknown history subcommand '${args[0]}' (stats, export, import, retention)`
        : `unexpected argument '${args[0]}'`,
    );
  }
  const json = values.json ?? false;
  switch (sub) {
    case 'log':
      return {
        sub,
        ...filterArgs(values),
        limit: positiveInt(values.limit ?? '50', '--limit'),
        json,
      };
    case 'stats': {
      const bucket = HISTORY_BUCKETS.find((b) => b === values.bucket) ?? null;
      if (values.bucket !== undefined && bucket === null) {
        throw new UsageError(`--bucket is hour, day or week, not '${values.bucket}'`);
      }
      return {
        sub,
        ...filterArgs(values),
        bucket: bucket ?? 'day',
        timeZone: values.tz ?? null,
        json,
      };
    }
    case 'export':
      if (values.ftl === undefined)
        throw new UsageError('history export needs --ftl FILE (- for standard output)');
      return { sub, ...filterArgs(values), file: values.ftl };
    case 'import':
      if (args.length === 0) throw new UsageError('history import needs at least one FILE');
      if ((values.artifact?.length ?? 0) > 1)
        throw new UsageError('history import takes one --artifact');
      return { sub, files: args, artifact: values.artifact?.[0] ?? null, json };
    case 'retention':
      return {
        sub,
        days: limitOption(values.days, '--days', 1),
        rows: limitOption(values.rows, '--rows', 100),
        json,
      };
  }
}

export function filters(
  f: FilterArgs,
  now: number,
  defaultSince: TimeArg | null = null,
): HistoryFilters {
  const from = resolveTime(f.since ?? defaultSince, now);
  const to = resolveTime(f.until, now);
  if (from !== null && to !== null && to <= from) {
    throw new UsageError('--until must be after --since');
  }
  return {
    from,
    to,
    artifacts: f.artifacts,
    statuses: f.statuses,
    levels: f.levels,
    origins: f.origins,
  };
}
