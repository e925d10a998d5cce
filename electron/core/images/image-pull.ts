/**
 * Pulls an image inside a task (`POST /images/create`, on the client without an idle timeout),
 * with credentials like the docker CLI and per-layer progress from the same stream format as a
 * push. A `…@sha256:` reference pulls exactly that manifest; the image id is read back by inspect.
 */
import { HangarError } from '../../../shared/errors.js';
import { parseReference } from '../../../shared/reference.js';
import type { TaskOf } from '../../../shared/tasks.js';
import { toHangarError } from '../errors.js';
import type { ImageInspectEntry } from '../engine/docker-client.js';
import type { EngineSource } from '../engine/engine-source.js';
import type { TaskContext, TaskManager } from '../tasks/task-manager.js';
import { resolveCredentials, toAuthConfig, type CredentialOptions } from './credentials.js';
import { readProgressStream } from './progress-stream.js';
import { PushProgress, pushErrorCode } from './push-progress.js';

/** The engine: `client()` for the inspect, `eventsClient()` (no idle timeout) for the stream. */
export type PullEngine = Pick<EngineSource, 'client' | 'eventsClient'>;

export interface PulledImage {
  imageId: string;
  /** The manifest digest pulled (from the reference, else the stream's `Digest:` line). */
  digest: string | null;
  repoTags: string[];
  /** Layers downloaded (not those the engine already had). */
  layers: number;
}

/** `registryCache:pull`: pulls `ref` as a `pull` task. An unreachable engine fails the request, not a task. */
export function startPull(
  deps: { engine: PullEngine; tasks: TaskManager },
  ref: string,
): TaskOf<'pull'> {
  deps.engine.client();
  return deps.tasks.run('pull', `Pull ${ref}`, ref, async (task) => {
    const pulled = await pullImage(deps.engine, ref, task);
    task.progress({ percent: 100, message: `Pulled ${pulled.imageId.slice(7, 19)}` });
    return {
      reference: ref,
      digest: pulled.digest ?? '',
      imageId: pulled.imageId,
      tags: pulled.repoTags,
      layers: pulled.layers,
    };
  }) as TaskOf<'pull'>;
}

export async function pullImage(
  engine: PullEngine,
  reference: string,
  ctx: TaskContext,
  credentials?: CredentialOptions,
): Promise<PulledImage> {
  const parsed = parseReference(reference);
  if (!parsed.ok) throw new HangarError('INVALID_REFERENCE', parsed.error);
  const ref = parsed.ref;
  ctx.progress({ message: `Looking up the credentials for ${ref.domain}` });
  const creds = await resolveCredentials(ref.domain, credentials);
  ctx.throwIfCancelled();
  ctx.progress({ message: `Pulling ${reference}` });
  const progress = new PushProgress();
  progress.message = `Pulling ${reference}`;
  let stream: NodeJS.ReadableStream;
  try {
    stream = await engine.eventsClient().createImage(toAuthConfig(creds), {
      fromImage: ref.familiarName,
      tag: ref.digest ?? ref.tag ?? 'latest',
      abortSignal: ctx.signal,
    });
  } catch (err) {
    ctx.throwIfCancelled();
    const e = toHangarError(err);
    throw new HangarError(e.code, `Pulling ${reference} failed: ${e.message}`, e.detail);
  }
  await readProgressStream(stream, ctx, `The pull of ${reference}`, progress);
  if (progress.error !== null) {
    const code = pushErrorCode(progress.error);
    throw new HangarError(
      code,
      code === 'AUTH_FAILED'
        ? `${ref.domain} refused the credentials${creds ? ` (from ${creds.source})` : ' (none found: docker login first)'}: ${progress.error}`
        : `Pulling ${reference} failed: ${progress.error}`,
    );
  }
  let info: ImageInspectEntry;
  try {
    info = await engine.client().getImage(reference).inspect();
  } catch (err) {
    throw new HangarError(
      'NOT_FOUND',
      `The pull of ${reference} ended but the engine has no such image.`,
      String(err),
    );
  }
  if (!info.Id) throw new HangarError('INTERNAL', `The engine sent no id for ${reference}.`);
  return {
    imageId: info.Id,
    digest: ref.digest ?? progress.pulledDigest,
    repoTags: info.RepoTags ?? [],
    layers: progress.items().filter((l) => l.status !== 'Already exists').length,
  };
}
