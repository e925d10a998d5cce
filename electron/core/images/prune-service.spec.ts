import { describe, expect, it } from 'vitest';
import type { DockerClient } from '../engine/docker-client.js';
import { ImageIndex } from '../index/image-index.js';
import { TaskManager } from '../tasks/task-manager.js';
import { PRUNE_PREVIEW_TTL_MS, PRUNE_PREVIEWS_KEPT, PruneService } from './prune-service.js';

/** The preview store only: no image goes to the daemon here (the plan is empty or never run). */
function service(images = 0) {
  let now = 1_800_000_000_000;
  const index = new ImageIndex();
  index.replaceAll(
    Array.from({ length: images }, (_, i) => ({
      id: `sha256:${String(i).padStart(64, '0')}`,
      repoTags: [],
      repoDigests: [],
      parentId: null,
      created: 1,
      size: 5,
      labels: {},
    })),
    [],
  );
  index.commit();
  const client = (): DockerClient => {
    throw new Error('no daemon in this test');
  };
  const tasks = new TaskManager();
  const prune = new PruneService({ index, tasks, client, now: () => now });
  return { prune, tasks, advance: (ms: number) => (now += ms) };
}

describe('PruneService previews', () => {
  it('computes a preview with an id, an expiry and the index version', () => {
    const { prune } = service(3);
    const p = prune.preview({ mode: 'dangling', until: '1h' });
    expect(p.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.expiresAt - p.createdAt).toBe(PRUNE_PREVIEW_TTL_MS);
    expect(p.untilSeconds).toBe(1_800_000_000 - 3600);
    expect(p.images.map((i) => i.role)).toEqual(['match', 'match', 'match']);
    expect(p.reclaimBytes).toBe(15);
    expect(prune.preview({ mode: 'dangling', until: '2026-01-01T00:00:00Z' }).images).toHaveLength(
      3,
    );
    expect(prune.preview({ mode: 'dangling', until: '0' }).images).toHaveLength(0);
  });

  it('is used once: a second prune of the same preview is NOT_FOUND', async () => {
    const { prune, tasks } = service(0);
    const p = prune.preview({ mode: 'dangling' });
    const task = prune.start(p.id);
    expect(task).toMatchObject({ kind: 'prune', title: 'Prune 0 images', target: 'Dangling only' });
    const done = await tasks.wait(task.id);
    expect(done.state).toBe('succeeded');
    expect(done.result).toMatchObject({
      previewId: p.id,
      deleted: [],
      failed: [],
      reclaimedBytes: 0,
    });
    expect(() => prune.start(p.id)).toThrow(/expired or was already used/);
  });

  it('expires after its time, and keeps only the latest previews', () => {
    const { prune, advance } = service(0);
    const old = prune.preview({ mode: 'dangling' });
    advance(PRUNE_PREVIEW_TTL_MS);
    expect(() => prune.start(old.id)).toThrow(/expired/);
    const ids = Array.from(
      { length: PRUNE_PREVIEWS_KEPT + 2 },
      () => prune.preview({ mode: 'unused' }).id,
    );
    expect(() => prune.start(ids[0] ?? '')).toThrow(/expired/);
    expect(() => prune.start(ids[1] ?? '')).toThrow(/expired/);
    expect(prune.start(ids[2] ?? '').kind).toBe('prune');
  });

  it('refuses an until that is not a time', () => {
    const { prune } = service(0);
    expect(() => prune.preview({ mode: 'dangling', until: 'yesterday-ish' })).toThrow(
      /until is not a time/,
    );
  });
});

describe('PruneService on an engine that deletes untagged parents along (Podman)', () => {
  it('counts a previewed parent the engine took with its child as deleted, not as gone missing', async () => {
    const hex = (c: string) => c.repeat(64);
    const index = new ImageIndex();
    const base = { repoDigests: [], created: 1, size: 5, labels: {} };
    index.replaceAll(
      [
        { ...base, id: `sha256:${hex('a')}`, repoTags: [], parentId: null },
        { ...base, id: `sha256:${hex('b')}`, repoTags: [], parentId: `sha256:${hex('a')}` },
      ],
      [],
    );
    index.commit();
    const asked: string[] = [];
    // Podman: ids as bare hex, and `noprune` ignored: the child's delete takes its parent along.
    const client = () => ({
      getImage: (name: string) => ({
        remove: async () => {
          asked.push(name);
          if (name !== `sha256:${hex('b')}`)
            throw Object.assign(new Error('gone'), { statusCode: 404 });
          index.dropImage(`sha256:${hex('b')}`);
          index.dropImage(`sha256:${hex('a')}`);
          index.commit();
          return [{ Deleted: hex('b') }, { Deleted: hex('a') }];
        },
      }),
    });
    const tasks = new TaskManager();
    // Only the delete is faked: a client with just getImage(name).remove().
    const prune = new PruneService({
      index,
      tasks,
      client: client as unknown as () => DockerClient,
    });
    const preview = prune.preview({ mode: 'dangling' });
    expect(preview.images.map((i) => [i.id, i.role])).toEqual([
      [`sha256:${hex('b')}`, 'match'],
      [`sha256:${hex('a')}`, 'parent'],
    ]);
    const done = await tasks.wait(prune.start(preview.id).id);
    expect(done.state).toBe('succeeded');
    expect(done.result).toMatchObject({
      deleted: [`sha256:${hex('b')}`, `sha256:${hex('a')}`],
      skipped: [],
      failed: [],
      reclaimedBytes: preview.reclaimBytes,
    });
    expect(asked).toEqual([`sha256:${hex('b')}`]);
    expect(done.progress.items.map((i) => i.status)).toEqual(['deleted', 'deleted']);
  });
});
