/**
 * `artifacts:lookup`: hash the workspace, then ask the local daemon. An entry whose
 * image exists is a HIT (its `name:key` tag put back if it went missing), unless the image is
 * older than the TTL (HIT_TOO_OLD); anything else is a MISS with its reason. Without a local HIT,
 * the registry levels follow (global, then project: `remote-levels.ts`) until one HITs. Every
 * level asked is a history row (`recordLookup`), written in the same transaction as the entry's hit
 * bookkeeping.
 */
import type {
  ArtifactSpec,
  LookupOrigin,
  LookupRecord,
  CacheLevel,
  CacheStatus,
  ChangedInput,
  LevelOutcome,
  LookupResult,
  MovedTag,
  RemoteHit,
} from '../../../shared/artifacts.js';
import { hoursText, pastTtl } from '../../../shared/artifacts.js';
import type { CacheLevelOptions } from '../../../shared/registry-cache.js';
import type { RegistryCacheService } from '../registry/cache-service.js';
import type { EntryRow } from '../store/cache-repo.js';
import type { HangarStore } from '../store/store.js';
import {
  engineHost,
  imageFacts,
  tagImage,
  type ImageFacts,
  type ImageSource,
} from './image-facts.js';
import { describeChanges, diffInputs } from './input-diff.js';
import { judgeRemoteLevel, planLevels, type LevelPlan } from './remote-levels.js';
import { hashWorkspace, type HashedWorkspace } from './workspace-hasher.js';

/** What a lookup asks: the images here, the registry levels, the clock. */
export interface LookupDeps {
  images: ImageSource;
  registry: RegistryCacheService;
  now: () => number;
}

export interface LookupOutcome {
  result: LookupResult;
  /** The local level's outcome. */
  local: LevelOutcome;
  hashed: HashedWorkspace;
  /** The entry found (Hangar's own), if any. */
  entry: EntryRow | null;
  /** The entry's image, on HIT and HIT_TOO_OLD. */
  image: ImageFacts | null;
  /** The TTL that applied, hours. */
  ttlHours: number | null;
  /** The registry levels asked and where a build pushes. */
  plan: LevelPlan;
}

/** The artifact's own TTL, else its remembered override, else the setting. */
export function effectiveTtl(
  store: HangarStore,
  spec: Pick<ArtifactSpec, 'name' | 'ttlHours'>,
): number | null {
  if (spec.ttlHours !== null) return spec.ttlHours;
  const override = store.artifacts.get(spec.name)?.ttlHours ?? null;
  return override ?? store.settings.cache().ttlHours;
}

interface Verdict {
  status: CacheStatus;
  reason: string | null;
  changed: ChangedInput[];
  image: ImageFacts | null;
  retagged: boolean;
}

async function judge(
  deps: LookupDeps,
  store: HangarStore,
  spec: ArtifactSpec,
  hashed: HashedWorkspace,
  entry: EntryRow | null,
  ttl: number | null,
): Promise<Verdict> {
  const miss = (reason: string, changed: ChangedInput[] = []): Verdict => ({
    status: 'MISS',
    reason,
    changed,
    image: null,
    retagged: false,
  });
  if (!entry) {
    const prev = store.entries.lastOf(spec.name);
    const before = prev ? store.entries.inputs(prev.key) : null;
    if (!before) return miss('no entry');
    const changed = diffInputs(before, hashed.inputs());
    return miss(describeChanges(changed), changed);
  }
  const image = entry.imageId ? await imageFacts(deps.images, entry.imageId) : null;
  if (!image) {
    const here = engineHost(deps.images.engine);
    return miss(
      entry.engine && entry.engine !== here
        ? `image deleted (it was built on ${entry.engine})`
        : 'image deleted',
    );
  }
  const age = deps.now() - image.created;
  if (pastTtl(age, ttl)) {
    return {
      status: 'HIT_TOO_OLD',
      reason: `image is ${hoursText(age)} old (TTL ${ttl} h)`,
      changed: [],
      image,
      retagged: false,
    };
  }
  const cacheTag = `${spec.name}:${hashed.key}`;
  let retagged = false;
  if (!image.repoTags.includes(cacheTag)) {
    // The index may still list an image removed a moment ago: the tag call tells.
    if (!(await tagImage(deps.images.engine.client(), image.id, cacheTag))) {
      return miss('image deleted');
    }
    image.repoTags = [...image.repoTags, cacheTag].sort();
    retagged = true;
  }
  return { status: 'HIT', reason: null, changed: [], image, retagged };
}

/** Hashes the workspace and asks each level in turn; writes nothing (`recordLookup` does). */
export async function lookupArtifact(
  deps: LookupDeps,
  store: HangarStore,
  spec: ArtifactSpec,
  signal?: AbortSignal,
  options: CacheLevelOptions = {},
): Promise<LookupOutcome> {
  const t0 = performance.now();
  const plan = planLevels(store.settings.remoteCache(), options);
  const hashed = await hashWorkspace(store, spec, { now: deps.now, signal });
  const found = store.entries.get(hashed.key);
  // skaffold's keys are its own: a Hangar key never matches an imported skaffold entry.
  const entry = found?.source === 'hangar' ? found : null;
  const ttlHours = effectiveTtl(store, spec);
  const v = await judge(deps, store, spec, hashed, entry, ttlHours);
  const local: LevelOutcome = {
    level: 'local',
    status: v.status,
    reference: null,
    digest: null,
    reason: v.reason,
    durationMs: performance.now() - t0,
  };
  const levels: LevelOutcome[] = [local];
  let remote: RemoteHit | null = null;
  let moved: MovedTag | null = null;
  if (v.status !== 'HIT') {
    for (const { level, location } of plan.levels) {
      const r = await judgeRemoteLevel({
        registry: deps.registry,
        store,
        artifact: spec.name,
        key: hashed.key,
        level,
        location,
        ttlHours,
        onMoved: plan.onMoved,
        now: deps.now(),
        signal,
      });
      levels.push(r.outcome);
      moved ??= r.moved;
      if (r.hit) {
        remote = r.hit;
        break;
      }
    }
  }
  const decisive: LevelOutcome =
    levels.find((l) => l.status === 'HIT') ??
    levels.find((l) => l.status === 'HIT_TOO_OLD') ??
    local;
  const status: CacheStatus = decisive.status;
  const level: CacheLevel = decisive.level;
  const durationMs = performance.now() - t0;
  const tags = v.image?.repoTags ?? [];
  const imageId = remote?.imageId ?? v.image?.id ?? null;
  return {
    result: {
      artifact: spec.name,
      key: hashed.key,
      status,
      level,
      imageId: status === 'MISS' ? null : imageId,
      tags: level === 'local' ? tags : [],
      durationMs,
      reason: decisive.reason,
      changedInputs: v.changed,
      retagged: v.retagged,
      hashing: hashed.stats,
      levels,
      remote,
      moved,
    },
    local,
    hashed,
    entry,
    image: v.image,
    ttlHours,
    plan,
  };
}

/** Who asked and where: written on each history row of a lookup. */
export interface LookupWitness {
  origin: Exclude<LookupOrigin, 'import'>;
  /** The engine's host. */
  host: string;
  /** Unix ms. */
  at: number;
}

/**
 * Writes a lookup's history, one row per level asked, in the same transaction as a local HIT's
 * bookkeeping on its entry; returns the rows.
 */
export function recordLookup(
  store: HangarStore,
  look: LookupOutcome,
  { origin, host, at }: LookupWitness,
): LookupRecord[] {
  const { result, local, entry, image } = look;
  const imageId = result.remote?.imageId ?? image?.id ?? null;
  return store.db.write(() => {
    if (local.status === 'HIT' && entry) store.entries.recordHit(entry.key, at);
    return result.levels.map((l) =>
      store.history.append({
        at,
        artifact: result.artifact,
        key: result.key,
        level: l.level,
        status: l.status,
        durationMs: l.durationMs,
        imageId: l.level === 'local' ? (image?.id ?? null) : l.status === 'HIT' ? imageId : null,
        engine: l.level === 'local' ? host : l.reference,
        origin,
        reason: l.reason,
        changedInputs: l.level === 'local' ? result.changedInputs : [],
      }),
    );
  });
}
