/**
 * Prune's promises between the preview and the deletes, against the shared private daemon with
 * the docker CLI as the oracle: an image that got a new tag after the preview is skipped and kept;
 * one image the daemon fails to delete does not stop the prune, the others go, and `hangar prune`
 * then exits 1 with the failure in its report.
 */
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../shared/tasks.js';
import { request } from '../../electron/cli/core-client.js';
import { createCore, type Core } from '../../electron/core/core.js';
import { seedImages } from '../harness/image-tar.js';
import { sharedDaemon } from '../harness/shared.js';
import { runHangar } from '../support/hangar-cli.js';
import { eventually } from '../support/oracle.js';

describe('prune re-checks each image and goes on past a failure', () => {
  const daemon = sharedDaemon();
  let core: Core;

  const imageIds = async () =>
    new Set(
      (await daemon.docker(['images', '-a', '-q', '--no-trunc'])).stdout
        .split('\n')
        .filter(Boolean),
    );
  async function finished(id: string): Promise<TaskInfo> {
    return eventually(
      () => request(core, 'tasks:get', id),
      (t) => t.state !== 'running',
      60_000,
    );
  }
  /** Waits until the index shows `id` with exactly these tags. */
  async function indexed(id: string, tags: string[]): Promise<void> {
    const snap = await eventually(
      () => request(core, 'images:snapshot'),
      (s) => s.images.some((r) => r.id === id && r.repoTags.join() === tags.join()),
      10_000,
    );
    expect(snap.images.find((r) => r.id === id)?.repoTags).toEqual(tags);
  }

  beforeAll(async () => {
    core = await createCore({ host: daemon.host });
    await core.ready();
  });
  afterAll(async () => {
    await core?.close();
  });

  it('skips and keeps an image that got a new tag after the preview', async () => {
    const batch = `retag-${randomUUID()}`;
    const [late, plain] = await seedImages(daemon, [
      { tags: [], labels: { batch } },
      { tags: [], labels: { batch } },
    ]);
    if (!late || !plain) throw new Error('setup');
    await indexed(late.id, []);
    await indexed(plain.id, []);
    const preview = await request(core, 'images:prunePreview', {
      mode: 'dangling',
      labels: [`batch=${batch}`],
    });
    expect(preview.images.map((i) => i.id).sort()).toEqual([late.id, plain.id].sort());

    await daemon.docker(['tag', late.id, 'hangar-recheck/late:1']);
    await indexed(late.id, ['hangar-recheck/late:1']);
    const task = await request(core, 'images:prune', preview.id);
    const done = await finished(task.id);
    if (done.kind !== 'prune' || !done.result) throw new Error('no report');
    expect(done.result.deleted).toEqual([plain.id]);
    expect(done.result.failed).toEqual([]);
    expect(done.result.skipped.map((s) => [s.id, s.reason])).toEqual([
      [late.id, 'it got a new reference since the preview: hangar-recheck/late:1'],
    ]);
    const after = await imageIds();
    expect(after.has(late.id)).toBe(true);
    expect(after.has(plain.id)).toBe(false);
    await daemon.docker(['rmi', 'hangar-recheck/late:1']);
  });

  it('one image the daemon fails to delete does not stop the prune; the CLI exits 1', async () => {
    const batch = `fail-${randomUUID()}`;
    const seeded = await seedImages(
      daemon,
      Array.from({ length: 6 }, () => ({ tags: [], labels: { batch } })),
    );
    // Deletes go in id order, a few at a time: the first one fails, the five after it go on.
    const [victim] = [...seeded].sort((a, b) => a.id.localeCompare(b.id));
    if (!victim) throw new Error('setup');
    // The daemon fails to delete the victim's layer (vfs storage): a file in the layer's folder
    // is made immutable, so removing the folder fails with "operation not permitted".
    const root = path.join(daemon.dir, 'root');
    const diffId = (
      await daemon.docker(['inspect', '--format', '{{index .RootFS.Layers 0}}', victim.id])
    ).stdout.trim();
    const cacheId = readFileSync(
      path.join(root, 'image', 'vfs', 'layerdb', 'sha256', diffId.slice(7), 'cache-id'),
      'utf8',
    ).trim();
    const pin = path.join(root, 'vfs', 'dir', cacheId, '.hangar-pin');
    writeFileSync(pin, '');
    execFileSync('chattr', ['+i', pin]);
    try {
      const before = await imageIds();
      const run = await runHangar([
        'prune',
        '--yes',
        '--json',
        '--filter',
        `label=batch=${batch}`,
        '--host',
        daemon.host,
      ]);
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as {
        deleted: string[];
        failed: Array<{ id: string; error: string }>;
      };
      const others = seeded.filter((s) => s !== victim).map((s) => s.id);
      expect(report.deleted.sort()).toEqual(others.sort());
      expect(report.failed).toEqual([
        { id: victim.id, error: expect.stringMatching(/operation not permitted/) },
      ]);
      expect(run.stderr).toContain(`failed: `);
      // Only the batch is gone. The daemon drops the victim's image record before it fails on
      // its layer, so the victim is not listed any more either, although its delete failed.
      const after = await imageIds();
      expect([...before].filter((id) => !after.has(id)).sort()).toEqual(
        seeded.map((s) => s.id).sort(),
      );
    } finally {
      execFileSync('chattr', ['-i', pin]);
    }
  });
});
