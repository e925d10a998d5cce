/**
 * `hangar builder <du|prune|policy>`: BuildKit's build cache from a terminal.
 *   builder du [--verbose] [--json]
 *   builder prune [--all] [--until D] [--type T]… [--artifact A] [--keep-storage SIZE]
 *                 [--dry-run] [--yes] [--json]
 *   builder policy [--keep-under SIZE | --off] [--json]
 * The prune previews exactly what goes, asks on a terminal (or takes --yes), and deletes exactly
 * that set; without a terminal and without --yes it names what would go and refuses (exit 2).
 */
import { parseUntil, UNTIL_HELP } from '../../../shared/actions.js';
import type {
  BuildCacheListing,
  BuildCachePolicyState,
  BuildCachePrunePreview,
  BuildCachePruneOptions,
  BuildCachePruneReport,
  BuildCacheRecord,
} from '../../../shared/build-cache.js';
import { request } from '../core-client.js';
import { UsageError } from '../errors.js';
import { formatTable, humanAge, humanSize, plural } from '../format.js';
import type { CliDeps } from '../io.js';
import { parseSize } from './cache.js';
import { confirmDelete, nothingDeleted, openCore, requireEngine } from './common.js';
import { defineCommand, type CommonOptions } from './types.js';

export type BuilderCommand =
  | { sub: 'du'; json: boolean; verbose: boolean }
  | { sub: 'prune'; options: BuildCachePruneOptions; dryRun: boolean; yes: boolean; json: boolean }
  | { sub: 'policy'; json: boolean; keepUnderBytes: number | null | undefined };

const ALLOWED: Record<BuilderCommand['sub'], readonly string[]> = {
  du: ['json', 'verbose'],
  prune: ['json', 'all', 'type', 'until', 'keep-storage', 'artifact', 'dry-run', 'yes'],
  policy: ['json', 'keep-under', 'off'],
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

function isSub(word: string | undefined): word is BuilderCommand['sub'] {
  return word !== undefined && Object.hasOwn(ALLOWED, word);
}

export const builderCommand = defineCommand({
  name: 'builder',
  summary:
    "BuildKit's build cache: its records, a prune of exactly what the preview shows, a size policy.",
  usage: '<du|prune|policy> [options]',
  details: `  du [--verbose] [--json]         Records (type, size, reclaimable, last use, who made it)
                                  and the totals; --verbose: every field of each record
  prune                           Delete reclaimable records (neither in use nor shared)
    --all                         Also internal and frontend records (kept by default)
    --until D                     Keep records used within D (48h, 7d) or since a date
    --type T                      Only records of type T (repeatable)
    --artifact A                  Only records Hangar attributes to artifact A
    --keep-storage SIZE           Least recently used first until the cache is at most SIZE
    --dry-run                     Print what would be deleted and stop
    -y, --yes                     Do not ask (required when stdin is not a terminal)
  policy [--keep-under SIZE|--off]  Show or set the keep-under policy (checked after Hangar's
                                  builds and hourly while the app or hangar web runs)
  --json                          Print JSON: the listing; the preview with --dry-run, else the
                                  report; the policy`,
  options: {
    json: { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
    all: { type: 'boolean', short: 'a' },
    type: { type: 'string', multiple: true, short: 't' },
    until: { type: 'string' },
    'keep-storage': { type: 'string' },
    artifact: { type: 'string' },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    'keep-under': { type: 'string' },
    off: { type: 'boolean' },
  },
  parse: (values, positionals): BuilderCommand => {
    const [sub, ...args] = positionals;
    if (!isSub(sub)) {
      throw new UsageError(
        sub === undefined
          ? 'builder needs a subcommand: du, prune or policy'
          : `unknown builder subcommand '${sub}' (du, prune, policy)`,
      );
    }
    if (args.length > 0) throw new UsageError(`unexpected argument '${args[0]}'`);
    for (const [key, value] of Object.entries(values)) {
      if (value !== undefined && !ALLOWED[sub].includes(key)) {
        throw new UsageError(`'builder ${sub}' does not take --${key}`);
      }
    }
    const json = values.json ?? false;
    if (sub === 'du') return { sub, json, verbose: values.verbose ?? false };
    if (sub === 'policy') {
      const under = values['keep-under'];
      if (under !== undefined && values.off) {
        throw new UsageError('--keep-under and --off cannot go together');
      }
      let keepUnderBytes: number | null | undefined;
      if (values.off) keepUnderBytes = null;
      else if (under !== undefined) {
        keepUnderBytes = parseSize(under, '--keep-under');
        if (keepUnderBytes < 1)
          throw new UsageError('--keep-under is more than 0 (--off turns it off)');
      }
      return { sub, json, keepUnderBytes };
    }
    const until = values.until;
    if (until !== undefined && parseUntil(until, Date.now()) === null) {
      throw new UsageError(`--until '${until}' is not a time. ${UNTIL_HELP}`);
    }
    const types = checkTypes(values.type ?? []);
    const keep = values['keep-storage'];
    const options: BuildCachePruneOptions = {};
    if (values.all) options.all = true;
    if (until !== undefined) options.unusedFor = until;
    if (types.length > 0) options.types = types;
    if (values.artifact !== undefined) options.artifact = values.artifact;
    if (keep !== undefined) options.keepStorage = parseSize(keep, '--keep-storage');
    return { sub, options, dryRun: values['dry-run'] ?? false, yes: values.yes ?? false, json };
  },
  run: runBuilder,
});

function attributionText(r: BuildCacheRecord): string {
  return r.attribution ? `${r.attribution.step} of ${r.attribution.artifact}` : 'unknown';
}

function lastUseText(ms: number | null, now: number): string {
  return ms === null ? 'never' : humanAge(ms / 1000, now);
}

/** `builder du`: the records largest first, the totals and per type. */
export function listingText(listing: BuildCacheListing, now: number): string {
  if (!listing.supported) return `${listing.reason}\n`;
  const rows = [...listing.records]
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
  const text =
    rows.length > 0
      ? formatTable(
          ['CACHE ID', 'TYPE', 'SIZE', 'RECLAIMABLE', 'LAST USED', 'MADE BY', 'DESCRIPTION'],
          rows,
        )
      : 'No build cache records.\n';
  return text + totalsText(listing);
}

function totalsText(listing: BuildCacheListing & { supported: true }): string {
  const t = listing.totals;
  let text = `\n${plural(t.count, 'record')}: ${humanSize(t.bytes)}, ${humanSize(t.reclaimableBytes)} reclaimable, ${humanSize(t.inUseBytes)} in use, ${humanSize(t.sharedBytes)} shared\n`;
  for (const [type, tt] of Object.entries(listing.byType).sort((a, b) => b[1].bytes - a[1].bytes)) {
    text += `  ${type}: ${plural(tt.count, 'record')}, ${humanSize(tt.bytes)} (${humanSize(tt.reclaimableBytes)} reclaimable)\n`;
  }
  text += `Computed ${new Date(listing.computedAt).toISOString()}.\n`;
  return text;
}

function timeText(ms: number | null): string {
  return ms === null ? 'never' : new Date(ms).toISOString();
}

/** `builder du --verbose`: every field of each record, its parent chain, then the totals. */
export function verboseText(listing: BuildCacheListing): string {
  if (!listing.supported) return `${listing.reason}\n`;
  const byId = new Map(listing.records.map((r) => [r.id, r]));
  const chain = (r: BuildCacheRecord): string[] => {
    const out: string[] = [];
    const seen = new Set<string>([r.id]);
    let next = r.parents[0];
    while (next !== undefined && !seen.has(next)) {
      seen.add(next);
      out.push(next);
      next = byId.get(next)?.parents[0];
    }
    return out;
  };
  let text = '';
  for (const r of [...listing.records].sort((a, b) => b.size - a.size)) {
    const parents = chain(r);
    text += `ID:           ${r.id}
Parents:      ${parents.length > 0 ? parents.join(' <- ') : '-'}
Type:         ${r.type}
Description:  ${r.description}
Made by:      ${attributionText(r)}
Size:         ${humanSize(r.size)} (${r.size} bytes)
Reclaimable:  ${r.reclaimable}
In use:       ${r.inUse}
Shared:       ${r.shared}
Created at:   ${timeText(r.createdAt)}
Last used:    ${timeText(r.lastUsedAt)}
Usage count:  ${r.usageCount}

`;
  }
  return (text || 'No build cache records.\n') + totalsText(listing);
}

/** `prune --dry-run --json`: the records that go and the bytes they free. */
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
  };
}

/** `prune --yes --json`: what went, what stayed and why, what failed, what the daemon freed. */
export function reportJson(r: BuildCachePruneReport) {
  return {
    deleted: r.deleted,
    skipped: r.skipped.map((s) => ({ id: s.id, reason: s.reason })),
    failed: r.failed,
    reclaimedBytes: r.reclaimedBytes,
  };
}

export function policyText(p: BuildCachePolicyState): string {
  const state =
    p.keepUnderBytes === null
      ? 'Keep-under policy: off.'
      : `Keep-under policy: keep the build cache under ${humanSize(p.keepUnderBytes)}, least recently used first.`;
  return `${state}\n${p.checkedWhen}\n${p.daemonGc}\n`;
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

async function runBuilder(cmd: BuilderCommand & CommonOptions, deps: CliDeps): Promise<number> {
  const core = await openCore(cmd.host, deps);
  try {
    // The policy is a setting in the store: no engine needed to read or set it.
    if (cmd.sub === 'policy') {
      const policy =
        cmd.keepUnderBytes === undefined
          ? await request(core, 'buildCache:policy')
          : await request(core, 'buildCache:setPolicy', { keepUnderBytes: cmd.keepUnderBytes });
      deps.stdout.write(cmd.json ? `${JSON.stringify(policy, null, 2)}\n` : policyText(policy));
      return 0;
    }
    await requireEngine(core);
    const now = Date.now();
    if (cmd.sub === 'du') {
      const listing = await request(core, 'buildCache:list', { refresh: true });
      deps.stdout.write(
        cmd.json
          ? `${JSON.stringify(listing, null, 2)}\n`
          : cmd.verbose
            ? verboseText(listing)
            : listingText(listing, now),
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
    if (cmd.json) deps.stdout.write(`${JSON.stringify(reportJson(report), null, 2)}\n`);
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
