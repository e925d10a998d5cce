/**
 * `hangar registry-cache ls LOCATION [--ttl HOURS] [--match WORDS] [--json]`, `rm REF [--dry-run]
 * [--yes]` (says which tags share the digest, then, with --yes or a yes on the terminal, deletes
 * exactly that digest; without --yes and without a terminal it refuses, as prune does), `pull
 * REF`, and `config` (show or change the project and global levels lookups use).
 */
import {
  MOVED_POLICIES,
  type RegistryCacheEntry,
  type RegistryCachePage,
  type RemoteCacheSettings,
} from '../../../shared/registry-cache.js';
import { request } from '../core-client.js';
import { CliError, UsageError } from '../errors.js';
import { formatTable, humanAge, humanSize, plural, shortId } from '../format.js';
import type { CliDeps } from '../io.js';
import { parseCacheLocationFlag } from './build-args.js';
import { confirmDelete, nothingDeleted, openCore, requireEngine } from './common.js';
import { progressPrinter } from './push.js';
import { followCancellable } from './tasks.js';
import { defineCommand, type CommonOptions } from './types.js';

/** What `config` changes; absent fields keep their saved value. */
export type SettingsChange = Partial<RemoteCacheSettings>;

export type RegistryCacheCommand =
  | {
      action: 'ls';
      location: string;
      ttlHours: number | null;
      /** Words each listed tag's key or artifact must have; null: every tag. */
      match: string | null;
      json: boolean;
    }
  | { action: 'rm'; ref: string; dryRun: boolean; yes: boolean; json: boolean }
  | { action: 'pull'; ref: string; json: boolean }
  | { action: 'config'; change: SettingsChange; json: boolean };

const PAGE = 500;
const ACTIONS = ['ls', 'rm', 'pull', 'config'] as const;

function parseTtl(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(n > 0)) {
    throw new UsageError(`--ttl is a number of hours above 0, not '${text}'`);
  }
  return n;
}

function pinWord(e: RegistryCacheEntry): string {
  if (e.pin === 'pinned') return 'pinned';
  if (e.pin === 'moved') return `moved (you used ${shortId(e.pinnedDigest ?? '')})`;
  return '';
}

function row(e: RegistryCacheEntry, now: number): string[] {
  if (e.error) return [e.key, '-', '-', '-', '-', '-', `error: ${e.error}`, ''];
  const created = e.created === null ? NaN : Date.parse(e.created);
  return [
    e.key,
    e.artifact ?? '-',
    shortId(e.digest),
    e.created ?? '-',
    Number.isNaN(created) ? '-' : humanAge(created / 1000, now),
    humanSize(e.size),
    e.freshness,
    pinWord(e),
  ];
}

function describeSettings(s: RemoteCacheSettings): string {
  return [
    `project:          ${s.project ?? '(none)'}`,
    `global:           ${s.global ?? '(none)'}`,
    `push after build: ${s.pushAfterBuild ? 'yes' : 'no'}`,
    `on a moved tag:   ${s.onMoved === 'pinned' ? 'pinned (use the digest used last)' : 'newest (use what the tag points at)'}`,
    `insecure:         ${s.insecureRegistries.length > 0 ? s.insecureRegistries.join(', ') : '(none; loopback is always plain HTTP)'}`,
  ]
    .map((l) => `${l}\n`)
    .join('');
}

interface ConfigValues {
  project?: string;
  global?: string;
  push?: boolean;
  'no-push'?: boolean;
  'on-moved'?: string;
  insecure?: string[];
}

function parseChange(values: ConfigValues): SettingsChange {
  const change: SettingsChange = {};
  if (values.project !== undefined) {
    change.project = parseCacheLocationFlag(values.project, '--project');
  }
  if (values.global !== undefined)
    change.global = parseCacheLocationFlag(values.global, '--global');
  if (values.push && values['no-push']) throw new UsageError('--push and --no-push contradict');
  if (values.push) change.pushAfterBuild = true;
  if (values['no-push']) change.pushAfterBuild = false;
  if (values['on-moved'] !== undefined) {
    const policy = MOVED_POLICIES.find((p) => p === values['on-moved']);
    if (!policy) {
      throw new UsageError(`--on-moved is pinned or newest, not '${values['on-moved']}'`);
    }
    change.onMoved = policy;
  }
  if (values.insecure !== undefined) {
    change.insecureRegistries = values.insecure.filter((h) => h !== 'none');
  }
  return change;
}

/** `a, b and 2 more`: the first few keys of a list. */
function someKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, 5).join(', ');
  return keys.length > 5 ? `${shown} and ${keys.length - 5} more` : shown;
}

/**
 * `rm`: finds the digest REF points at and every tag of the level sharing it (a registry deletes
 * by digest), says so, then deletes exactly that digest, unless --dry-run.
 */
async function remove(
  core: Awaited<ReturnType<typeof openCore>>,
  cmd: Extract<RegistryCacheCommand, { action: 'rm' }>,
  deps: CliDeps,
): Promise<number> {
  // The core parses REF (a tag or a digest) and says where it is and what it points at.
  const { registry, repository, digest } = await request(core, 'registryCache:inspect', cmd.ref);
  const location = `${registry}/${repository}`;
  const found = await request(core, 'registryCache:digestTags', `${location}@${digest}`);
  const tags = `${plural(found.keys.length, 'tag')} of ${found.checked} point${found.keys.length === 1 ? 's' : ''} at ${location}@${digest}: ${someKeys(found.keys)}`;
  const unread =
    found.unread.length > 0
      ? `${plural(found.unread.length, 'tag')} could not be read (${someKeys(found.unread)}): if they point at it, they go too.\n`
      : '';
  if (cmd.dryRun) {
    deps.stdout.write(
      cmd.json
        ? `${JSON.stringify({ ...found, deleted: false }, null, 2)}\n`
        : `Would delete ${location}@${digest}. ${tags}.\n${unread}`,
    );
    return 0;
  }
  const what = `${location}@${digest} (${plural(found.keys.length, 'tag')}: ${someKeys(found.keys)})`;
  const show = () => deps.stderr.write(`${tags}.\n${unread}`);
  if (!(await confirmDelete(deps, cmd.yes, what, show))) throw nothingDeleted();
  const r = await request(core, 'registryCache:delete', `${location}@${digest}`);
  deps.stdout.write(
    cmd.json
      ? `${JSON.stringify({ ...r, keys: found.keys, unread: found.unread }, null, 2)}\n`
      : `${tags}.\n${unread}${r.message}\n`,
  );
  return 0;
}

export const registryCacheCommand = defineCommand({
  name: 'registry-cache',
  summary: 'Browse, pull or delete registry cache tags, and set the project and global levels.',
  usage:
    'ls REGISTRY/REPO[/NAMESPACE] [--ttl HOURS] [--match WORDS] | rm REF [--dry-run] [--yes] | pull REF | config [--project LOC] [--global LOC] [--push|--no-push] [--on-moved pinned|newest] [--insecure HOST]… [--json]',
  details: [
    '  ls          Every tag (cache key) with artifact, digest, created, age, size, fresh or',
    '              too old, and your pin (pinned, or moved since your last build); by key',
    '  --ttl       Mark each tag fresh or too-old against this age in hours',
    '  --match     Only tags whose key or artifact has each of these words (any case)',
    '  rm          Delete REF (…:KEY or …@sha256:…) by digest: every tag sharing it goes too;',
    '              first asks the registry which tags those are and names them',
    '  --dry-run   With rm: name the tags that would go, delete nothing',
    '  -y, --yes   With rm: do not ask (required when stdin is not a terminal)',
    '  pull        Pull REF into the engine, with progress',
    '  config      Show the levels lookups use; with flags, change them:',
    '  --project   Project level REGISTRY/REPO/NAMESPACE (none: off); builds push KEY there',
    '  --global    Shared level, asked before the project (none: off)',
    '  --push      Push LOC:KEY to the project level after a build (--no-push: do not)',
    '  --on-moved  A tag moved since your last build: pinned (digest used last) or newest',
    '  --insecure  A registry host[:port] reached over plain HTTP (repeat; none: clear)',
    '  --json      Print JSON instead of text',
  ].join('\n'),
  options: {
    ttl: { type: 'string' },
    match: { type: 'string' },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    json: { type: 'boolean' },
    project: { type: 'string' },
    global: { type: 'string' },
    push: { type: 'boolean' },
    'no-push': { type: 'boolean' },
    'on-moved': { type: 'string' },
    insecure: { type: 'string', multiple: true },
  },
  parse: (values, positionals): RegistryCacheCommand => {
    const [action, target, extra] = positionals;
    const known = ACTIONS.find((a) => a === action);
    if (!known) throw new UsageError('registry-cache needs ls, rm, pull or config');
    const json = values.json ?? false;
    const configFlags = ['project', 'global', 'push', 'no-push', 'on-moved', 'insecure'] as const;
    const used = configFlags.filter((f) => values[f] !== undefined);
    if (known === 'config') {
      if (target !== undefined) throw new UsageError(`unexpected argument '${target}'`);
      if (values.ttl !== undefined) throw new UsageError('--ttl goes with ls, not config');
      if (values.match !== undefined) throw new UsageError('--match goes with ls, not config');
      if (values['dry-run']) throw new UsageError('--dry-run goes with rm, not config');
      if (values.yes) throw new UsageError('--yes goes with rm, not config');
      return { action: known, change: parseChange(values), json };
    }
    if (used.length > 0) throw new UsageError(`--${used[0]} goes with config, not ${known}`);
    const dryRun = values['dry-run'] ?? false;
    if (dryRun && known !== 'rm') throw new UsageError(`--dry-run goes with rm, not ${known}`);
    const yes = values.yes ?? false;
    if (yes && known !== 'rm') throw new UsageError(`--yes goes with rm, not ${known}`);
    if (target === undefined) {
      throw new UsageError(
        known === 'ls'
          ? 'registry-cache ls needs REGISTRY/REPO[/NAMESPACE]'
          : `registry-cache ${known} needs a REF`,
      );
    }
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    if (known !== 'ls') {
      if (values.ttl !== undefined) throw new UsageError(`--ttl goes with ls, not ${known}`);
      if (values.match !== undefined) throw new UsageError(`--match goes with ls, not ${known}`);
      return known === 'rm'
        ? { action: known, ref: target, dryRun, yes, json }
        : { action: known, ref: target, json };
    }
    const match = values.match?.trim() ? values.match.trim() : null;
    return { action: known, location: target, ttlHours: parseTtl(values.ttl), match, json };
  },
  run: async (cmd: RegistryCacheCommand & CommonOptions, deps: CliDeps) => {
    // The registry is reached directly: only pull needs the engine.
    const core = await openCore(cmd.host, deps);
    const print = (value: unknown, text: string) =>
      deps.stdout.write(cmd.json ? `${JSON.stringify(value, null, 2)}\n` : text);
    try {
      switch (cmd.action) {
        case 'rm':
          return await remove(core, cmd, deps);
        case 'pull': {
          await requireEngine(core);
          const task = await followCancellable(
            core,
            deps.waitForStop(),
            () => request(core, 'registryCache:pull', cmd.ref),
            progressPrinter(deps),
          );
          if (task.state === 'cancelled' || task.kind !== 'pull' || !task.result) {
            throw new CliError('the pull was cancelled', 'CANCELLED');
          }
          const r = task.result;
          print(r, `Pulled ${r.reference}: image ${shortId(r.imageId)}\n`);
          return 0;
        }
        case 'config': {
          const current = await request(core, 'registryCache:settings');
          const next =
            Object.keys(cmd.change).length === 0
              ? current
              : await request(core, 'registryCache:setSettings', { ...current, ...cmd.change });
          print(next, describeSettings(next));
          return 0;
        }
        case 'ls':
          break;
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
          ...(cmd.match === null ? {} : { match: cmd.match }),
        });
        for (const entry of page.entries) entries.push(entry);
        listedAt = page.listedAt;
        cursor = page.nextCursor;
      } while (cursor !== null);
      if (cmd.json) {
        deps.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      } else if (entries.length === 0) {
        deps.stdout.write(
          cmd.match === null
            ? `No cache tags in ${cmd.location}.\n`
            : `No cache tag in ${cmd.location} has “${cmd.match}” in its key or artifact.\n`,
        );
      } else {
        const head = ['KEY', 'ARTIFACT', 'DIGEST', 'CREATED', 'AGE', 'SIZE', 'STATUS', 'PIN'];
        deps.stdout.write(
          formatTable(
            head,
            entries.map((e) => row(e, listedAt)),
          ),
        );
      }
      return 0;
    } finally {
      await core.close();
    }
  },
});
