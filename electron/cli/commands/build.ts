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
import { artifactSpec, type BuildOutcome } from '../../../shared/artifacts.js';
import { fromIpcError } from '../../../shared/errors.js';
import type { TaskOf } from '../../../shared/tasks.js';
import { parseBuildTag } from '../../core/artifacts/build-tag.js';
import { request } from '../core-client.js';
import { CliError, errorJson } from '../errors.js';
import type { CliDeps } from '../io.js';
import { BUILD_OPTIONS, parseBuildCommand, resolveArgs, type BuildCommand } from './build-args.js';
import { describeOutcome, followBuild, toBuildJson } from './build-output.js';
import { requireEngine } from './common.js';
import { defineCommand, type CommonOptions } from './types.js';

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
  options: BUILD_OPTIONS,
  parse: parseBuildCommand,
  run: runBuild,
});

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
