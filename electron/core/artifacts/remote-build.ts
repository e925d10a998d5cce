/**
 * The registry side of a build through the cache: a HIT at a registry level pulls
 * exactly the digest the lookup chose (or, with `pull: false`, only writes the artifact's tags in
 * that registry), and a fresh build is pushed as `project:KEY`. Either way the digest used is
 * pinned for the artifact, so a tag moved later by someone else is noticed.
 */
import type { BuildOutcome, RemoteHit } from '../../../shared/artifacts.js';
import { HangarError } from '../../../shared/errors.js';
import { splitReference } from '../../../shared/reference-names.js';
import { pullImage } from '../images/image-pull.js';
import { pushReference, runPush } from '../images/image-push.js';
import type { EngineSource } from '../engine/engine-source.js';
import { parseCacheRef } from '../registry/cache-location.js';
import type { RegistryCacheService } from '../registry/cache-service.js';
import type { BuildScope } from './build-scope.js';
import { inspectFacts, tagImage, type ImageSource } from './image-facts.js';

/** Tags the new image `project:KEY`, pushes it, pins the digest and records it on the entry. */
export async function pushToProject(
  scope: BuildScope,
  engine: EngineSource,
  location: string,
  pushTag: string,
  imageId: string,
): Promise<NonNullable<BuildOutcome['pushed']>> {
  const { deps, spec, task, key } = scope;
  task.progress({ percent: null, message: `Pushing ${pushTag} to the project cache…` });
  if (!(await tagImage(engine.client(), imageId, pushTag))) {
    throw new HangarError('NOT_FOUND', `The image ${imageId} disappeared before its push.`);
  }
  const result = await runPush(
    { streamClient: () => engine.eventsClient() },
    pushReference(pushTag),
    [],
    task,
  );
  const { store } = deps;
  store.db.write(() => {
    store.pins.put({
      artifact: spec.name,
      location,
      key,
      level: 'project',
      digest: result.digest,
      usedAt: deps.now(),
    });
    store.entries.setDigest(key, result.digest);
  });
  return { reference: pushTag, digest: result.digest, alreadyPushed: result.alreadyPushed };
}

/** What taking a registry level's HIT uses: the images here to pull into, the registries. */
export interface RemoteHitDeps {
  images: ImageSource;
  registry: RegistryCacheService;
}

/**
 * A registry level had the key: pull exactly the digest the lookup chose and tag it `name:key`
 * (and the artifact's tags), or with `pull: false` write the artifact's tags in that registry.
 */
export async function useRemoteHit(
  scope: BuildScope,
  { images, registry }: RemoteHitDeps,
  hit: RemoteHit,
): Promise<BuildOutcome> {
  const { deps, spec, task, key, look } = scope;
  const { store } = deps;
  const location = splitReference(hit.reference).repository;
  const pin = () =>
    store.pins.put({
      artifact: spec.name,
      location,
      key,
      level: hit.level,
      digest: hit.digest,
      usedAt: deps.now(),
    });

  if (!look.plan.pull) {
    const hitRegistry = parseCacheRef(hit.tag).registry;
    for (const tag of spec.tags) {
      if (!tag.startsWith(`${hitRegistry}/`)) {
        throw new HangarError(
          'VALIDATION',
          `${tag} is not in ${hitRegistry}: without pulling, only tags in the registry of the cache HIT can be written. Pull instead.`,
        );
      }
    }
    const remoteTags: string[] = [];
    for (const tag of spec.tags) {
      task.throwIfCancelled();
      task.progress({ message: `Tagging ${tag} in the registry (no pull)…` });
      await registry.copy(hit.reference, tag, task.signal);
      remoteTags.push(tag);
    }
    store.db.write(() => {
      pin();
      scope.remember();
    });
    task.progress({ percent: 100, message: `Cache HIT in ${hit.tag}: left in the registry` });
    return scope.outcome(hit.imageId, [], false, null, { remoteTags });
  }

  task.progress({ message: `Cache HIT in the ${hit.level} cache: pulling ${hit.reference}…` });
  const pulled = await pullImage(images.engine, hit.reference, task);
  const cacheTag = `${spec.name}:${key}`;
  const wanted = [cacheTag, ...spec.tags.filter((t) => t !== cacheTag)];
  for (const tag of wanted) {
    if (!(await tagImage(images.engine.client(), pulled.imageId, tag))) {
      throw new HangarError('NOT_FOUND', `The image ${pulled.imageId} just pulled is gone.`);
    }
  }
  const facts = await inspectFacts(images, pulled.imageId);
  if (!facts)
    throw new HangarError('NOT_FOUND', `The image ${pulled.imageId} just pulled is gone.`);
  await scope.record(facts.id, () => {
    scope.putEntry(facts, { digest: hit.digest, tags: wanted, hit: true });
    pin();
    scope.remember();
  });
  task.progress({
    percent: 100,
    message: `Pulled ${facts.id.slice(7, 19)} from the ${hit.level} cache`,
  });
  return scope.outcome(facts.id, facts.repoTags, false, null, { pulled: true });
}
