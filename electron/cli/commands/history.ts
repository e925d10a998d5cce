/**
 * `hangar history`: the cache-hit history from a terminal.
 *   history [--since 7d] [--artifact NAME]… [--status MISS]… [--level L] [--origin O] [--limit N] [--json]
 *   history stats [--bucket day] [--since 30d] [--tz ZONE] [filters] [--json]
 *   history export --ftl FILE [--since …] [filters]      (FILE `-`: standard output)
 *   history import FILE… [--artifact NAME] [--json]
 *   history retention [--days N|off] [--rows N|off] [--json]
 */
import { open, writeFile, type FileHandle } from 'node:fs/promises';
import {
  FTL_FILE_MAX_BYTES,
  type HistoryBucket,
  type HistoryCursor,
  type HistoryImportFile,
  type HistoryPage,
  type LookupRecord,
} from '../../../shared/history.js';
import type { Core } from '../../core/core.js';
import { request } from '../core-client.js';
import { CliError } from '../errors.js';
import { humanSize } from '../format.js';
import type { CliDeps } from '../io.js';
import { filters, parseHistory, type HistoryCommand, type TimeArg } from './history-args.js';
import { logTable, statsText } from './history-format.js';
import { defineCommand, type CommonOptions } from './types.js';

/** Default `--since` of `stats`, per bucket. */
const STATS_SINCE: Record<HistoryBucket, TimeArg> = {
  hour: { ago: 48 * 3_600_000 },
  day: { ago: 30 * 86_400_000 },
  week: { ago: 182 * 86_400_000 },
};

export const historyCommand = defineCommand({
  name: 'history',
  summary: 'Every cache lookup: the log, hit rates over time, FTL export and import.',
  usage: '[stats|export|import FILE…|retention] [options]',
  details: `  (no subcommand)        The lookups, newest first
    --since 7d|DATE      Only since then (s, m, h, d, w; or 2026-01-31)   --until 7d|DATE
    --artifact NAME      Only this artifact (repeatable)
    --status MISS        HIT, HIT_TOO_OLD (too-old) or MISS (repeatable)
    --level L            local, project or global     --origin O   gui, cli or import
    --limit N            At most N lookups (default 50)
  stats [--bucket day]   Lookups, hits, too old, misses, hit rate and median time per hour, day
                         or week of your time zone (--tz ZONE), and per artifact: hit rate, last
                         miss, and since when it has been missing (default since: 48h, 30d, 26w)
  export --ftl FILE      The lookups as FTL cache-stats JSON (local written as project; - for stdout)
  import FILE…           FTL cache-stats files (one per build, recorded at the file's time);
                         one malformed file imports nothing   --artifact NAME for every entry
  retention              Show how much history is kept; --days N|off  --rows N|off change it
  --json                 Print JSON`,
  options: {
    since: { type: 'string' },
    until: { type: 'string' },
    artifact: { type: 'string', multiple: true },
    status: { type: 'string', multiple: true },
    level: { type: 'string', multiple: true },
    origin: { type: 'string', multiple: true },
    limit: { type: 'string' },
    json: { type: 'boolean' },
    bucket: { type: 'string' },
    tz: { type: 'string' },
    ftl: { type: 'string' },
    days: { type: 'string' },
    rows: { type: 'string' },
  },
  parse: parseHistory,
  run: runHistory,
});

function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function tooBig(file: string, size: number | null): CliError {
  const it = size === null ? 'it is' : `it is ${humanSize(size)},`;
  const limit = `${FTL_FILE_MAX_BYTES / 1024 / 1024} MiB`;
  return new CliError(`cannot import ${file}: ${it} larger than the ${limit} an FTL file may be`);
}

/** Reads from `handle` until its end or `max` bytes, whichever comes first. */
async function readAtMost(handle: FileHandle, max: number): Promise<Buffer> {
  const buffer = Buffer.alloc(max);
  let length = 0;
  while (length < max) {
    const { bytesRead } = await handle.read(buffer, length, max - length, null);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return buffer.subarray(0, length);
}

/**
 * One FTL file, at most FTL_FILE_MAX_BYTES: a regular file's size is checked before anything is
 * read; what has no size (a device, a pipe) is read up to one byte past the limit and no further.
 */
async function readFtlFile(file: string): Promise<HistoryImportFile> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'r');
    const info = await handle.stat();
    if (info.isDirectory()) throw new CliError(`cannot import ${file}: it is a folder`);
    if (info.isFile() && info.size > FTL_FILE_MAX_BYTES) throw tooBig(file, info.size);
    const cap = info.isFile() ? info.size + 1 : FTL_FILE_MAX_BYTES + 1;
    const bytes = await readAtMost(handle, Math.min(cap, FTL_FILE_MAX_BYTES + 1));
    if (bytes.length > FTL_FILE_MAX_BYTES) throw tooBig(file, info.isFile() ? bytes.length : null);
    return { name: file, text: bytes.toString('utf8'), modifiedAt: Math.round(info.mtimeMs) };
  } finally {
    await handle?.close();
  }
}

async function runSub(core: Core, cmd: HistoryCommand, deps: CliDeps): Promise<number> {
  const now = deps.now();
  // The text is made only when it is printed: `--json` builds no table.
  const print = (json: boolean, value: unknown, text: () => string) =>
    deps.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : text());
  switch (cmd.sub) {
    case 'log': {
      const records: LookupRecord[] = [];
      let cursor: HistoryCursor | null = null;
      do {
        const page: HistoryPage = await request(core, 'history:query', {
          ...filters(cmd, now),
          limit: Math.min(1000, cmd.limit - records.length),
          cursor,
        });
        for (const record of page.records) records.push(record);
        cursor = page.next;
      } while (cursor && records.length < cmd.limit);
      print(cmd.json, records, () =>
        records.length === 0 ? 'No lookups recorded.\n' : logTable(records, localZone()),
      );
      return 0;
    }
    case 'stats': {
      const stats = await request(core, 'history:stats', {
        ...filters(cmd, now, STATS_SINCE[cmd.bucket]),
        bucket: cmd.bucket,
        timeZone: cmd.timeZone ?? localZone(),
        weekStartsOn: 1,
      });
      print(cmd.json, stats, () => statsText(stats, now));
      return 0;
    }
    case 'export': {
      const out = await request(core, 'history:exportFtl', filters(cmd, now));
      const json = `${JSON.stringify(out.file, null, 2)}\n`;
      if (cmd.file === '-') deps.stdout.write(json);
      else await writeFile(cmd.file, json);
      const note =
        out.localAsProject > 0 ? ` (${out.localAsProject} local lookups as level project)` : '';
      (cmd.file === '-' ? deps.stderr : deps.stdout).write(
        `Exported ${out.count} lookups${cmd.file === '-' ? '' : ` to ${cmd.file}`}${note}\n`,
      );
      return 0;
    }
    case 'import': {
      // One after the other: at most one file's bytes are being read at a time.
      const files: HistoryImportFile[] = [];
      for (const file of cmd.files) files.push(await readFtlFile(file));
      const report = await request(core, 'history:import', { files, artifact: cmd.artifact });
      const dups = report.files.filter((f) => f.duplicate).length;
      print(
        cmd.json,
        report,
        () =>
          `Imported ${report.imported} lookups from ${files.length - dups} ${files.length - dups === 1 ? 'file' : 'files'}` +
          `${dups > 0 ? ` (${dups} already imported, skipped)` : ''}\n`,
      );
      return 0;
    }
    case 'retention': {
      let settings = await request(core, 'history:settings');
      if (cmd.days !== undefined || cmd.rows !== undefined) {
        settings = await request(core, 'history:setSettings', {
          retentionDays: cmd.days === undefined ? settings.retentionDays : cmd.days,
          maxRows: cmd.rows === undefined ? settings.maxRows : cmd.rows,
        });
      }
      const days =
        settings.retentionDays === null ? 'no age limit' : `${settings.retentionDays} days`;
      const rows =
        settings.maxRows === null
          ? 'no row limit'
          : `the newest ${settings.maxRows.toLocaleString('en-US')} lookups`;
      print(cmd.json, settings, () => `History keeps ${days} and ${rows}.\n`);
      return 0;
    }
  }
}

async function runHistory(cmd: HistoryCommand & CommonOptions, deps: CliDeps): Promise<number> {
  // The history lives in the store: no engine needed.
  const core = await deps.createCore({
    ...(cmd.host === undefined ? {} : { host: cmd.host }),
    origin: 'cli',
  });
  try {
    return await runSub(core, cmd, deps);
  } finally {
    await core.close();
  }
}
