/**
 * One `POST /build` of an artifact: the context streamed as a tar of exactly the hashed entries,
 * the Dockerfile path, target, platform, build args and the `hangar.cache.key` label, tagged with
 * every tag given; `nocache` after HIT_TOO_OLD (else the classic builder hands back the same old
 * image from its layer cache). Progress is the builder's steps; a failed step is reported with its
 * output.
 */
import type { ArtifactSpec } from '../../../shared/artifacts.js';
import { HangarError } from '../../../shared/errors.js';
import type { BuildOptions } from '../engine/docker-client.js';
import { toHangarError } from '../errors.js';
import type { TaskContext } from '../tasks/task-manager.js';
import { BuildStreamParser, describeFailure } from './build-stream.js';
import type { CacheContext } from './cache-context.js';
import { contextTar } from './context-tar.js';
import type { HashedWorkspace } from './workspace-hasher.js';

export const CACHE_KEY_LABEL = 'hangar.cache.key';
export const ARTIFACT_LABEL = 'hangar.artifact';

export interface BuildRun {
  imageId: string;
  buildMs: number;
}

export async function runBuild(
  ctx: CacheContext,
  spec: ArtifactSpec,
  hashed: HashedWorkspace,
  tags: string[],
  nocache: boolean,
  task: TaskContext,
): Promise<BuildRun> {
  const t0 = performance.now();
  const own = new AbortController();
  const signal = AbortSignal.any([task.signal, own.signal]);
  let tarError: Error | null = null;
  const tar = contextTar({
    root: hashed.root,
    entries: hashed.entries,
    alwaysSend: [hashed.dockerfile, '.dockerignore'],
    signal,
  });
  tar.on('error', (err: Error) => {
    tarError = err;
    own.abort(err);
  });
  const options: BuildOptions = {
    dockerfile: hashed.dockerfile,
    t: tags,
    buildargs: spec.buildArgs,
    labels: { [CACHE_KEY_LABEL]: hashed.key, [ARTIFACT_LABEL]: spec.name },
    rm: true,
    forcerm: true,
    abortSignal: signal,
    ...(spec.target ? { target: spec.target } : {}),
    ...(spec.platform ? { platform: spec.platform } : {}),
    ...(nocache ? { nocache: true } : {}),
  };
  const parser = new BuildStreamParser();
  try {
    const stream = await ctx.engine.eventsClient().buildImage(tar, options);
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => {
        if (!parser.push(chunk)) return;
        const step = parser.current;
        if (!step) return;
        task.progress({
          percent: parser.percent(),
          message: `Step ${step.index}/${step.total}: ${step.instruction}`,
          items: parser.steps.slice(-20).map((s) => ({
            id: `step-${s.index}`,
            label: `Step ${s.index}/${s.total}: ${s.instruction}`,
            status: s === step ? 'running' : 'done',
            current: s === step ? 0 : 1,
            total: 1,
          })),
        });
      });
      stream.on('end', () => resolve());
      stream.on('close', () => resolve());
      stream.on('error', reject);
    });
  } catch (err) {
    if (tarError) throw tarError;
    if (task.signal.aborted) throw new HangarError('CANCELLED', 'Cancelled.');
    const e = toHangarError(err);
    throw new HangarError(e.code, `The build of ${spec.name} failed: ${e.message}`, e.detail);
  }
  parser.end();
  if (tarError) throw tarError;
  task.throwIfCancelled();
  if (parser.failure) {
    const { message, detail } = describeFailure(parser.failure);
    throw new HangarError('INTERNAL', message, detail);
  }
  const imageId = parser.imageId ?? parser.shortId;
  if (!imageId) {
    throw new HangarError('INTERNAL', `The build of ${spec.name} ended without an image id.`);
  }
  return { imageId, buildMs: performance.now() - t0 };
}
