/**
 * `hangar build-cache <ls|prune>`: BuildKit's build cache from a terminal.
 *   build-cache ls [--json] [--type T]
 *   build-cache prune [--older-than D] [--keep-storage SIZE] [--type T]… [--artifact A]
 *                     [--dry-run] [--yes] [--json]
 * The prune previews exactly what goes, asks on a terminal (or takes --yes), and deletes exactly
 * that set; without a terminal and without --yes it names what would go and refuses (exit 2).
 */
import { parseUntil, UNTIL_HELP } from '../../../shared/actions.js';
import type {
  BuildCacheListing,
  BuildCachePrunePreview,
  BuildCachePruneOptions,
  BuildCacheRecord,
} from '../../../shared/build-cache.js';
import { request } from '../core-client.js';
import { UsageError } from '../errors.js';
import { formatTable, humanAge, humanSize, plural } from '../format.js';
import type { CliDeps } from '../io.js';
import { parseSize } from './cache.js';
import { confirmDelete, nothingDeleted, openCore, requireEngine } from './common.js';
import { defineCommand, type CommonOptions } from './types.js';

export type BuildCacheCommand =
  | { sub: 'ls'; json: boolean; types: string[] }
  | { sub: 'prune'; options: BuildCachePruneOptions; dryRun: boolean; yes: boolean; json: boolean };

const ALLOWED: Record<BuildCacheCommand['sub'], readonly string[]> = {
  ls: ['json', 'type'],
  prune: ['json', 'type', 'older-than', 'keep-storage', 'artifact', 'dry-run', 'yes'],
};

const TYPE_RE = /^[a-z][a-z0-9.-]{0,63}$/;

function checkTypes(types: readonly string[]): string[] {
  for (const t of types) {
    if (!TYPE_RE.test(t)) {
      throw new UsageError(`--type '${t}' is not a record type (regular, exec.cachemount, …)`);
    }
  }
  return [...types];
}

export const buildCacheCommand = defineCommand({
  name: 'build-cache',
  summary: "BuildKit's build cache: list its records, prune exactly what the preview shows.",
  usage: '<ls|prune> [options]',
  details: `  ls [--type T] [--json]          Records (type, size, reclaimable, last use, who made it)
                                  and the totals
  prune                           Delete reclaimable records (neither in use nor shared)
    --older-than D                Only records not used within D (48h, 7d) or since a date
    --keep-storage SIZE           Least recently used first until the cache is at most SIZE
    --type T                      Only records of type T (repeatable)
    --artifact A                  Only records Hangar attributes to artifact A
    --dry-run                     Print what would be deleted and stop
    -y, --yes                     Do not ask (required when stdin is not a terminal)
  --json                          Print JSON: the listing, the preview with --dry-run, else the
                                  report`,
  options: {
    json: { type: 'boolean' },
    type: { type: 'string', multiple: true, short: 't' },
    'older-than': { type: 'string' },
    'keep-storage': { type: 'string' },
    artifact: { type: 'string' },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
  },
  parse: (values, positionals): BuildCacheCommand => {
    const [sub, ...args] = positionals;
    if (sub !== 'ls' && sub !== 'prune') {
      throw new UsageError(
        sub === undefined
          ? 'build-cache needs a subcommand: ls or prune'
          : `unknown build-cache subcommand '${sub}' (ls, prune)`,
      );
    }
    if (args.length > 0) throw new UsageError(`unexpected argument '${args[0]}'`);
    for (const [key, value] of Object.entries(values)) {
      if (value !== undefined && !ALLOWED[sub].includes(key)) {
        throw new UsageError(`'build-cache ${sub}' does not take --${key}`);
      }
    }
    const json = values.json ?? false;
    const types = checkTypes(values.type ?? []);
    if (sub === 'ls') return { sub, json, types };
    const olderThan = values['older-than'];
    if (olderThan !== undefined && parseUntil(olderThan, Date.now()) === null) {
      throw new UsageError(`--older-than '${olderThan}' is not a time. ${UNTIL_HELP}`);
    }
    const keep = values['keep-storage'];
    const options: BuildCachePruneOptions = {};
    if (olderThan !== undefined) options.unusedFor = olderThan;
    if (types.length > 0) options.types = types;
    if (values.artifact !== undefined) options.artifact = values.artifact;
    if (keep !== undefined) options.keepStorage = parseSize(keep, '--keep-storage');
    return { sub, options, dryRun: values['dry-run'] ?? false, yes: values.yes ?? false, json };
  },
  run: runBuildCache,
});

function attributionText(r: BuildCacheRecord): string {
  return r.attribution ? `${r.attribution.step} of ${r.attribution.artifact}` : 'unknown';
}

function lastUseText(ms: number | null, now: number): string {
  return ms === null ? 'never' : humanAge(ms / 1000, now);
}

export function listingText(listing: BuildCacheListing, types: readonly string[], now: number) {
  if (!listing.supported) return `${listing.reason}\n`;
  const records =
    types.length > 0 ? listing.records.filter((r) => types.includes(r.type)) : listing.records;
  const rows = [...records]
    .sort((a, b) => b.size - a.size)
    .map((r) => [
      r.id.slice(0, 12),
      r.type,
      humanSize(r.size),
      r.inUse ? 'in use' : r.shared ? 'shared' : 'yes',
      lastUseText(r.lastUsedAt, now),
      attributionText(r),
      r.description.length > 60 ? `${r.description.slice(0, 59)}…` : r.description,
    ]);
  let text =
    rows.length > 0
      ? formatTable(
          ['CACHE ID', 'TYPE', 'SIZE', 'RECLAIMABLE', 'LAST USED', 'MADE BY', 'DESCRIPTION'],
          rows,
        )
      : 'No build cache records.\n';
  const t = listing.totals;
  text += `\n${plural(t.count, 'record')}: ${humanSize(t.bytes)}, ${humanSize(t.reclaimableBytes)} reclaimable, ${humanSize(t.inUseBytes)} in use, ${humanSize(t.sharedBytes)} shared\n`;
  for (const [type, tt] of Object.entries(listing.byType).sort((a, b) => b[1].bytes - a[1].bytes)) {
    text += `  ${type}: ${plural(tt.count, 'record')}, ${humanSize(tt.bytes)} (${humanSize(tt.reclaimableBytes)} reclaimable)\n`;
  }
  text += `Computed ${new Date(listing.computedAt).toISOString()}.\n`;
  return text;
}

export function listingJson(listing: BuildCacheListing, types: readonly string[]) {
  if (!listing.supported) return listing;
  return {
    ...listing,
    records:
      types.length > 0 ? listing.records.filter((r) => types.includes(r.type)) : listing.records,
  };
}

export function previewJson(p: BuildCachePrunePreview) {
  return {
    records: p.records.map((r) => ({
      id: r.id,
      type: r.type,
      description: r.description,
      size: r.size,
      lastUsedAt: r.lastUsedAt,
      reason: r.reason,
    })),
    reclaimBytes: p.reclaimBytes,
    skipped: p.skipped.map((s) => ({ id: s.id, type: s.type, size: s.size, reason: s.reason })),
  };
}

function previewText(p: BuildCachePrunePreview, now: number): string {
  const rows = p.records.map((r) => [
    r.id.slice(0, 12),
    r.type,
    humanSize(r.size),
    lastUseText(r.lastUsedAt, now),
    r.reason,
  ]);
  let text =
    rows.length > 0 ? formatTable(['CACHE ID', 'TYPE', 'SIZE', 'LAST USED', 'WHY'], rows) : '';
  for (const s of p.skipped) text += `skip ${s.id.slice(0, 12)} ${s.type}: ${s.reason}\n`;
  return text;
}

function summary(p: BuildCachePrunePreview): string {
  return `${plural(p.records.length, 'build cache record')} (${humanSize(p.reclaimBytes)})`;
}

async function runBuildCache(
  cmd: BuildCacheCommand & CommonOptions,
  deps: CliDeps,
): Promise<number> {
  const core = await openCore(cmd.host, deps);
  try {
    await requireEngine(core);
    const now = Date.now();
    if (cmd.sub === 'ls') {
      const listing = await request(core, 'buildCache:list', { refresh: true });
      deps.stdout.write(
        cmd.json
          ? `${JSON.stringify(listingJson(listing, cmd.types), null, 2)}\n`
          : listingText(listing, cmd.types, now),
      );
      return 0;
    }
    const preview = await request(core, 'buildCache:prunePreview', cmd.options);
    if (cmd.dryRun) {
      deps.stdout.write(
        cmd.json
          ? `${JSON.stringify(previewJson(preview), null, 2)}\n`
          : `${previewText(preview, now)}Would delete ${summary(preview)}.\n`,
      );
      return 0;
    }
    if (preview.records.length > 0) {
      const interactive = deps.isInteractive?.() === true && deps.ask !== undefined;
      // Without a terminal the refusal still names what would go.
      if (!cmd.yes && !interactive) deps.stderr.write(previewText(preview, now));
      const show = () => deps.stderr.write(previewText(preview, now));
      if (!(await confirmDelete(deps, cmd.yes, summary(preview), show))) throw nothingDeleted();
    }
    const report = await request(core, 'buildCache:prune', preview.id);
    if (cmd.json) deps.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      for (const id of report.deleted) deps.stdout.write(`Deleted: ${id}\n`);
      for (const s of report.skipped) deps.stdout.write(`Skipped: ${s.id} (${s.reason})\n`);
      for (const f of report.failed) deps.stdout.write(`Failed: ${f.id} (${f.error})\n`);
      deps.stdout.write(
        `Total reclaimed space: ${humanSize(report.reclaimedBytes)} (the preview said ${humanSize(report.previewBytes)})\n`,
      );
    }
    return report.failed.length > 0 ? 1 : 0;
  } finally {
    await core.close();
  }
}
