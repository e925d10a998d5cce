/**
 * `hangar builds <ls|show|builder>`: the builds Hangar ran, from the store (no engine needed),
 * and the saved builder.
 *   builds ls [--artifact A] [--since 7d] [--json]   newest first: when, artifact, builder,
 *                                                     duration, cached/total steps, outcome, and
 *                                                     where the cache broke
 *   builds show ID [--json]                          one build's steps: CACHED, duration, error,
 *                                                     and the failing step's output
 *   builds builder [auto|buildkit|classic] [--json]  the builder a build runs with when it names
 *                                                     none (saves it when given), and what that
 *                                                     runs on the engine
 */
import {
  BUILDER_CHOICES,
  cachePercent,
  type BuilderChoice,
  type BuilderSetting,
  type BuildRecord,
  type BuildSummary,
} from '../../../shared/builds.js';
import { request } from '../core-client.js';
import { UsageError } from '../errors.js';
import { formatTable } from '../format.js';
import type { CliDeps } from '../io.js';
import { parseTime, resolveTime, type TimeArg } from './history-args.js';
import { localTime, millis } from './history-format.js';
import { defineCommand, type CommonOptions } from './types.js';

export type BuildsCommand =
  | { sub: 'ls'; artifact: string | null; since: TimeArg | null; json: boolean }
  | { sub: 'show'; id: number; json: boolean }
  | { sub: 'builder'; choice: BuilderChoice | null; json: boolean };

export const buildsCommand = defineCommand({
  name: 'builds',
  summary: 'The builds Hangar ran: steps, what came from the cache, and where the cache broke.',
  usage: '<ls [--artifact A] [--since 7d] | show ID | builder [auto|buildkit|classic]> [--json]',
  details: `  ls [--artifact A] [--since 7d]   Builds, newest first: builder, duration, cached/total
                                   Dockerfile steps, outcome and where the cache broke
  show ID                          One build's steps (CACHED, duration, error, output)
  builder [B]                      The builder a build runs with when it names none (saves B:
                                   auto, buildkit or classic), and what it runs on the engine
  --json                           Print JSON`,
  options: {
    artifact: { type: 'string' },
    since: { type: 'string' },
    json: { type: 'boolean' },
  },
  parse: (values, positionals): BuildsCommand => {
    const [sub, ...args] = positionals;
    const json = values.json ?? false;
    if (sub === 'ls') {
      if (args.length > 0) throw new UsageError(`unexpected argument '${args[0]}'`);
      return {
        sub,
        artifact: values.artifact ?? null,
        since: values.since === undefined ? null : parseTime(values.since, '--since'),
        json,
      };
    }
    if (sub === 'show') {
      if (values.artifact !== undefined || values.since !== undefined) {
        throw new UsageError("'builds show' takes only ID and --json");
      }
      const id = Number(args[0]);
      if (args.length !== 1 || !Number.isInteger(id) || id < 1) {
        throw new UsageError('builds show needs one build ID, a number as builds ls shows it');
      }
      return { sub, id, json };
    }
    if (sub === 'builder') {
      if (values.artifact !== undefined || values.since !== undefined) {
        throw new UsageError("'builds builder' takes only a builder and --json");
      }
      if (args.length > 1) throw new UsageError(`unexpected argument '${args[1]}'`);
      const [given] = args;
      const choice = BUILDER_CHOICES.find((c) => c === given) ?? null;
      if (given !== undefined && choice === null) {
        throw new UsageError(`the builder is one of ${BUILDER_CHOICES.join(', ')}, not '${given}'`);
      }
      return { sub, choice, json };
    }
    throw new UsageError(
      sub === undefined
        ? 'builds needs a subcommand: ls, show or builder'
        : `unknown builds subcommand '${sub}' (ls, show, builder)`,
    );
  },
  run: runBuilds,
});

function cacheCell(b: Pick<BuildSummary, 'cachedSteps' | 'totalSteps'>): string {
  const pct = cachePercent(b);
  return pct === null ? '-' : `${b.cachedSteps}/${b.totalSteps} (${pct}%)`;
}

export function buildsTable(builds: readonly BuildSummary[], zone: string): string {
  return formatTable(
    ['ID', 'STARTED', 'ARTIFACT', 'BUILDER', 'DURATION', 'CACHED', 'OUTCOME', 'CACHE BROKE'],
    builds.map((b) => [
      String(b.id),
      localTime(b.startedAt, zone),
      b.artifact,
      b.builder,
      millis(b.durationMs),
      cacheCell(b),
      b.outcome,
      b.cacheBrokeAt?.replace(/^cache broke at /, '') ?? '',
    ]),
  );
}

export function buildText(b: BuildRecord, zone: string): string {
  const lines = [
    `build ${b.id}: ${b.artifact}:${b.key.slice(0, 12)} ${b.outcome} with ${b.builder} on ${b.engine}`,
    `started ${localTime(b.startedAt, zone)}, took ${millis(b.durationMs)}; ${cacheCell(b)} Dockerfile steps cached${b.nocache ? ' (nocache)' : ''}`,
  ];
  if (b.lookupId !== null) lines.push(`after lookup ${b.lookupId} in the history`);
  if (b.cacheBrokeAt) lines.push(b.cacheBrokeAt);
  if (b.error) lines.push(`error: ${b.error}`);
  for (const w of b.warnings) lines.push(`warning: ${w}`);
  lines.push('');
  for (const s of b.steps) {
    const state = s.error !== null ? 'FAILED' : s.cached ? 'CACHED' : '';
    lines.push(`${state.padEnd(6)}  ${millis(s.durationMs).padStart(8)}  ${s.name}`);
    if (s.error !== null) {
      lines.push(`        ${s.error}`);
      for (const l of s.log.slice(-20)) lines.push(`        | ${l}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `builder: auto (runs buildkit)`, or why the engine cannot run the saved builder. */
export function builderText(s: BuilderSetting): string {
  return s.runs === null
    ? `builder: ${s.choice} (not on this engine: ${s.problem ?? 'nothing can build'})\n`
    : `builder: ${s.choice} (runs ${s.runs})\n`;
}

async function runBuilds(cmd: BuildsCommand & CommonOptions, deps: CliDeps): Promise<number> {
  // The records live in the store: no engine needed.
  const core = await deps.createCore({
    ...(cmd.host === undefined ? {} : { host: cmd.host }),
    origin: 'cli',
  });
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    if (cmd.sub === 'ls') {
      const builds = await request(core, 'builds:list', {
        artifact: cmd.artifact,
        since: resolveTime(cmd.since, Date.now()),
      });
      deps.stdout.write(
        cmd.json ? `${JSON.stringify(builds, null, 2)}\n` : buildsTable(builds, zone),
      );
      return 0;
    }
    if (cmd.sub === 'builder') {
      await core.ready();
      const setting =
        cmd.choice === null
          ? await request(core, 'builds:builder')
          : await request(core, 'builds:setBuilder', cmd.choice);
      deps.stdout.write(cmd.json ? `${JSON.stringify(setting, null, 2)}\n` : builderText(setting));
      return 0;
    }
    const build = await request(core, 'builds:get', cmd.id);
    deps.stdout.write(cmd.json ? `${JSON.stringify(build, null, 2)}\n` : buildText(build, zone));
    return 0;
  } finally {
    await core.close();
  }
}
