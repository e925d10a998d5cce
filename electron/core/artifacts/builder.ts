/**
 * `artifacts:build` (a `build` task): look up, and on a HIT return at once — no `/build` call, the
 * requested tags put on the cached image. Otherwise `POST /build` with the context streamed as a
 * tar of exactly the hashed entries, the Dockerfile path, target, build args and the
 * `hangar.cache.key` label, tagged `name:key` plus the requested tags; after HIT_TOO_OLD with
 * `nocache` (design §5: else the classic builder hands back the same old image). The result is
 * stored with its per-input digests, then pushed as `project:KEY` when a project registry level is
 * configured (issue 7). A HIT at a registry level pulls that exact digest instead of building (or,
 * with `pull: false`, only writes the artifact's tags in that registry), and pins the digest used.
 */
import type Dockerode from 'dockerode';
import type { ArtifactSpec, BuildOutcome, RemoteHit } from '../../../shared/artifacts.js';
import { HangarError } from '../../../shared/errors.js';
import type { CacheLevelOptions } from '../../../shared/registry-cache.js';
import { toHangarError } from '../errors.js';
import { pullImage } from '../images/image-pull.js';
import { pushReference, runPush } from '../images/image-push.js';
import { parseCacheRef } from '../registry/cache-location.js';
import type { TaskContext } from '../tasks/task-manager.js';
import { BuildStreamParser, describeFailure } from './build-stream.js';
import {
  engineHost,
  inspectFacts,
  tagImage,
  type CacheContext,
  type ImageFacts,
} from './cache-context.js';
import { contextTar } from './context-tar.js';
import { lookupArtifact, type LookupOutcome } from './lookup.js';
import type { HashedWorkspace } from './workspace-hasher.js';

export const CACHE_KEY_LABEL = 'hangar.cache.key';
export const ARTIFACT_LABEL = 'hangar.artifact';

/** Puts the requested tags on a cached image; returns its tags afterwards. */
async function applyTags(
  ctx: CacheContext,
  image: ImageFacts,
  tags: readonly string[],
): Promise<string[]> {
  const have = new Set(image.repoTags);
  for (const tag of tags) {
    if (have.has(tag)) continue;
    if (!(await tagImage(ctx, image.id, tag))) {
      throw new HangarError(
        'NOT_FOUND',
        `The cached image ${image.id} disappeared while it was being tagged ${tag}; build again.`,
      );
    }
    have.add(tag);
  }
  return [...have].sort();
}

interface BuildRun {
  imageId: string;
  buildMs: number;
}

async function runBuild(
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
  // `t` repeats (one per tag): docker-modem sends an array as `t=a&t=b`, the typings say string.
  const options = {
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
    const stream = (await ctx.engine
      .eventsClient()
      .buildImage(tar, options as unknown as Dockerode.ImageBuildOptions)) as NodeJS.ReadableStream;
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

function locationOf(hit: RemoteHit): string {
  return hit.reference.slice(0, hit.reference.indexOf('@'));
}

export async function buildThroughCache(
  ctx: CacheContext,
  spec: ArtifactSpec,
  task: TaskContext,
  options: CacheLevelOptions = {},
): Promise<BuildOutcome> {
  const t0 = performance.now();
  task.progress({ percent: null, message: 'Hashing the build context…' });
  const look = await lookupArtifact(ctx, spec, task.signal, options);
  const { result } = look;
  const store = ctx.store.get();
  const remember = () =>
    store.artifacts.put({
      name: spec.name,
      context: look.hashed.root,
      dockerfile: look.hashed.dockerfile,
      target: spec.target,
      platform: spec.platform,
      buildArgNames: Object.keys(spec.buildArgs).sort(),
      updatedAt: ctx.now(),
      ...(spec.ttlHours !== null ? { ttlHours: spec.ttlHours } : {}),
    });
  const outcome = (
    imageId: string,
    tags: string[],
    built: boolean,
    buildMs: number | null,
    extra: Partial<Pick<BuildOutcome, 'pulled' | 'remoteTags' | 'pushed' | 'pushError'>> = {},
  ): BuildOutcome => ({
    artifact: spec.name,
    key: result.key,
    status: result.status,
    level: result.level,
    imageId,
    tags,
    durationMs: performance.now() - t0,
    reason: result.reason,
    changedInputs: result.changedInputs,
    built,
    nocache: result.status === 'HIT_TOO_OLD',
    lookupMs: result.durationMs,
    buildMs,
    levels: result.levels,
    moved: result.moved,
    pulled: false,
    remoteTags: [],
    pushed: null,
    pushError: null,
    ...extra,
  });

  if (result.status === 'HIT' && look.image && result.level === 'local') {
    const tags = await applyTags(ctx, look.image, spec.tags);
    const owned = new Set([
      ...(look.entry?.tags ?? []),
      `${spec.name}:${result.key}`,
      ...spec.tags,
    ]);
    store.entries.setTags(result.key, [...owned].sort());
    remember();
    task.progress({ percent: 100, message: `Cache HIT: ${look.image.id.slice(7, 19)}` });
    return outcome(look.image.id, tags, false, null);
  }

  if (result.status === 'HIT' && result.remote) {
    return useRemoteHit(ctx, spec, look, result.remote, task, remember, outcome);
  }

  task.progress({
    message:
      result.status === 'MISS'
        ? `Cache MISS (${result.reason ?? 'no entry'}): building…`
        : `Cache HIT_TOO_OLD (${result.reason ?? ''}): rebuilding without the layer cache…`,
  });
  const cacheTag = `${spec.name}:${result.key}`;
  const tags = [cacheTag, ...spec.tags.filter((t) => t !== cacheTag)];
  const run = await runBuild(ctx, spec, look.hashed, tags, result.status === 'HIT_TOO_OLD', task);
  const facts = await inspectFacts(ctx, run.imageId);
  if (!facts) throw new HangarError('NOT_FOUND', `The image ${run.imageId} just built is gone.`);
  const now = ctx.now();
  const pushTo = look.plan.pushTo;
  const pushTag = pushTo === null ? null : `${pushTo}:${result.key}`;
  const owned = pushTag === null ? tags : [...tags, pushTag];
  store.db.write(() => {
    store.entries.put(
      {
        key: result.key,
        source: 'hangar',
        artifact: spec.name,
        imageId: facts.id,
        digest: facts.repoDigests[0]?.split('@')[1] ?? null,
        tags: [...owned].sort(),
        size: facts.size,
        createdAt: facts.created,
        storedAt: now,
        lastHitAt: null,
        hitCount: 0,
        pinned: false,
        engine: engineHost(ctx),
      },
      look.hashed.inputs(),
    );
    remember();
  });
  ctx.changed({ reason: 'build', keys: [result.key] });
  let pushed: BuildOutcome['pushed'] = null;
  let pushError: string | null = null;
  if (pushTo !== null && pushTag !== null) {
    // The build is cached locally already: a failed push is reported, not fatal.
    try {
      pushed = await pushToProject(ctx, spec, result.key, pushTo, pushTag, facts.id, task);
    } catch (err) {
      if (task.signal.aborted) throw new HangarError('CANCELLED', 'Cancelled.');
      pushError = `The build is cached here, but pushing ${pushTag} failed: ${toHangarError(err).message}`;
    }
  }
  task.progress({ percent: 100, message: `Built ${facts.id.slice(7, 19)}` });
  const finalTags = (await inspectFacts(ctx, facts.id))?.repoTags ?? facts.repoTags;
  return outcome(facts.id, finalTags, true, run.buildMs, { pushed, pushError });
}

/** Tags the new image `project:KEY`, pushes it, pins the digest and records it on the entry. */
async function pushToProject(
  ctx: CacheContext,
  spec: ArtifactSpec,
  key: string,
  location: string,
  pushTag: string,
  imageId: string,
  task: TaskContext,
): Promise<NonNullable<BuildOutcome['pushed']>> {
  task.progress({ percent: null, message: `Pushing ${pushTag} to the project cache…` });
  if (!(await tagImage(ctx, imageId, pushTag))) {
    throw new HangarError('NOT_FOUND', `The image ${imageId} disappeared before its push.`);
  }
  const result = await runPush(
    { streamClient: () => ctx.engine.eventsClient() },
    pushReference(pushTag),
    [],
    task,
  );
  const store = ctx.store.get();
  store.db.write(() => {
    store.pins.put({
      artifact: spec.name,
      location,
      key,
      level: 'project',
      digest: result.digest,
      usedAt: ctx.now(),
    });
    store.entries.setDigest(key, result.digest);
  });
  ctx.changed({ reason: 'build', keys: [key] });
  return { reference: pushTag, digest: result.digest, alreadyPushed: result.alreadyPushed };
}

/**
 * A registry level had the key: pull exactly the digest the lookup chose and tag it `name:key`
 * (and the artifact's tags), or with `pull: false` write the artifact's tags in that registry.
 */
async function useRemoteHit(
  ctx: CacheContext,
  spec: ArtifactSpec,
  look: LookupOutcome,
  hit: RemoteHit,
  task: TaskContext,
  remember: () => void,
  outcome: (
    imageId: string,
    tags: string[],
    built: boolean,
    buildMs: number | null,
    extra?: Partial<Pick<BuildOutcome, 'pulled' | 'remoteTags' | 'pushed' | 'pushError'>>,
  ) => BuildOutcome,
): Promise<BuildOutcome> {
  const key = look.result.key;
  const store = ctx.store.get();
  const location = locationOf(hit);
  const pin = () =>
    store.pins.put({
      artifact: spec.name,
      location,
      key,
      level: hit.level,
      digest: hit.digest,
      usedAt: ctx.now(),
    });

  if (!look.plan.pull) {
    const registry = parseCacheRef(hit.tag).registry;
    const remoteTags: string[] = [];
    for (const tag of spec.tags) {
      if (!tag.startsWith(`${registry}/`)) {
        throw new HangarError(
          'VALIDATION',
          `${tag} is not in ${registry}: without pulling, only tags in the registry of the cache HIT can be written. Pull instead.`,
        );
      }
    }
    for (const tag of spec.tags) {
      task.throwIfCancelled();
      task.progress({ message: `Tagging ${tag} in the registry (no pull)…` });
      await ctx.registry.copy(hit.reference, tag, task.signal);
      remoteTags.push(tag);
    }
    store.db.write(() => {
      pin();
      remember();
    });
    task.progress({ percent: 100, message: `Cache HIT in ${hit.tag}: left in the registry` });
    return outcome(hit.imageId, [], false, null, { remoteTags });
  }

  task.progress({ message: `Cache HIT in the ${hit.level} cache: pulling ${hit.reference}…` });
  const pulled = await pullImage(
    { client: () => ctx.engine.client(), streamClient: () => ctx.engine.eventsClient() },
    hit.reference,
    task,
  );
  const cacheTag = `${spec.name}:${key}`;
  const wanted = [cacheTag, ...spec.tags.filter((t) => t !== cacheTag)];
  for (const tag of wanted) {
    if (!(await tagImage(ctx, pulled.imageId, tag))) {
      throw new HangarError('NOT_FOUND', `The image ${pulled.imageId} just pulled is gone.`);
    }
  }
  const facts = await inspectFacts(ctx, pulled.imageId);
  if (!facts)
    throw new HangarError('NOT_FOUND', `The image ${pulled.imageId} just pulled is gone.`);
  store.db.write(() => {
    store.entries.put(
      {
        key,
        source: 'hangar',
        artifact: spec.name,
        imageId: facts.id,
        digest: hit.digest,
        tags: [...wanted].sort(),
        size: facts.size,
        createdAt: facts.created,
        storedAt: ctx.now(),
        lastHitAt: ctx.now(),
        hitCount: 1,
        pinned: false,
        engine: engineHost(ctx),
      },
      look.hashed.inputs(),
    );
    pin();
    remember();
  });
  ctx.changed({ reason: 'build', keys: [key] });
  task.progress({
    percent: 100,
    message: `Pulled ${facts.id.slice(7, 19)} from the ${hit.level} cache`,
  });
  return outcome(facts.id, facts.repoTags, false, null, { pulled: true });
}
