/**
 * Prune in two steps: `preview()` computes the exact set from the index (see `prune-plan.ts`) and
 * keeps it for a few minutes under an id; `start(id)` deletes exactly that set, by id, as a task:
 * children before parents, a few at a time, each image re-checked against the index right before
 * its delete (never an image a container uses now, or one tagged since), cancellable between
 * images, going on past failures. Never a daemon-side prune (that would take whatever is dangling
 * at that moment, not what the user saw).
 */
import { randomUUID } from 'node:crypto';
import {
  parseUntil,
  type PruneOptions,
  type PrunePreview,
  type PruneReport,
} from '../../../shared/actions.js';
import { HangarError } from '../../../shared/errors.js';
import type { ImageRecord } from '../../../shared/model.js';
import type { TaskItemProgress, TaskOf } from '../../../shared/tasks.js';
import type { DockerClient } from '../engine/docker-client.js';
import { toHangarError } from '../errors.js';
import type { ImageIndex } from '../index/image-index.js';
import type { TaskContext, TaskManager } from '../tasks/task-manager.js';
import { deleteImage, messageOf, statusOf } from './image-delete.js';
import { planPrune, shortId, usedByReason } from './prune-plan.js';
import { diskUsageTurn } from '../engine/disk-usage-turn.js';

export const PRUNE_PREVIEW_TTL_MS = 10 * 60_000;
/** Previews kept at once (a UI may preview on every filter change); the oldest go first. */
export const PRUNE_PREVIEWS_KEPT = 20;

export interface PruneServiceDeps {
  index: ImageIndex;
  tasks: TaskManager;
  client(): DockerClient;
  now?: () => number;
  /** Deletes in flight at once (default 4). */
  concurrency?: number;
}

interface StoredPreview {
  preview: PrunePreview;
  levels: string[][];
}

type Outcome =
  /** `alsoDeleted`: other images the engine deleted along (Podman prunes untagged parents). */
  | { kind: 'deleted'; alsoDeleted: string[] }
  | { kind: 'skipped'; reason: string; containers: string[] }
  | { kind: 'untagged'; tags: string[]; reason: string }
  | { kind: 'failed'; error: string; code: HangarError['code'] };

export class PruneService {
  private readonly previews = new Map<string, StoredPreview>();
  private readonly now: () => number;
  private readonly concurrency: number;

  constructor(private readonly deps: PruneServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.concurrency = Math.max(1, deps.concurrency ?? 4);
  }

  preview(options: PruneOptions): PrunePreview {
    this.expire();
    const createdAt = this.now();
    const untilMs = options.until === undefined ? null : parseUntil(options.until, createdAt);
    if (options.until !== undefined && untilMs === null) {
      throw new HangarError('VALIDATION', `until is not a time: ${options.until}`);
    }
    const plan = planPrune(this.deps.index.all(), options, untilMs);
    const preview: PrunePreview = {
      id: randomUUID(),
      options: { ...options },
      untilSeconds: untilMs === null ? null : Math.floor(untilMs / 1000),
      createdAt,
      expiresAt: createdAt + PRUNE_PREVIEW_TTL_MS,
      images: plan.images,
      reclaimBytes: plan.reclaimBytes,
      reclaimBytesMin: null,
      skipped: plan.skipped,
      indexVersion: this.deps.index.version,
    };
    this.previews.set(preview.id, { preview, levels: plan.levels });
    for (const id of this.previews.keys()) {
      if (this.previews.size <= PRUNE_PREVIEWS_KEPT) break;
      this.previews.delete(id);
    }
    return preview;
  }

  /** Adds a lower bound of the bytes reclaimed, from `/system/df` shared sizes. */
  async measure(previewId: string): Promise<PrunePreview> {
    const stored = this.get(previewId);
    const client = this.deps.client();
    const df = await diskUsageTurn(client, () => client.df());
    const unique = new Map<string, number>();
    for (const i of df.Images ?? []) {
      if (
        typeof i.Id === 'string' &&
        typeof i.Size === 'number' &&
        typeof i.SharedSize === 'number'
      ) {
        unique.set(i.Id, Math.max(0, i.Size - Math.max(0, i.SharedSize)));
      }
    }
    const min = stored.preview.images.reduce((sum, i) => sum + (unique.get(i.id) ?? 0), 0);
    stored.preview = {
      ...stored.preview,
      reclaimBytesMin: Math.min(min, stored.preview.reclaimBytes),
    };
    return stored.preview;
  }

  /** Starts deleting the previewed set; the preview is used up. */
  start(previewId: string): TaskOf<'prune'> {
    const stored = this.get(previewId);
    this.previews.delete(previewId);
    const { preview } = stored;
    const count = preview.images.length;
    const title = `Prune ${count} image${count === 1 ? '' : 's'}`;
    const target = preview.options.mode === 'dangling' ? 'Dangling only' : 'All unused';
    return this.deps.tasks.run('prune', title, target, (ctx) =>
      this.run(stored, ctx),
    ) as TaskOf<'prune'>;
  }

  private get(previewId: string): StoredPreview {
    this.expire();
    const stored = this.previews.get(previewId);
    if (!stored) {
      throw new HangarError(
        'NOT_FOUND',
        'This prune preview has expired or was already used: preview again.',
      );
    }
    return stored;
  }

  private expire(): void {
    const now = this.now();
    for (const [id, s] of this.previews) if (s.preview.expiresAt <= now) this.previews.delete(id);
  }

  private async run(stored: StoredPreview, ctx: TaskContext<PruneReport>): Promise<PruneReport> {
    const { preview, levels } = stored;
    const byId = new Map(preview.images.map((i) => [i.id, i]));
    const report: PruneReport = {
      previewId: preview.id,
      mode: preview.options.mode,
      deleted: [],
      untagged: [],
      skipped: [],
      failed: [],
      reclaimedBytes: 0,
    };
    // A cancelled prune still reports what it already did.
    ctx.keepPartial(report);
    const items = new Map<string, TaskItemProgress>(
      preview.images.map((i) => [
        i.id,
        {
          id: i.id,
          label: i.tags[0] ?? i.digests[0] ?? shortId(i.id),
          status: 'waiting',
          current: 0,
          total: 1,
        },
      ]),
    );
    let done = 0;
    const publish = () =>
      ctx.progress({
        percent:
          preview.images.length === 0 ? 100 : Math.floor((done / preview.images.length) * 100),
        message: `${report.deleted.length} deleted, ${done} of ${preview.images.length} done`,
        items: [...items.values()],
      });
    publish();
    const gone = new Set<string>();
    const deleted = (id: string, bytes: number) => {
      gone.add(id);
      report.deleted.push(id);
      report.reclaimedBytes += bytes;
    };
    for (const level of levels) {
      await eachLimited(level, this.concurrency, ctx.signal, async (id) => {
        const previewed = byId.get(id);
        if (!previewed || gone.has(id)) return;
        const item = items.get(id);
        if (item) items.set(id, { ...item, status: 'deleting' });
        const outcome = await this.deleteOne(
          previewed.id,
          new Set([...previewed.tags, ...previewed.digests]),
          gone,
        );
        done++;
        const tags = previewed.tags;
        switch (outcome.kind) {
          case 'deleted':
            deleted(id, previewed.ownBytes);
            // A previewed parent the engine took along is done too (it is never asked again).
            for (const other of outcome.alsoDeleted) {
              const along = byId.get(other);
              if (!along || gone.has(other)) continue;
              deleted(other, along.ownBytes);
              done++;
              const alongItem = items.get(other);
              if (alongItem) items.set(other, { ...alongItem, status: 'deleted', current: 1 });
            }
            break;
          case 'skipped':
            report.skipped.push({
              id,
              tags,
              reason: outcome.reason,
              containers: outcome.containers,
            });
            break;
          case 'untagged':
            report.untagged.push({ id, tags: outcome.tags, reason: outcome.reason });
            break;
          case 'failed':
            report.failed.push({ id, error: outcome.error, code: outcome.code });
            break;
        }
        if (item) items.set(id, { ...item, status: statusWords(outcome), current: 1 });
        publish();
      });
    }
    ctx.throwIfCancelled();
    return report;
  }

  /** Re-checks one image against the index, then deletes it by its references and id. */
  private async deleteOne(
    id: string,
    previewedRefs: ReadonlySet<string>,
    gone: ReadonlySet<string>,
  ): Promise<Outcome> {
    const index = this.deps.index;
    const now = index.get(id);
    if (!now) return { kind: 'skipped', reason: 'it no longer exists', containers: [] };
    if (now.containers.length > 0) {
      return {
        kind: 'skipped',
        reason: usedByReason(now),
        containers: now.containers.map((c) => c.name),
      };
    }
    const refs = [...now.repoTags, ...now.repoDigests];
    const added = refs.filter((r) => !previewedRefs.has(r));
    if (added.length > 0) {
      return {
        kind: 'skipped',
        reason: `it got a new reference since the preview: ${added.join(', ')}`,
        containers: [],
      };
    }
    const child = index.childrenOf(id).find((c) => !gone.has(c.id));
    if (child) {
      return {
        kind: 'skipped',
        reason: `image ${child.repoTags[0] ?? shortId(child.id)} builds on it and stays`,
        containers: [],
      };
    }
    return this.deleteByRefsThenId(now, refs);
  }

  private async deleteByRefsThenId(image: ImageRecord, refs: string[]): Promise<Outcome> {
    const docker = this.deps.client();
    const untagged = new Set<string>();
    try {
      // Several tags (or digests of several repositories) make a delete by id a conflict, so go
      // reference by reference like the daemon's own prune; the last one takes the image along.
      for (const ref of refs) {
        if (untagged.has(ref)) continue;
        const answer = await deleteImage(docker, ref, { noprune: true });
        for (const u of answer.untagged) untagged.add(u);
        if (answer.deleted.includes(image.id)) return deletedOutcome(image.id, answer.deleted);
      }
      const answer = await deleteImage(docker, image.id, { noprune: true });
      return answer.deleted.includes(image.id)
        ? deletedOutcome(image.id, answer.deleted)
        : { kind: 'failed', error: 'the daemon did not delete it', code: 'INTERNAL' };
    } catch (err) {
      const status = statusOf(err);
      const reason = messageOf(err);
      if (status === 404 && untagged.size === 0) {
        return { kind: 'skipped', reason: 'it no longer exists', containers: [] };
      }
      if (untagged.size > 0) return { kind: 'untagged', tags: [...untagged], reason };
      if (status === 409) return { kind: 'skipped', reason, containers: [] };
      const e = toHangarError(err);
      return { kind: 'failed', error: reason, code: e.code };
    }
  }
}

function deletedOutcome(id: string, deleted: readonly string[]): Outcome {
  return { kind: 'deleted', alsoDeleted: deleted.filter((d) => d !== id) };
}

function statusWords(o: Outcome): string {
  switch (o.kind) {
    case 'deleted':
      return 'deleted';
    case 'skipped':
      return `skipped: ${o.reason}`;
    case 'untagged':
      return `untagged only: ${o.reason}`;
    case 'failed':
      return `failed: ${o.error}`;
  }
}

/** Runs `fn` over `items`, `limit` at a time; stops taking new items once `signal` aborts. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal.aborted) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
