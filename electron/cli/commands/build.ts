/**
 * `hangar build DIR -t NAME[:TAG] [--file F] [--build-arg K=V]… [--target T] [--platform P]
 * [--ttl HOURS] [--cache-registry LOC] [--global-cache LOC] [--no-cache-push] [--cache-follow
 * pinned|newest] [--no-pull] [--builder auto|buildkit|classic] [--network N] [--progress
 * auto|plain|json] [--json]`: build through the artifact cache. A HIT returns at once
 * without a build (a registry HIT pulls the image); a MISS says which inputs changed, then builds
 * and pushes `LOC:KEY` to the project registry level. `--json` prints
 * `{artifact, key, status, level, imageId, tags, durationMs, reason, changedInputs, levels, …}`.
 */
import path from 'node:path';
import { artifactSpec, type BuildOutcome, type ChangedInput } from '../../../shared/artifacts.js';
import {
  BUILDER_CHOICES,
  type BuilderChoice,
  type BuildRunOptions,
} from '../../../shared/builds.js';
import { BUILD_ARG_NAME_RE } from '../../../shared/channels/artifacts.js';
import { buildRunOptionsSchema } from '../../../shared/channels/builds.js';
import { cacheLocation } from '../../../shared/channels/registry-cache.js';
import {
  MOVED_POLICIES,
  type CacheLevelOptions,
  type MovedPolicy,
} from '../../../shared/registry-cache.js';
import { fromIpcError } from '../../../shared/errors.js';
import type { TaskInfo, TaskOf } from '../../../shared/tasks.js';
import type { Core } from '../../core/core.js';
import { parseBuildTag } from '../../core/artifacts/build-tag.js';
import { onEvent, request } from '../core-client.js';
import { CliError, errorJson, UsageError } from '../errors.js';
import { shortId } from '../format.js';
import type { CliDeps } from '../io.js';
import { requireEngine } from './common.js';
import { defineCommand, type CommonOptions } from './types.js';

export interface BuildCommand {
  context: string;
  tag: string;
  file: string;
  /** `K=V`, or `K` alone: the value of the environment variable K (as `docker build` does). */
  buildArgs: Array<[name: string, value: string | null]>;
  target: string | null;
  platform: string | null;
  ttlHours: number | null;
  /** Overrides of the registry cache settings for this build. */
  cache: CacheLevelOptions;
  /** Which builder, and the build's network. */
  run: BuildRunOptions;
  /** auto: the task's progress lines; plain: a line per step; json: a JSON object per step. */
  progress: BuildProgress;
  json: boolean;
}

export type BuildProgress = 'auto' | 'plain' | 'json';
const PROGRESS: readonly BuildProgress[] = ['auto', 'plain', 'json'];

/** The JSON `hangar build --json` prints (issues 5 and 7). */
export interface BuildJson {
  artifact: string;
  key: string;
  status: BuildOutcome['status'];
  level: BuildOutcome['level'];
  imageId: string;
  tags: string[];
  durationMs: number;
  reason: string | null;
  changedInputs: ChangedInput[];
  levels: BuildOutcome['levels'];
  moved: BuildOutcome['moved'];
  pulled: boolean;
  remoteTags: string[];
  pushed: BuildOutcome['pushed'];
  pushError: string | null;
  builder: BuildOutcome['builder'];
  buildId: string | null;
  buildRecordId: number | null;
  steps: BuildOutcome['steps'];
  cachedSteps: number | null;
  totalSteps: number | null;
  cacheBrokeAt: string | null;
}

export function toBuildJson(o: BuildOutcome): BuildJson {
  return {
    artifact: o.artifact,
    key: o.key,
    status: o.status,
    level: o.level,
    imageId: o.imageId,
    tags: o.tags,
    durationMs: Math.round(o.durationMs * 10) / 10,
    reason: o.reason,
    changedInputs: o.changedInputs,
    levels: o.levels.map((l) => ({ ...l, durationMs: Math.round(l.durationMs * 10) / 10 })),
    moved: o.moved,
    pulled: o.pulled,
    remoteTags: o.remoteTags,
    pushed: o.pushed,
    pushError: o.pushError,
    builder: o.builder,
    buildId: o.buildId,
    buildRecordId: o.buildRecordId,
    steps: o.steps,
    cachedSteps: o.cachedSteps,
    totalSteps: o.totalSteps,
    cacheBrokeAt: o.cacheBrokeAt,
  };
}

/** A registry cache location for `--cache-registry` / `--global-cache`; `none` turns a level off. */
export function parseCacheLocationFlag(text: string, flag: string): string | null {
  if (text === 'none') return null;
  const parsed = cacheLocation.safeParse(text);
  if (!parsed.success) {
    throw new UsageError(`${flag} takes REGISTRY/REPO[/NAMESPACE] (or none), not '${text}'`);
  }
  return parsed.data;
}

function parseMovedPolicy(text: string): MovedPolicy {
  const found = MOVED_POLICIES.find((p) => p === text);
  if (!found) throw new UsageError(`--cache-follow is pinned or newest, not '${text}'`);
  return found;
}

export function parseHours(text: string, flag: string): number {
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(n > 0)) {
    throw new UsageError(`${flag} is a number of hours above 0, not '${text}'`);
  }
  return n;
}

export function parseBuildArg(text: string): [string, string | null] {
  const eq = text.indexOf('=');
  const name = eq === -1 ? text : text.slice(0, eq);
  if (!BUILD_ARG_NAME_RE.test(name)) {
    throw new UsageError(`--build-arg takes NAME=value, not '${text}'`);
  }
  return [name, eq === -1 ? null : text.slice(eq + 1)];
}

export const buildCommand = defineCommand({
  name: 'build',
  summary: 'Build through the artifact cache: a HIT skips the build, a MISS says what changed.',
  usage:
    'DIR -t NAME[:TAG] [--file F] [--build-arg K=V]… [--target T] [--ttl HOURS] [--builder B] [--network N] [--progress P] [--json]',
  details: `  -t, --tag NAME[:TAG]   Artifact (image repository) and tag; also tagged NAME:<cache key>
  -f, --file F           Dockerfile, relative to DIR (default Dockerfile)
  --build-arg K=V        Build argument (repeatable; K alone takes $K)
  --target T             Build stage
  --platform OS/ARCH     Target platform
  --ttl HOURS            A cached image older than this is rebuilt (remembered for NAME)
  --cache-registry LOC   Project registry cache level REGISTRY/REPO/NAMESPACE (none: off);
                         asked after the local cache, and pushed LOC:KEY after a build
  --global-cache LOC     Shared registry cache level, asked before the project's (none: off)
  --no-cache-push        Do not push LOC:KEY to the project level after a build
  --cache-follow P       A cache tag moved since your last build: pinned (use the digest you
                         used last) or newest (use what the tag points at now)
  --no-pull              On a registry HIT, only write NAME:TAG in that registry; pull nothing
  --builder B            auto (default: BuildKit on Docker, Buildah on Podman), buildkit or classic
  --network N            The build's network mode (none, host, a network name)
  --progress P           auto (one line as the build goes), plain (a line per step, CACHED
                         marked) or json (one JSON object per step event on stderr)
  --json                 Print {artifact, key, status, level, imageId, tags, durationMs, reason,
                         changedInputs, levels, moved, pulled, remoteTags, pushed, pushError,
                         builder, buildId, buildRecordId, steps, cachedSteps, totalSteps,
                         cacheBrokeAt}`,
  options: {
    tag: { type: 'string', short: 't' },
    file: { type: 'string', short: 'f' },
    'build-arg': { type: 'string', multiple: true },
    target: { type: 'string' },
    platform: { type: 'string' },
    ttl: { type: 'string' },
    'cache-registry': { type: 'string' },
    'global-cache': { type: 'string' },
    'no-cache-push': { type: 'boolean' },
    'cache-follow': { type: 'string' },
    'no-pull': { type: 'boolean' },
    builder: { type: 'string' },
    network: { type: 'string' },
    progress: { type: 'string' },
    json: { type: 'boolean' },
  },
  parse: (values, positionals): BuildCommand => {
    if (positionals.length === 0) throw new UsageError('build needs the build context folder DIR');
    if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
    if (values.tag === undefined) throw new UsageError('build needs -t NAME (the image to build)');
    parseBuildTag(values.tag);
    return {
      context: positionals[0] as string,
      tag: values.tag,
      file: values.file ?? 'Dockerfile',
      buildArgs: (values['build-arg'] ?? []).map(parseBuildArg),
      target: values.target ?? null,
      platform: values.platform ?? null,
      ttlHours: values.ttl === undefined ? null : parseHours(values.ttl, '--ttl'),
      cache: {
        ...(values['cache-registry'] === undefined
          ? {}
          : { project: parseCacheLocationFlag(values['cache-registry'], '--cache-registry') }),
        ...(values['global-cache'] === undefined
          ? {}
          : { global: parseCacheLocationFlag(values['global-cache'], '--global-cache') }),
        ...(values['no-cache-push'] ? { pushAfterBuild: false } : {}),
        ...(values['cache-follow'] === undefined
          ? {}
          : { onMoved: parseMovedPolicy(values['cache-follow']) }),
        ...(values['no-pull'] ? { pull: false } : {}),
      },
      run: parseRunOptions(values.builder, values.network),
      progress: parseProgress(values.progress),
      json: values.json ?? false,
    };
  },
  run: runBuild,
});

function parseRunOptions(
  builder: string | undefined,
  network: string | undefined,
): BuildRunOptions {
  if (builder !== undefined && !BUILDER_CHOICES.includes(builder as BuilderChoice)) {
    throw new UsageError(`--builder is one of ${BUILDER_CHOICES.join(', ')}, not '${builder}'`);
  }
  const run = {
    ...(builder === undefined ? {} : { builder: builder as BuilderChoice }),
    ...(network === undefined ? {} : { network }),
  };
  const parsed = buildRunOptionsSchema.safeParse(run);
  if (!parsed.success) {
    throw new UsageError(`--network: ${parsed.error.issues[0]?.message ?? 'not a network mode'}`);
  }
  return parsed.data;
}

function parseProgress(text: string | undefined): BuildProgress {
  if (text === undefined) return 'auto';
  if (!PROGRESS.includes(text as BuildProgress)) {
    throw new UsageError(`--progress is one of ${PROGRESS.join(', ')}, not '${text}'`);
  }
  return text as BuildProgress;
}

function resolveArgs(
  args: BuildCommand['buildArgs'],
  env: NodeJS.ProcessEnv,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of args) {
    const v = value ?? env[name];
    if (v === undefined)
      throw new UsageError(`--build-arg ${name} has no value and $${name} is not set`);
    out[name] = v;
  }
  return out;
}

/**
 * Follows the build task of this core: listens before the build starts (a HIT can end before the
 * request even returns), prints each new progress line to `stderr` (null: quiet), and resolves
 * with the task once it has ended.
 */
function followBuild(
  core: Core,
  stderr: CliDeps['stderr'] | null,
  progress: BuildProgress = 'auto',
) {
  const ended = new Map<string, TaskInfo>();
  const waiters = new Map<string, (t: TaskInfo) => void>();
  let lastMessage = '';
  /** Each step's last status said (plain, json). */
  const said = new Map<string, string>();
  const steps = (t: TaskInfo) => {
    if (stderr === null) return;
    for (const item of t.progress.items) {
      const key = `${item.label}\0${item.status}`;
      if (said.get(item.id) === key) continue;
      said.set(item.id, key);
      if (progress === 'json') {
        const cached = item.label.endsWith(' (CACHED)');
        stderr.write(
          `${JSON.stringify({ step: item.label.replace(/ \(CACHED\)$/, ''), cached, status: item.status })}\n`,
        );
      } else if (item.status === 'done' || item.status === 'failed') {
        stderr.write(
          `${item.label.replace(/ \(CACHED\)$/, '')}${item.label.endsWith(' (CACHED)') ? ' CACHED' : ''} ${item.status === 'failed' ? 'FAILED' : ''}`.trimEnd() +
            '\n',
        );
      }
    }
  };
  const end = (t: TaskInfo) => {
    if (t.kind === 'build' && progress !== 'auto') steps(t);
    ended.set(t.id, t);
    waiters.get(t.id)?.(t);
  };
  const offs = [
    onEvent(core, 'task:progress', (t) => {
      if (t.kind !== 'build') return;
      if (progress !== 'auto') return steps(t);
      if (stderr === null || t.progress.message === lastMessage) return;
      lastMessage = t.progress.message;
      stderr.write(`${lastMessage}\n`);
    }),
    onEvent(core, 'task:done', end),
    onEvent(core, 'task:failed', end),
  ];
  return {
    wait: (id: string) =>
      new Promise<TaskInfo>((resolve) => {
        const done = ended.get(id);
        if (done) resolve(done);
        else waiters.set(id, resolve);
      }),
    stop: () => offs.forEach((off) => off()),
  };
}

const KIND_WORDS: Record<ChangedInput['kind'], string> = {
  file: '',
  buildArg: 'build arg ',
  dockerfile: 'Dockerfile ',
  config: '',
};

export function describeOutcome(o: BuildOutcome): string {
  const lines: string[] = [];
  const ms = (n: number) => (n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(1)} s`);
  const remote = o.levels.filter((l) => l.level !== 'local');
  if (o.moved) lines.push(`warning: ${o.moved.reference}: ${o.moved.message}`);
  if (!o.built) {
    const where =
      o.level === 'local'
        ? ''
        : o.pulled
          ? ` from the ${o.level} cache, pulled`
          : ` in the ${o.level} cache, not pulled`;
    lines.push(
      `HIT ${o.artifact}:${o.key.slice(0, 12)}${where} → ${shortId(o.imageId)} (${ms(o.durationMs)}, no build)`,
    );
  } else {
    lines.push(
      `${o.status} ${o.artifact}:${o.key.slice(0, 12)}${o.reason ? ` (${o.reason})` : ''}`,
    );
    for (const c of o.changedInputs) {
      lines.push(`  ${c.change.padEnd(8)}  ${KIND_WORDS[c.kind]}${c.name}`);
    }
    lines.push(
      `built ${shortId(o.imageId)} in ${ms(o.durationMs)}${o.nocache ? ' (without the layer cache)' : ''}`,
    );
    if (o.builder !== null && o.totalSteps !== null) {
      lines.push(`  ${o.builder}: ${o.cachedSteps ?? 0}/${o.totalSteps} Dockerfile steps cached`);
    }
    if (o.cacheBrokeAt) lines.push(`  ${o.cacheBrokeAt}`);
  }
  for (const l of remote) {
    if (l.status !== 'HIT') lines.push(`  ${l.level} cache: ${l.status} (${l.reason ?? ''})`);
  }
  if (o.pushed) {
    lines.push(
      `pushed ${o.pushed.reference} (${o.pushed.alreadyPushed ? 'already there' : o.pushed.digest})`,
    );
  }
  if (o.pushError) lines.push(`warning: ${o.pushError}`);
  if (o.remoteTags.length > 0) lines.push(`tagged in the registry: ${o.remoteTags.join(', ')}`);
  if (o.tags.length > 0) lines.push(`tags: ${o.tags.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

async function runBuild(cmd: BuildCommand & CommonOptions, deps: CliDeps): Promise<number> {
  const { name, tag } = parseBuildTag(cmd.tag);
  const buildArgs = resolveArgs(cmd.buildArgs, process.env);
  const core = await deps.createCore({
    ...(cmd.host === undefined ? {} : { host: cmd.host }),
    origin: 'cli',
  });
  try {
    await requireEngine(core);
    const spec = artifactSpec({
      name,
      context: path.resolve(cmd.context),
      dockerfile: cmd.file,
      target: cmd.target,
      platform: cmd.platform,
      buildArgs,
      tags: [tag],
      ttlHours: cmd.ttlHours,
    });
    const follow = followBuild(
      core,
      cmd.json && cmd.progress === 'auto' ? null : deps.stderr,
      cmd.progress,
    );
    const started = await request(core, 'artifacts:build', spec, cmd.cache, cmd.run);
    const stop = deps.waitForStop().then(() => 'stop' as const);
    const ended = follow.wait(started.id).finally(follow.stop);
    const first = await Promise.race([ended, stop]);
    if (first === 'stop') {
      await request(core, 'tasks:cancel', started.id);
      await ended;
      throw new CliError('build cancelled', 'CANCELLED', 130);
    }
    const task = first;
    if (task.state !== 'succeeded' || task.kind !== 'build' || task.result === null) {
      const error = fromIpcError(
        task.error ?? { code: 'INTERNAL', message: 'The build ended without a result.' },
      );
      // The failed step's output goes below the message, indented, rather than on its line.
      deps.stderr.write(`hangar: ${error.message}\n`);
      if (error.detail) deps.stderr.write(`${error.detail.replace(/^/gm, '  ')}\n`);
      if (cmd.json) deps.stdout.write(errorJson(error.toJSON()));
      return task.state === 'cancelled' ? 130 : error.code === 'INTERNAL' ? 1 : 2;
    }
    const outcome = (task as TaskOf<'build'>).result as BuildOutcome;
    deps.stdout.write(
      cmd.json ? `${JSON.stringify(toBuildJson(outcome), null, 2)}\n` : describeOutcome(outcome),
    );
    return 0;
  } finally {
    await core.close();
  }
}
