/**
 * The registry side of a build through the cache: a HIT at a registry level pulls
 * exactly the digest the lookup chose (or, with `pull: false`, only writes the artifact's tags in
 * that registry), and a fresh build is pushed as `project:KEY`. Either way the digest used is
 * pinned for the artifact, so a tag moved later by someone else is noticed.
 */
import type { BuildOutcome, RemoteHit } from '../../../shared/artifacts.js';
import { HangarError } from '../../../shared/errors.js';
import { splitReference } from '../../../shared/reference.js';
import { pullImage } from '../images/image-pull.js';
import { pushReference, runPush } from '../images/image-push.js';
import { parseCacheRef } from '../registry/cache-location.js';
import type { BuildScope } from './build-scope.js';
import { inspectFacts, tagImage } from './cache-context.js';

/** Tags the new image `project:KEY`, pushes it, pins the digest and records it on the entry. */
export async function pushToProject(
  scope: BuildScope,
  location: string,
  pushTag: string,
  imageId: string,
): Promise<NonNullable<BuildOutcome['pushed']>> {
  const { ctx, spec, task, key } = scope;
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
export async function useRemoteHit(scope: BuildScope, hit: RemoteHit): Promise<BuildOutcome> {
  const { ctx, spec, task, key, look } = scope;
  const store = ctx.store.get();
  const location = splitReference(hit.reference).repository;
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
    for (const tag of spec.tags) {
      if (!tag.startsWith(`${registry}/`)) {
        throw new HangarError(
          'VALIDATION',
          `${tag} is not in ${registry}: without pulling, only tags in the registry of the cache HIT can be written. Pull instead.`,
        );
      }
    }
    const remoteTags: string[] = [];
    for (const tag of spec.tags) {
      task.throwIfCancelled();
      task.progress({ message: `Tagging ${tag} in the registry (no pull)…` });
      await ctx.registry.copy(hit.reference, tag, task.signal);
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
  const pulled = await pullImage(ctx.engine, hit.reference, task);
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
  await scope.record(facts.id, () => {
    scope.putEntry(facts, { digest: hit.digest, tags: wanted, hit: true });
    pin();
    scope.remember();
  });
  ctx.changed({ reason: 'build', keys: [key] });
  task.progress({
    percent: 100,
    message: `Pulled ${facts.id.slice(7, 19)} from the ${hit.level} cache`,
  });
  return scope.outcome(facts.id, facts.repoTags, false, null, { pulled: true });
}
