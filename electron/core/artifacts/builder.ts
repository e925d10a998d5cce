/**
 * `artifacts:build` (a `build` task): look up, and on a local HIT return at once — no `/build`
 * call, the requested tags put on the cached image. A HIT at a registry level pulls that image
 * instead of building (`remote-build.ts`). Otherwise one `POST /build` (`build-run.ts`), tagged
 * `name:key` plus the requested tags; the result is stored with its per-input digests, then pushed
 * as `project:KEY` when a project registry level is configured.
 */
import type { ArtifactSpec, ArtifactsChanged, BuildOutcome } from '../../../shared/artifacts.js';
import type { BuildRunOptions } from '../../../shared/builds.js';
import { HangarError } from '../../../shared/errors.js';
import { splitReference } from '../../../shared/reference-names.js';
import type { CacheLevelOptions } from '../../../shared/registry-cache.js';
import type { DockerClient } from '../engine/docker-client.js';
import { toHangarError } from '../errors.js';
import type { RegistryCacheService } from '../registry/cache-service.js';
import type { HangarStore } from '../store/store.js';
import type { TaskContext } from '../tasks/task-manager.js';
import { newBuildRecord, type RecordFacts } from '../builds/record.js';
import { newAttempt, runBuild } from './build-run.js';
import { BuildScope } from './build-scope.js';
import {
  engineHost,
  imageFacts,
  inspectFacts,
  tagImage,
  type ImageFacts,
  type ImageSource,
} from './image-facts.js';
import type { LookupOutcome } from './lookup.js';
import { pushToProject, useRemoteHit } from './remote-build.js';

/** What a build through the cache uses, step by step. */
export interface BuildDeps {
  /** The images here: facts, tags, and the engine that builds, pulls and pushes. */
  images: ImageSource;
  /** The registry levels (a HIT there without pulling copies tags in the registry). */
  registry: RegistryCacheService;
  store: HangarStore;
  now: () => number;
  /** Hashes the workspace and looks it up, the lookup recorded in the history. */
  lookup(
    spec: ArtifactSpec,
    signal: AbortSignal,
    options: CacheLevelOptions,
  ): Promise<LookupOutcome>;
  changed(event: ArtifactsChanged): void;
}

/** Puts the requested tags on a cached image; returns its tags afterwards. */
async function applyTags(
  client: DockerClient,
  image: ImageFacts,
  tags: readonly string[],
): Promise<string[]> {
  const have = new Set(image.repoTags);
  for (const tag of tags) {
    if (have.has(tag)) continue;
    if (!(await tagImage(client, image.id, tag))) {
      throw new HangarError(
        'NOT_FOUND',
        `The cached image ${image.id} disappeared while it was being tagged ${tag}; build again.`,
      );
    }
    have.add(tag);
  }
  return [...have].sort();
}

export async function buildThroughCache(
  deps: BuildDeps,
  spec: ArtifactSpec,
  task: TaskContext,
  options: CacheLevelOptions = {},
  run: BuildRunOptions = {},
): Promise<BuildOutcome> {
  const t0 = performance.now();
  const { images, store } = deps;
  const { engine } = images;
  task.progress({ percent: null, message: 'Hashing the build context…' });
  const look = await deps.lookup(spec, task.signal, options);
  const scope = new BuildScope(
    { store, now: deps.now, host: engineHost(engine) },
    spec,
    look,
    task,
    t0,
  );
  const { result } = look;

  if (result.status === 'HIT' && look.image && result.level === 'local') {
    const tags = await applyTags(engine.client(), look.image, spec.tags);
    const owned = new Set([
      ...(look.entry?.tags ?? []),
      `${spec.name}:${result.key}`,
      ...spec.tags,
    ]);
    store.entries.setTags(result.key, [...owned].sort());
    scope.remember();
    task.progress({ percent: 100, message: `Cache HIT: ${look.image.id.slice(7, 19)}` });
    return scope.outcome(look.image.id, tags, false, null);
  }

  if (result.status === 'HIT' && result.remote) {
    const outcome = await useRemoteHit(scope, deps, result.remote);
    if (outcome.pulled) deps.changed({ reason: 'build', keys: [result.key] });
    return outcome;
  }

  task.progress({
    message:
      result.status === 'MISS'
        ? `Cache MISS (${result.reason ?? 'no entry'}): building…`
        : `Cache HIT_TOO_OLD (${result.reason ?? ''}): rebuilding without the layer cache…`,
  });
  const cacheTag = `${spec.name}:${result.key}`;
  const tags = [cacheTag, ...spec.tags.filter((t) => t !== cacheTag)];
  const nocache = result.status === 'HIT_TOO_OLD';
  const attempt = newAttempt(deps.now());
  const tb = performance.now();
  const facts0: Omit<RecordFacts, 'durationMs' | 'outcome' | 'imageId' | 'error'> = {
    artifact: spec.name,
    key: result.key,
    engine: scope.deps.host,
    attempt,
    nocache,
    changedInputs: result.changedInputs,
  };
  let built: Awaited<ReturnType<typeof runBuild>>;
  try {
    built = await runBuild(
      engine,
      { spec, hashed: look.hashed, tags, nocache, options: run },
      task,
      attempt,
    );
  } catch (err) {
    // A failed or cancelled build is recorded whole (its steps so far), in one write.
    const e = toHangarError(err);
    const record = newBuildRecord(store.builds, {
      ...facts0,
      durationMs: performance.now() - tb,
      outcome: e.code === 'CANCELLED' ? 'cancelled' : 'failed',
      imageId: null,
      error: e.message,
    });
    if (record) {
      try {
        store.db.write(() => store.builds.append(record));
      } catch {
        // the build's own error is what the user needs; a store too busy to record it is not
      }
    }
    throw err;
  }
  // Whatever reads the index next (the policy, the listing) sees the new image, and so do its
  // facts here: from the index, with no second inspect.
  await images.index.refreshImages([built.imageId]);
  const facts = await imageFacts(images, built.imageId);
  if (!facts) throw new HangarError('NOT_FOUND', `The image ${built.imageId} just built is gone.`);
  const record = newBuildRecord(store.builds, {
    ...facts0,
    durationMs: built.buildMs,
    outcome: 'built',
    imageId: facts.id,
    error: null,
  });
  let recordId: number | null = null;
  const pushTo = look.plan.pushTo;
  const pushTag = pushTo === null ? null : `${pushTo}:${result.key}`;
  await scope.record(facts.id, () => {
    scope.putEntry(facts, {
      digest: splitReference(facts.repoDigests[0] ?? '').digest,
      tags: pushTag === null ? tags : [...tags, pushTag],
      hit: false,
    });
    scope.remember();
    if (record) recordId = store.builds.append(record).id;
  });
  deps.changed({ reason: 'build', keys: [result.key] });
  let pushed: BuildOutcome['pushed'] = null;
  let pushError: string | null = null;
  if (pushTo !== null && pushTag !== null) {
    // The build is cached locally already: a failed push is reported, not fatal.
    try {
      pushed = await pushToProject(scope, engine, pushTo, pushTag, facts.id);
      deps.changed({ reason: 'build', keys: [result.key] });
    } catch (err) {
      if (task.signal.aborted) throw new HangarError('CANCELLED', 'Cancelled.');
      pushError = `The build is cached here, but pushing ${pushTag} failed: ${toHangarError(err).message}`;
    }
  }
  task.progress({ percent: 100, message: `Built ${facts.id.slice(7, 19)}` });
  // The tags the build gave are in `facts`; only a push (tried) may have added one since.
  const finalTags =
    pushTo === null
      ? facts.repoTags
      : ((await inspectFacts(images, facts.id))?.repoTags ?? facts.repoTags);
  return scope.outcome(facts.id, finalTags, true, built.buildMs, {
    pushed,
    pushError,
    builder: built.builder,
    buildId: built.buildId,
    buildRecordId: recordId,
    steps: record?.steps ?? [],
    cachedSteps: record?.cachedSteps ?? null,
    totalSteps: record?.totalSteps ?? null,
    cacheBrokeAt: record?.cacheBrokeAt ?? null,
  });
}
