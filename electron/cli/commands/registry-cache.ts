/** `hangar registry-cache ls LOCATION [--ttl HOURS] [--json]` and `hangar registry-cache rm REF`. */
import type { RegistryCacheEntry, RegistryCachePage } from '../../../shared/registry-cache.js';
import { request } from '../core-client.js';
import { UsageError } from '../errors.js';
import { humanAge, humanSize, shortId } from '../format.js';
import type { CliDeps } from '../io.js';
import { openCore } from './common.js';
import { defineCommand, type CommonOptions } from './types.js';

export type RegistryCacheCommand =
  | { action: 'ls'; location: string; ttlHours: number | null; json: boolean }
  | { action: 'rm'; ref: string; json: boolean };

const PAGE = 500;

function parseTtl(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(n > 0)) {
    throw new UsageError(`--ttl is a number of hours above 0, not '${text}'`);
  }
  return n;
}

function row(e: RegistryCacheEntry, now: number): string[] {
  if (e.error) return [e.key, '-', '-', '-', '-', `error: ${e.error}`];
  const created = e.created === null ? NaN : Date.parse(e.created);
  return [
    e.key,
    shortId(e.digest),
    e.created ?? '-',
    Number.isNaN(created) ? '-' : humanAge(created / 1000, now),
    humanSize(e.size),
    e.freshness,
  ];
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('   ')
        .trimEnd(),
    )
    .map((l) => `${l}\n`)
    .join('');
}

export const registryCacheCommand = defineCommand({
  name: 'registry-cache',
  summary: 'List or delete the cache tags of a registry cache level (REGISTRY/REPO/NAMESPACE).',
  usage: 'ls REGISTRY/REPO[/NAMESPACE] [--ttl HOURS] [--json] | rm REF [--json]',
  details: [
    '  ls        Every tag (cache key) with digest, created, age, size; sorted by key',
    '  --ttl     Mark each tag fresh or too-old against this age in hours',
    '  rm        Delete REF (…:KEY or …@sha256:…) by digest: every tag sharing it goes too',
    '  --json    Print the entries (ls) or {reference, digest, message} (rm)',
  ].join('\n'),
  options: { ttl: { type: 'string' }, json: { type: 'boolean' } },
  parse: (values, positionals): RegistryCacheCommand => {
    const [action, target, extra] = positionals;
    if (action !== 'ls' && action !== 'rm') {
      throw new UsageError('registry-cache needs ls or rm');
    }
    if (target === undefined) {
      throw new UsageError(
        action === 'ls'
          ? 'registry-cache ls needs REGISTRY/REPO[/NAMESPACE]'
          : 'registry-cache rm needs a REF',
      );
    }
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    const json = values.json ?? false;
    if (action === 'rm') {
      if (values.ttl !== undefined) throw new UsageError('--ttl goes with ls, not rm');
      return { action, ref: target, json };
    }
    return { action, location: target, ttlHours: parseTtl(values.ttl), json };
  },
  run: async (cmd: RegistryCacheCommand & CommonOptions, deps: CliDeps) => {
    // The registry is reached directly: no engine needed, so no requireEngine().
    const core = await openCore(cmd.host, deps);
    try {
      if (cmd.action === 'rm') {
        const r = await request(core, 'registryCache:delete', cmd.ref);
        deps.stdout.write(cmd.json ? `${JSON.stringify(r, null, 2)}\n` : `${r.message}\n`);
        return 0;
      }
      const entries: RegistryCacheEntry[] = [];
      let cursor: string | null = null;
      let listedAt = Date.now();
      do {
        const page: RegistryCachePage = await request(core, 'registryCache:list', {
          location: cmd.location,
          cursor,
          limit: PAGE,
          ttlHours: cmd.ttlHours,
        });
        entries.push(...page.entries);
        listedAt = page.listedAt;
        cursor = page.nextCursor;
      } while (cursor !== null);
      if (cmd.json) {
        deps.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      } else if (entries.length === 0) {
        deps.stdout.write(`No cache tags in ${cmd.location}.\n`);
      } else {
        const head = ['KEY', 'DIGEST', 'CREATED', 'AGE', 'SIZE', 'STATUS'];
        deps.stdout.write(table([head, ...entries.map((e) => row(e, listedAt))]));
      }
      return 0;
    } finally {
      await core.close();
    }
  },
});
