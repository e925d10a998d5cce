/**
 * Applies evictions: entries judged against the index (zero daemon calls to plan), then for each
 * evicted entry its image removed when asked and allowed (Hangar's own tags untagged one by one,
 * never forced, so an image a container uses or someone else's tag keeps is never deleted), and
 * the entry dropped.
 */
import type {
  EvictAction,
  EvictOptions,
  EvictReport,
  PolicyOptions,
  PolicyReport,
} from '../../../shared/artifacts.js';
import { HangarError } from '../../../shared/errors.js';
import type { DockerClient } from '../engine/docker-client.js';
import type { EngineSource } from '../engine/engine-source.js';
import { toHangarError } from '../errors.js';
import type { ImageIndex } from '../index/image-index.js';
import type { EntryRow } from '../store/cache-repo.js';
import type { HangarStore } from '../store/store.js';
import type { ImageSource } from './image-facts.js';
import { cacheSize, decideImages, planPolicy, type PolicyEntry } from './policy.js';

/** The tags an entry owns on its image: `artifact:key` and the tags Hangar put there. */
function ownedTags(row: EntryRow): string[] {
  return row.source === 'hangar' ? [...new Set([`${row.artifact}:${row.key}`, ...row.tags])] : [];
}

/** Entries as the policy sees them, judged by the index. */
export function policyEntries(
  index: ImageIndex,
  store: HangarStore,
  rows: readonly EntryRow[],
  defaultTtl: number | null,
): PolicyEntry[] {
  const overrides = store.artifacts.ttlOverrides();
  const ownedByImage = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!r.imageId) continue;
    const set = ownedByImage.get(r.imageId) ?? new Set<string>();
    for (const t of ownedTags(r)) set.add(t);
    ownedByImage.set(r.imageId, set);
  }
  return rows.map((r) => {
    const image = r.imageId ? index.get(r.imageId) : undefined;
    const owned = (r.imageId && ownedByImage.get(r.imageId)) || new Set<string>();
    return {
      key: r.key,
      artifact: r.artifact,
      imageId: r.imageId,
      size: image?.size ?? r.size,
      createdAt: image ? image.created * 1000 : r.createdAt,
      storedAt: r.storedAt,
      lastHitAt: r.lastHitAt,
      pinned: r.pinned,
      present: image !== undefined,
      ttlHours: overrides.get(r.artifact) ?? defaultTtl,
      inUseBy: image ? image.containers.map((c) => c.name) : [],
      foreignTags: image ? image.repoTags.filter((t) => !owned.has(t)) : [],
    };
  });
}

async function removeImage(docker: DockerClient, index: ImageIndex, row: EntryRow): Promise<void> {
  const image = row.imageId ? index.get(row.imageId) : undefined;
  const tags = ownedTags(row).filter((t) => image?.repoTags.includes(t) ?? true);
  // Untag Hangar's names one by one: the last one deletes the image (and its build parents).
  for (const tag of tags) {
    try {
      await docker.getImage(tag).remove();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
  }
  if (tags.length === 0 && row.imageId) await docker.getImage(row.imageId).remove();
}

/** Removes images as decided, then drops the entries; reports per entry, past failures. */
export async function applyActions(
  images: ImageSource,
  store: HangarStore,
  actions: EvictAction[],
  rows: ReadonlyMap<string, EntryRow>,
): Promise<EvictAction[]> {
  const done: EvictAction[] = [];
  for (const a of actions) {
    const row = rows.get(a.key);
    if (!row) continue;
    let imageError: string | null = null;
    if (a.image === 'remove') {
      try {
        await removeImage(images.engine.client(), images.index.index, row);
      } catch (err) {
        imageError = `the image was kept: ${toHangarError(err).message}`;
      }
    }
    try {
      store.entries.delete([a.key]);
      done.push({
        ...a,
        outcome: a.image === 'remove' && imageError === null ? 'evicted+image-removed' : 'evicted',
        error: imageError,
      });
    } catch (err) {
      done.push({ ...a, outcome: 'failed', error: toHangarError(err).message });
    }
  }
  return done;
}

function requireLiveIndex(engine: EngineSource): void {
  const s = engine.status();
  if (s.state !== 'reachable') {
    throw new HangarError(
      'ENGINE_UNREACHABLE',
      `The cache policy needs the engine to tell which images exist: ${s.state === 'unreachable' ? s.reason : 'still connecting'}.`,
    );
  }
}

/** Resolves keys or unique key prefixes to entries. */
export function resolveKeys(
  store: HangarStore,
  keys: readonly string[],
): { rows: EntryRow[]; notFound: string[] } {
  const rows = new Map<string, EntryRow>();
  const notFound: string[] = [];
  for (const k of keys) {
    const exact = store.entries.get(k);
    const matches = exact ? [exact] : store.entries.byPrefix(k);
    if (matches.length === 0) notFound.push(k);
    else if (matches.length > 1) {
      throw new HangarError(
        'VALIDATION',
        `The key prefix ${k} matches ${matches.length} entries; give more of the key.`,
      );
    } else if (matches[0]) rows.set(matches[0].key, matches[0]);
  }
  return { rows: [...rows.values()], notFound };
}

/** Evicts the entries named; their images too when asked and allowed. Changes nothing else. */
export async function evictEntries(
  images: ImageSource,
  store: HangarStore,
  options: EvictOptions,
): Promise<EvictReport> {
  const { rows, notFound } = resolveKeys(store, options.keys);
  if (options.removeImages) requireLiveIndex(images.engine);
  const all = store.entries.all();
  const entries = policyEntries(images.index.index, store, all, store.settings.cache().ttlHours);
  const chosen = new Set(rows.map((r) => r.key));
  const { actions } = decideImages(
    entries
      .filter((e) => chosen.has(e.key))
      .map((entry) => ({ entry, reason: 'requested' as const })),
    entries.filter((e) => !chosen.has(e.key)),
    options.removeImages,
  );
  const byKey = new Map(all.map((r) => [r.key, r]));
  return { actions: await applyActions(images, store, actions, byKey), notFound };
}

/** File digests not needed for this long are forgotten when the policy runs. */
export const MEMO_RETENTION_MS = 30 * 24 * 3_600_000;

export async function enforcePolicy(
  images: ImageSource,
  store: HangarStore,
  options: PolicyOptions,
  now: number,
): Promise<PolicyReport> {
  requireLiveIndex(images.engine);
  if (!options.preview) store.fileHashes.forgetOlderThan(now - MEMO_RETENTION_MS);
  const settings = store.settings.cache();
  const maxSizeBytes = options.maxSizeBytes ?? settings.maxSizeBytes;
  const ttlHours = options.ttlHours ?? settings.ttlHours;
  // skaffold's entries are shown, not managed: evict them by key if they must go.
  const all = store.entries.all().filter((r) => r.source === 'hangar');
  const entries = policyEntries(images.index.index, store, all, ttlHours);
  let plan = planPolicy(entries, {
    maxSizeBytes,
    removeImages: options.removeImages,
    now,
  });
  if (options.onlyKeys) {
    const only = new Set(options.onlyKeys);
    const chosen = plan.actions.filter((a) => only.has(a.key));
    const chosenKeys = new Set(chosen.map((a) => a.key));
    const remaining = entries.filter((e) => !chosenKeys.has(e.key));
    const byKey = new Map(entries.map((e) => [e.key, e]));
    const decided = decideImages(
      chosen.flatMap((a) => {
        const entry = byKey.get(a.key);
        return entry ? [{ entry, reason: a.reason }] : [];
      }),
      remaining,
      options.removeImages,
    );
    plan = { ...plan, ...decided, sizeAfter: cacheSize(remaining) };
  }
  const report: PolicyReport = {
    preview: options.preview,
    maxSizeBytes,
    ttlHours,
    actions: plan.actions,
    skipped: plan.skipped,
    sizeBefore: plan.sizeBefore,
    sizeAfter: plan.sizeAfter,
    reclaimedBytes: plan.reclaimedBytes,
  };
  if (options.preview) return report;
  const rows = new Map(all.map((r) => [r.key, r]));
  const actions = await applyActions(images, store, plan.actions, rows);
  const removedOk = new Set(
    actions.filter((a) => a.outcome === 'evicted+image-removed').map((a) => a.key),
  );
  return {
    ...report,
    actions,
    reclaimedBytes: actions.filter((a) => removedOk.has(a.key)).reduce((n, a) => n + a.size, 0),
  };
}
