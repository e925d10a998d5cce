/** The command line of `hangar build`: its flags, their parsing, and the build args' values. */
import type { ParseArgsOptionsConfig } from 'node:util';
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
import { parseBuildTag } from '../../core/artifacts/build-tag.js';
import { UsageError } from '../errors.js';
import type { OptionValues } from './types.js';

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

export const BUILD_OPTIONS = {
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
} as const satisfies ParseArgsOptionsConfig;

/** A registry cache location for `--cache-registry` / `--global-cache`; `none` turns a level off. */
export function parseCacheLocationFlag(text: string, flag: string): string | null {
  if (text === 'none') return null;
  const parsed = cacheLocation.safeParse(text);
  if (!parsed.success) {
    throw new UsageError(`${flag} takes REGISTRY/REPO[/NAMESPACE] (or none), not '${text}'`);
  }
  return parsed.data;
}

export function parseMovedPolicy(text: string): MovedPolicy {
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

/** `hangar build`'s flags and positionals as a command; throws `UsageError`. */
export function parseBuildCommand(
  values: OptionValues<typeof BUILD_OPTIONS>,
  positionals: string[],
): BuildCommand {
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
}

export function parseRunOptions(
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

export function parseProgress(text: string | undefined): BuildProgress {
  if (text === undefined) return 'auto';
  if (!PROGRESS.includes(text as BuildProgress)) {
    throw new UsageError(`--progress is one of ${PROGRESS.join(', ')}, not '${text}'`);
  }
  return text as BuildProgress;
}

/** Build args with `K` alone taking `$K` from `env`. */
export function resolveArgs(
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
