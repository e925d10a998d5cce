/**
 * `images:push` as a task: credentials like the docker CLI, a HEAD on the registry first (skip
 * with "already pushed" when the tag there already has this image's digest), then the daemon's
 * push stream (on the client without an idle timeout), read into per-layer progress. The stream
 * always answers 200: an error inside it becomes `AUTH_FAILED` or `REGISTRY_ERROR`.
 */
import type { PushResult } from '../../../shared/actions.js';
import { HangarError } from '../../../shared/errors.js';
import { parseReference, repositoryOf, type ImageReference } from '../../../shared/reference.js';
import { splitReference } from '../../../shared/reference-names.js';
import type { TaskOf } from '../../../shared/tasks.js';
import type { DockerClient } from '../engine/docker-client.js';
import { toHangarError } from '../errors.js';
import type { ImageIndex } from '../index/image-index.js';
import { headManifest } from '../registry/manifest-head.js';
import type { TaskContext, TaskManager } from '../tasks/task-manager.js';
import { resolveCredentials, toAuthConfig, type CredentialOptions } from './credentials.js';
import { readProgressStream } from './progress-stream.js';
import { PushProgress, pushErrorCode } from './push-progress.js';

export interface PushDeps {
  index: ImageIndex;
  tasks: TaskManager;
  /** The engine's client for ordinary calls. */
  client(): DockerClient;
  /** The engine's client without an idle timeout (a push can be quiet for long). */
  streamClient(): DockerClient;
  credentials?: CredentialOptions;
}

/** Parses what to push: a name with a tag (`ubuntu` means `ubuntu:latest`), never a digest. */
export function pushReference(input: string): ImageReference {
  const parsed = parseReference(input);
  if (!parsed.ok) throw new HangarError('INVALID_REFERENCE', parsed.error);
  if (parsed.ref.digest !== null) {
    throw new HangarError('INVALID_REFERENCE', `Push a tag, not a digest: ${input}.`);
  }
  return parsed.ref;
}

export async function startPush(deps: PushDeps, input: string): Promise<TaskOf<'push'>> {
  const ref = pushReference(input);
  const digests = await repoDigestsOf(deps, ref);
  return deps.tasks.run('push', `Push ${ref.familiar}`, ref.familiar, (ctx) =>
    runPush(deps, ref, knownDigests(digests, ref), ctx),
  ) as TaskOf<'push'>;
}

/** The image's `RepoDigests`, from the index, or the daemon when the index has not caught up. */
async function repoDigestsOf(deps: PushDeps, ref: ImageReference): Promise<string[]> {
  const image = deps.index.byTag(ref.familiar);
  if (image) return image.repoDigests;
  try {
    const info = await deps.client().getImage(ref.familiar).inspect();
    return info.RepoDigests ?? [];
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) {
      throw new HangarError('NOT_FOUND', `No local image is tagged ${ref.familiar}.`);
    }
    throw toHangarError(err);
  }
}

/** Digests this image already has in the repository, from earlier pushes or pulls. */
function knownDigests(repoDigests: readonly string[], ref: ImageReference): string[] {
  return repoDigests
    .filter((d) => repositoryOf(d) === ref.familiarName)
    .flatMap((d) => splitReference(d).digest ?? []);
}

/** The push itself, inside a task (also used by a build that fills the project cache level). */
export async function runPush(
  deps: Pick<PushDeps, 'streamClient' | 'credentials'>,
  ref: ImageReference,
  known: readonly string[],
  ctx: TaskContext,
): Promise<PushResult> {
  const tag = ref.tag ?? 'latest';
  const base = { ref: ref.familiar, registry: ref.domain, repository: ref.familiarName, tag };
  ctx.progress({ message: `Looking up the credentials for ${ref.domain}` });
  const creds = await resolveCredentials(ref.domain, deps.credentials);
  ctx.throwIfCancelled();

  if (known.length > 0) {
    ctx.progress({ message: `Asking ${ref.domain} whether it has ${ref.familiar}` });
    const remote = await headManifest({
      registry: ref.domain,
      repository: ref.path,
      reference: tag,
      login: creds,
      signal: ctx.signal,
    }).catch(() => null); // only a shortcut: on any doubt, push
    if (remote?.digest && known.includes(remote.digest)) {
      ctx.progress({ percent: 100, message: 'Already pushed' });
      return { ...base, digest: remote.digest, size: remote.size, alreadyPushed: true, layers: 0 };
    }
  }
  ctx.throwIfCancelled();

  ctx.progress({ message: `Pushing ${ref.familiar}` });
  const progress = new PushProgress();
  let stream: NodeJS.ReadableStream;
  try {
    stream = await deps
      .streamClient()
      .getImage(ref.familiarName)
      .push({
        tag,
        authconfig: toAuthConfig(creds),
        abortSignal: ctx.signal,
      });
  } catch (err) {
    throw toHangarError(err);
  }
  await readProgressStream(stream, ctx, `The push of ${ref.familiar}`, progress);

  if (progress.error !== null) {
    const code = pushErrorCode(progress.error);
    const message =
      code === 'AUTH_FAILED'
        ? `${ref.domain} refused the credentials${creds ? ` (from ${creds.source})` : ' (none found: docker login first)'}: ${progress.error}`
        : `Pushing to ${ref.domain} failed: ${progress.error}`;
    throw new HangarError(code, message);
  }
  if (!progress.aux) {
    throw new HangarError('REGISTRY_ERROR', `The push of ${ref.familiar} ended without a digest.`);
  }
  ctx.progress({ percent: 100, message: `Pushed ${progress.aux.digest}`, items: progress.items() });
  return {
    ...base,
    digest: progress.aux.digest,
    size: progress.aux.size,
    alreadyPushed: false,
    layers: progress.layerCount,
  };
}
