/**
 * `hangar cache <ls|evict|enforce|import-skaffold>`: the artifact cache from a terminal.
 *   cache ls [--json]
 *   cache evict KEY… [--remove-images] [--json]
 *   cache enforce [--max-size 10GB] [--ttl HOURS] [--dry-run] [--remove-images] [--json]
 *   cache import-skaffold [FILE] [--json]
 */
import type {
  CacheEntry,
  CacheListing,
  EvictAction,
  PolicyReport,
  SkaffoldImportReport,
} from '../../../shared/artifacts.js';
import type { Core } from '../../core/core.js';
import { request } from '../core-client.js';
import { UsageError } from '../errors.js';
import { formatTable, humanAge, humanSize } from '../format.js';
import type { CliDeps } from '../io.js';
import { parseHours } from './build-args.js';
import { requireEngine } from './common.js';
import { defineCommand, type CommonOptions } from './types.js';

export type CacheCommand =
  | { sub: 'ls'; json: boolean }
  | { sub: 'evict'; keys: string[]; removeImages: boolean; json: boolean }
  | {
      sub: 'enforce';
      maxSizeBytes: number | null;
      ttlHours: number | null;
      dryRun: boolean;
      removeImages: boolean;
      json: boolean;
    }
  | { sub: 'import-skaffold'; file: string | null; json: boolean };

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/**
 * `10GB` (decimal, like docker shows sizes), `512MiB`, `1.5gb`, `1000000` (bytes); `flag` names
 * the option in the error.
 */
export function parseSize(text: string, flag = '--max-size'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = UNITS[(m?.[2] || 'b').toLowerCase()];
  if (!m || unit === undefined) {
    throw new UsageError(`${flag} is a size such as 10GB, 500MB or 2GiB, not '${text}'`);
  }
  return Math.round(Number(m[1]) * unit);
}

const ALLOWED: Record<CacheCommand['sub'], readonly string[]> = {
  ls: ['json'],
  evict: ['json', 'remove-images'],
  enforce: ['json', 'max-size', 'ttl', 'dry-run', 'remove-images'],
  'import-skaffold': ['json'],
};

function isSub(word: string | undefined): word is CacheCommand['sub'] {
  return word !== undefined && Object.hasOwn(ALLOWED, word);
}

export const cacheCommand = defineCommand({
  name: 'cache',
  summary: 'The artifact cache: list, evict, enforce the size/TTL policy, import skaffold’s cache.',
  usage: '<ls|evict KEY…|enforce|import-skaffold [FILE]> [options]',
  details: `  ls [--json]                   Entries with their image's state (present, missing, stale)
  evict KEY… [--remove-images]  Drop entries (a unique key prefix is enough)
  enforce [--max-size 10GB] [--ttl HOURS] [--dry-run] [--remove-images]
                                Drop entries whose image is gone, older than the TTL, then the
                                least recently hit until under the size (pinned ones stay)
  import-skaffold [FILE]        Read skaffold's cache file (default ~/.skaffold/cache)
  --remove-images               Also remove evicted images no container uses and nobody else tagged
  --json                        Print JSON`,
  options: {
    json: { type: 'boolean' },
    'max-size': { type: 'string' },
    ttl: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'remove-images': { type: 'boolean' },
  },
  parse: (values, positionals): CacheCommand => {
    const [sub, ...args] = positionals;
    if (!isSub(sub)) {
      throw new UsageError(
        sub === undefined
          ? 'cache needs a subcommand: ls, evict, enforce or import-skaffold'
          : `unknown cache subcommand '${sub}' (ls, evict, enforce, import-skaffold)`,
      );
    }
    for (const [key, value] of Object.entries(values)) {
      if (value !== undefined && !ALLOWED[sub].includes(key)) {
        throw new UsageError(`'cache ${sub}' does not take --${key}`);
      }
    }
    const json = values.json ?? false;
    switch (sub) {
      case 'ls':
        if (args.length > 0) throw new UsageError(`unexpected argument '${args[0]}'`);
        return { sub, json };
      case 'evict':
        if (args.length === 0) throw new UsageError('cache evict needs at least one KEY');
        return { sub, keys: args, removeImages: values['remove-images'] ?? false, json };
      case 'enforce':
        if (args.length > 0) throw new UsageError(`unexpected argument '${args[0]}'`);
        return {
          sub,
          maxSizeBytes: values['max-size'] === undefined ? null : parseSize(values['max-size']),
          ttlHours: values.ttl === undefined ? null : parseHours(values.ttl, '--ttl'),
          dryRun: values['dry-run'] ?? false,
          removeImages: values['remove-images'] ?? false,
          json,
        };
      case 'import-skaffold':
        if (args.length > 1) throw new UsageError(`unexpected argument '${args[1]}'`);
        return { sub, file: args[0] ?? null, json };
    }
  },
  run: runCache,
});

const key12 = (key: string) => key.slice(0, 12);

export function entriesTable(listing: CacheListing, nowMs: number): string {
  const rows = listing.entries.map((e: CacheEntry) => [
    key12(e.key),
    e.artifact,
    e.pinned ? `${e.state}, pinned` : e.state,
    e.source,
    humanSize(e.size),
    e.created === null ? '' : humanAge(e.created / 1000, nowMs),
    e.lastHitAt === null ? 'never' : humanAge(e.lastHitAt / 1000, nowMs),
    String(e.hitCount),
  ]);
  const t = listing.totals;
  const limit = listing.settings.maxSizeBytes;
  return (
    formatTable(
      ['KEY', 'ARTIFACT', 'STATUS', 'SOURCE', 'SIZE', 'CREATED', 'LAST HIT', 'HITS'],
      rows,
    ) +
    `${t.entries} entries, ${humanSize(t.size)}${limit === null ? '' : ` of ${humanSize(limit)}`}` +
    `${t.pinned > 0 ? `, ${t.pinned} pinned` : ''}${t.missing > 0 ? `, ${t.missing} missing` : ''}; store: ${listing.storeFile}\n`
  );
}

function actionLine(a: EvictAction): string {
  const image =
    a.image === 'remove'
      ? a.outcome === null
        ? 'image to remove'
        : a.error === null
          ? 'image removed'
          : a.error
      : a.image === 'keep'
        ? `image kept${a.note ? `: ${a.note}` : ''}`
        : 'no image';
  return `  ${key12(a.key)}  ${a.artifact}  ${a.reason}  ${image}${a.outcome === 'failed' ? ` (failed: ${a.error})` : ''}`;
}

export function describePolicy(r: PolicyReport): string {
  const n = r.actions.length;
  const head = r.preview
    ? `Would evict ${n} ${n === 1 ? 'entry' : 'entries'} (dry run)`
    : `Evicted ${r.actions.filter((a) => a.outcome !== 'failed').length} of ${n} ${n === 1 ? 'entry' : 'entries'}`;
  const lines = [`${head}${n > 0 ? ':' : '.'}`, ...r.actions.map(actionLine)];
  for (const s of r.skipped) lines.push(`  ${key12(s.key)}  ${s.artifact}  skipped: ${s.reason}`);
  const limit = r.maxSizeBytes === null ? 'no size limit' : `limit ${humanSize(r.maxSizeBytes)}`;
  const ttl = r.ttlHours === null ? 'no TTL' : `TTL ${r.ttlHours} h`;
  lines.push(
    `Cache: ${humanSize(r.sizeBefore)} → ${humanSize(r.sizeAfter)} (${limit}, ${ttl}); images ${r.preview ? 'to reclaim' : 'reclaimed'}: ${humanSize(r.reclaimedBytes)}`,
  );
  return `${lines.join('\n')}\n`;
}

export function describeImport(r: SkaffoldImportReport): string {
  const rows = r.entries.map((e) => [
    key12(e.key),
    e.artifact,
    e.status,
    e.imageId ?? '',
    e.digest ?? '',
  ]);
  return (
    `Imported ${r.imported} new, ${r.updated} updated${r.conflicts > 0 ? `, ${r.conflicts} skipped (also Hangar keys)` : ''} from ${r.file}\n` +
    (rows.length > 0 ? formatTable(['HASH', 'ARTIFACT', 'STATUS', 'IMAGE', 'DIGEST'], rows) : '')
  );
}

async function runSub(core: Core, cmd: CacheCommand, deps: CliDeps): Promise<number> {
  const out = (json: unknown, text: string) =>
    deps.stdout.write(cmd.json ? `${JSON.stringify(json, null, 2)}\n` : text);
  switch (cmd.sub) {
    case 'ls': {
      const listing = await request(core, 'artifacts:list');
      out(listing.entries, entriesTable(listing, deps.now()));
      return 0;
    }
    case 'evict': {
      const report = await request(core, 'artifacts:evict', {
        keys: cmd.keys,
        removeImages: cmd.removeImages,
      });
      const text =
        report.actions.map(actionLine).join('\n') +
        (report.actions.length > 0 ? '\n' : '') +
        report.notFound.map((k) => `  ${k}  no such entry\n`).join('');
      out(
        report,
        `Evicted ${report.actions.length} ${report.actions.length === 1 ? 'entry' : 'entries'}:\n${text}`,
      );
      return report.notFound.length > 0 || report.actions.some((a) => a.outcome === 'failed')
        ? 1
        : 0;
    }
    case 'enforce': {
      const report = await request(core, 'artifacts:enforcePolicy', {
        preview: cmd.dryRun,
        maxSizeBytes: cmd.maxSizeBytes,
        ttlHours: cmd.ttlHours,
        removeImages: cmd.removeImages,
        onlyKeys: null,
      });
      out(report, describePolicy(report));
      return report.actions.some((a) => a.outcome === 'failed') ? 1 : 0;
    }
    case 'import-skaffold': {
      const report = await request(core, 'artifacts:importSkaffold', { file: cmd.file });
      out(report, describeImport(report));
      return 0;
    }
  }
}

async function runCache(cmd: CacheCommand & CommonOptions, deps: CliDeps): Promise<number> {
  const core = await deps.createCore({
    ...(cmd.host === undefined ? {} : { host: cmd.host }),
    origin: 'cli',
  });
  try {
    // Listing and evicting entries work without the engine (states show `unknown`).
    if (cmd.sub === 'enforce' || (cmd.sub === 'evict' && cmd.removeImages))
      await requireEngine(core);
    else await core.ready();
    return await runSub(core, cmd, deps);
  } finally {
    await core.close();
  }
}
