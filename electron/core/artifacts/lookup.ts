/**
 * `artifacts:lookup`: hash the workspace, then ask the local daemon (design §5). An entry whose
 * image exists is a HIT (its `name:key` tag put back if it went missing), unless the image is
 * older than the TTL (HIT_TOO_OLD); anything else is a MISS with its reason. Every lookup is
 * recorded in the history, in the same transaction as the entry's hit bookkeeping.
 */
import type {
  ArtifactSpec,
  CacheStatus,
  ChangedInput,
  LookupResult,
} from '../../../shared/artifacts.js';
import type { EntryRow } from '../store/cache-repo.js';
import type { HangarStore } from '../store/store.js';
import {
  engineHost,
  imageFacts,
  tagImage,
  type CacheContext,
  type ImageFacts,
} from './cache-context.js';
import { describeChanges, diffInputs } from './input-diff.js';
import { hashWorkspace, type HashedWorkspace } from './workspace-hasher.js';

export interface LookupOutcome {
  result: LookupResult;
  hashed: HashedWorkspace;
  /** The entry found (Hangar's own), if any. */
  entry: EntryRow | null;
  /** The entry's image, on HIT and HIT_TOO_OLD. */
  image: ImageFacts | null;
  /** The TTL that applied, hours. */
  ttlHours: number | null;
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

function hours(ms: number): string {
  const h = ms / 3_600_000;
  return h >= 10 ? `${Math.round(h)} h` : `${Math.round(h * 10) / 10} h`;
}

interface Verdict {
  status: CacheStatus;
  reason: string | null;
  changed: ChangedInput[];
  image: ImageFacts | null;
  retagged: boolean;
}

async function judge(
  ctx: CacheContext,
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
  const image = entry.imageId ? await imageFacts(ctx, entry.imageId) : null;
  if (!image) {
    const here = engineHost(ctx);
    return miss(
      entry.engine && entry.engine !== here
        ? `image deleted (it was built on ${entry.engine})`
        : 'image deleted',
    );
  }
  const age = ctx.now() - image.created;
  if (ttl !== null && age > ttl * 3_600_000) {
    return {
      status: 'HIT_TOO_OLD',
      reason: `image is ${hours(age)} old (TTL ${ttl} h)`,
      changed: [],
      image,
      retagged: false,
    };
  }
  const cacheTag = `${spec.name}:${hashed.key}`;
  let retagged = false;
  if (!image.repoTags.includes(cacheTag)) {
    // The index may still list an image removed a moment ago: the tag call tells.
    if (!(await tagImage(ctx, image.id, cacheTag))) return miss('image deleted');
    image.repoTags = [...image.repoTags, cacheTag].sort();
    retagged = true;
  }
  return { status: 'HIT', reason: null, changed: [], image, retagged };
}

export async function lookupArtifact(
  ctx: CacheContext,
  spec: ArtifactSpec,
  signal?: AbortSignal,
): Promise<LookupOutcome> {
  const t0 = performance.now();
  const store = ctx.store.get();
  const hashed = await hashWorkspace(store, spec, {
    now: ctx.now,
    signal,
  });
  const found = store.entries.get(hashed.key);
  // skaffold's keys are its own: a Hangar key never matches one (issue 5).
  const entry = found?.source === 'hangar' ? found : null;
  const ttlHours = effectiveTtl(store, spec);
  const v = await judge(ctx, store, spec, hashed, entry, ttlHours);
  const durationMs = performance.now() - t0;
  const at = ctx.now();
  const tags = v.image?.repoTags ?? [];
  const record = store.db.write(() => {
    if (v.status === 'HIT' && entry) store.entries.recordHit(entry.key, at);
    return store.history.append({
      at,
      artifact: spec.name,
      key: hashed.key,
      level: 'local',
      status: v.status,
      durationMs,
      imageId: v.image?.id ?? null,
      engine: engineHost(ctx),
      origin: ctx.origin,
      reason: v.reason,
      changedInputs: v.changed,
    });
  });
  ctx.recorded(record);
  if (v.status === 'HIT') ctx.changed({ reason: 'lookup', keys: [hashed.key] });
  return {
    result: {
      artifact: spec.name,
      key: hashed.key,
      status: v.status,
      level: 'local',
      imageId: v.image?.id ?? null,
      tags,
      durationMs,
      reason: v.reason,
      changedInputs: v.changed,
      retagged: v.retagged,
      hashing: hashed.stats,
    },
    hashed,
    entry,
    image: v.image,
    ttlHours,
  };
}
