/**
 * Pulls an image inside a task (`POST /images/create`, on the client without an idle timeout),
 * with credentials like the docker CLI and per-layer progress (download, then extract) from the
 * same stream format as a push. A `…@sha256:` reference pulls exactly that manifest; the image id
 * is read back by inspect. `images:pull` takes any reference, normalised before the task starts;
 * `registryCache:pull` and a build's remote hit pull through the same `pullImage`.
 */
import { HangarError } from '../../../shared/errors.js';
import { parseReference, type ImageReference } from '../../../shared/reference.js';
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
  /** Layers the engine already had. */
  layersPresent: number;
  /** The engine had this image under this reference already (`Image is up to date`). */
  upToDate: boolean;
}

export interface PullOptions {
  /** `os/arch[/variant]`; the engine's own platform when absent. */
  platform?: string;
  credentials?: CredentialOptions;
}

/** Parses what to pull: any reference, a tag (`latest` when none) or a digest. */
export function pullReference(input: string): ImageReference {
  const parsed = parseReference(input);
  if (!parsed.ok) throw new HangarError('INVALID_REFERENCE', parsed.error);
  return parsed.ref;
}

/**
 * `images:pull`: the reference is checked and normalised (`postgres` is
 * `docker.io/library/postgres:latest`) before anything reaches the engine, then pulled as a `pull`
 * task whose title and result name it fully.
 */
export function startImagePull(
  deps: PullTaskDeps,
  input: string,
  options: { platform?: string } = {},
): TaskOf<'pull'> {
  return pullTask(deps, pullReference(input).full, options.platform ?? null);
}

interface PullTaskDeps {
  engine: PullEngine;
  tasks: TaskManager;
  credentials?: CredentialOptions;
}

/** Pulls `reference` as a `pull` task. An unreachable engine fails the request, not a task. */
function pullTask(deps: PullTaskDeps, reference: string, platform: string | null): TaskOf<'pull'> {
  deps.engine.client();
  const title = `Pull ${reference}${platform ? ` (${platform})` : ''}`;
  return deps.tasks.run('pull', title, reference, async (task) => {
    const pulled = await pullImage(deps.engine, reference, task, {
      ...(platform ? { platform } : {}),
      credentials: deps.credentials,
    });
    task.progress({ percent: 100, message: pullSummary(pulled) });
    return {
      reference,
      digest: pulled.digest ?? '',
      imageId: pulled.imageId,
      tags: pulled.repoTags,
      layers: pulled.layers,
      layersPresent: pulled.layersPresent,
      upToDate: pulled.upToDate,
      platform,
    };
  }) as TaskOf<'pull'>;
}

/** One line on what a pull brought: `Up to date`, or the layers new and already here. */
export function pullSummary(
  p: Pick<PulledImage, 'imageId' | 'layers' | 'layersPresent' | 'upToDate'>,
): string {
  const id = p.imageId.slice(7, 19);
  if (p.upToDate) return `Up to date: ${id}, nothing new`;
  return `Pulled ${id}: ${p.layers} new ${p.layers === 1 ? 'layer' : 'layers'}, ${p.layersPresent} already here`;
}

/** `registryCache:pull`: pulls `ref` (a cache location's tag or digest) as a `pull` task. */
export function startPull(
  deps: { engine: PullEngine; tasks: TaskManager },
  ref: string,
): TaskOf<'pull'> {
  return pullTask(deps, ref, null);
}

export async function pullImage(
  engine: PullEngine,
  reference: string,
  ctx: TaskContext,
  options: PullOptions = {},
): Promise<PulledImage> {
  const ref = pullReference(reference);
  ctx.progress({ message: `Looking up the credentials for ${ref.domain}` });
  const creds = await resolveCredentials(ref.domain, options.credentials);
  ctx.throwIfCancelled();
  ctx.progress({ message: `Pulling ${reference}` });
  const progress = new PushProgress();
  progress.message = `Pulling ${reference}`;
  let stream: NodeJS.ReadableStream;
  try {
    stream = await engine.eventsClient().createImage(toAuthConfig(creds), {
      fromImage: ref.familiarName,
      tag: ref.digest ?? ref.tag ?? 'latest',
      ...(options.platform ? { platform: options.platform } : {}),
      abortSignal: ctx.signal,
    });
  } catch (err) {
    ctx.throwIfCancelled();
    const e = toHangarError(err);
    // The engine answers an error before the stream starts when the registry refuses the login.
    if (pushErrorCode(e.message) === 'AUTH_FAILED') throw refused(ref.domain, creds, e.message);
    throw new HangarError(e.code, `Pulling ${reference} failed: ${e.message}`, e.detail);
  }
  await readProgressStream(stream, ctx, `The pull of ${reference}`, progress);
  if (progress.error !== null) {
    if (pushErrorCode(progress.error) === 'AUTH_FAILED') {
      throw refused(ref.domain, creds, progress.error);
    }
    throw new HangarError('REGISTRY_ERROR', `Pulling ${reference} failed: ${progress.error}`);
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
    layersPresent: progress.items().filter((l) => l.status === 'Already exists').length,
    upToDate: progress.upToDate,
  };
}

function refused(domain: string, creds: { source: string } | null, message: string): HangarError {
  const from = creds ? ` (from ${creds.source})` : ' (none found: docker login first)';
  return new HangarError('AUTH_FAILED', `${domain} refused the credentials${from}: ${message}`);
}
