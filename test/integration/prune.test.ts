/**
 * Prune against a real private dockerd and a real private Podman service, each with its own CLI as
 * the oracle: the preview equals what the CLI shows (dangling minus in use; the unused set), the
 * prune deletes exactly the previewed set and nothing else, new dangling images made between
 * preview and prune survive, an image a container started using meanwhile is skipped, and
 * afterwards the engine's own prune finds nothing we missed (on Podman, whose `prune -a` also
 * deletes the ancestors of an image in use, exactly those).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrunePreview } from '../../shared/actions.js';
import type { TaskInfo } from '../../shared/tasks.js';
import { createCore, type Core } from '../../electron/core/core.js';
import { request } from '../../electron/cli/core-client.js';
import { startPrivateDaemon } from '../harness/daemon.js';
import type { EngineKind, OwnEngine } from '../harness/engine-handle.js';
import { buildScratchImage, busyboxImage, seedImages } from '../harness/image-tar.js';
import { startPodmanService } from '../harness/podman.js';
import { eventually, withAlgorithm } from '../support/oracle.js';
import { runHangar } from '../support/hangar-cli.js';

const DAY_MS = 86_400_000;

/** `node bin/hangar.mjs …` with stdin a pipe (not a terminal), as in CI. */
const hangar = (args: string[]) => runHangar(args);

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

const ENGINES: Array<{ kind: EngineKind; start: () => Promise<OwnEngine> }> = [
  { kind: 'docker', start: () => startPrivateDaemon({ name: 'prune' }) },
  { kind: 'podman', start: () => startPodmanService({ name: 'prune' }) },
];

describe.each(ENGINES)('prune on $kind', ({ kind, start }) => {
  let daemon: OwnEngine;
  let core: Core;
  /** A plain dangling image (no parent, no child) to put a container on mid-way. */
  let plain = '';
  const cli = async (args: string[]) => lines((await daemon.cli(args)).stdout);

  /** Every image id, intermediates included. */
  const allIds = async () => new Set(await cli(['images', '-a', '-q', '--no-trunc']));
  /** Image ids used by any container (any state), from `docker inspect`. */
  async function inUseIds(): Promise<Set<string>> {
    const ids = await cli(['ps', '-aq', '--no-trunc']);
    if (ids.length === 0) return new Set();
    // Podman's CLI prints the ids of inspect as bare hex.
    return new Set((await cli(['inspect', '--format', '{{.Image}}', ...ids])).map(withAlgorithm));
  }
  async function parentOf(id: string): Promise<string> {
    return withAlgorithm((await cli(['inspect', '--format', '{{.Parent}}', id]))[0] ?? '');
  }
  /** Waits until the index has seen every image and container the CLI shows. */
  async function indexCaughtUp(): Promise<void> {
    const [ids, used] = await Promise.all([allIds(), inUseIds()]);
    const snap = await eventually(
      () => request(core, 'images:snapshot'),
      (s) =>
        s.images.length === ids.size &&
        s.images.every((r) => ids.has(r.id)) &&
        [...used].every((u) => (s.images.find((r) => r.id === u)?.containers.length ?? 0) > 0),
      10_000,
    );
    expect(snap.images.map((r) => r.id).sort()).toEqual([...ids].sort());
  }
  async function finished(id: string): Promise<TaskInfo> {
    return eventually(
      () => request(core, 'tasks:get', id),
      (t) => t.state !== 'running',
      60_000,
    );
  }
  /** The image ids the engine's own `image prune -f` says it deleted (Podman: one bare id a line). */
  const prunedBy = (output: string[]) =>
    kind === 'docker'
      ? output.filter((l) => l.startsWith('deleted: ')).map((l) => l.slice('deleted: '.length))
      : output.filter((l) => /^[0-9a-f]{64}$/.test(l)).map(withAlgorithm);
  const matchIds = (p: PrunePreview) =>
    p.images
      .filter((i) => i.role === 'match')
      .map((i) => i.id)
      .sort();

  beforeAll(async () => {
    daemon = await start();
    await busyboxImage(daemon, 'busybox:prune');
    // Plain dangling images, some old, one labelled to keep.
    const seeded = await seedImages(daemon, [
      { tags: [] },
      { tags: [] },
      { tags: [], created: new Date(Date.now() - 10 * DAY_MS) },
      { tags: [], labels: { keep: 'yes' } },
      { tags: ['tagged/a:1'] },
      { tags: ['tagged/b:1', 'tagged/b:2'] },
      { tags: ['moved/stopped:1'] },
    ]);
    plain = seeded[3]?.id ?? '';
    // A dangling image used by a running container, one used by a stopped container.
    await buildScratchImage(daemon, {
      tag: 'moved/running:1',
      dockerfile: 'FROM busybox:prune\nLABEL run=1\n',
      files: {},
    });
    await daemon.cli([
      'run',
      '-d',
      '--name',
      'web-1',
      '--network',
      'none',
      'moved/running:1',
      '/bin/busybox',
      'sleep',
      '600',
    ]);
    await daemon.cli(['create', '--name', 'old-1', '--network', 'none', 'moved/stopped:1']);
    await daemon.cli(['tag', 'busybox:prune', 'moved/running:1']);
    await daemon.cli(['tag', 'tagged/a:1', 'moved/stopped:1']);
    // Parent/child chains from the classic builder: a rebuild leaves the old top dangling; its
    // parents go with it only where no other image builds on them.
    const files = (b: string) => ({ a: 'a\n', b, c: `c-${b}` });
    const chain = 'FROM scratch\nCOPY a /a\nCOPY b /b\nCOPY c /c\n';
    await buildScratchImage(daemon, { tag: 'chain:1', dockerfile: chain, files: files('1\n') });
    await buildScratchImage(daemon, { tag: 'chain:1', dockerfile: chain, files: files('2\n') });
    const solo = 'FROM scratch\nCOPY d /d\nCOPY e /e\nCOPY f /f\n';
    await buildScratchImage(daemon, {
      tag: 'solo:1',
      dockerfile: solo,
      files: { d: 'd\n', e: 'e\n', f: 'f\n' },
    });
    await buildScratchImage(daemon, { tag: 'solo:1', files: { other: 'x\n' } });
    core = await createCore({ host: daemon.host });
    await core.ready();
    await indexCaughtUp();
  });

  afterAll(async () => {
    await core?.close();
    await daemon?.destroy();
  });

  it('dangling: previews what the CLI shows, deletes exactly that, spares newcomers', async () => {
    const before = await allIds();
    const used = await inUseIds();
    const dangling = await cli(['images', '-q', '--no-trunc', '-f', 'dangling=true']);
    const preview = await request(core, 'images:prunePreview', { mode: 'dangling' });

    // The matches are the CLI's dangling images minus those in use, and those in use are skipped
    // with their container named.
    expect(matchIds(preview)).toEqual(dangling.filter((id) => !used.has(id)).sort());
    const skipped = Object.fromEntries(preview.skipped.map((s) => [s.id, s.reason]));
    const inUseDangling = dangling.filter((id) => used.has(id));
    expect(inUseDangling).toHaveLength(2);
    expect(Object.keys(skipped).sort()).toEqual(inUseDangling.sort());
    expect(Object.values(skipped).sort()).toEqual([
      'used by container old-1 (created)',
      'used by container web-1 (running)',
    ]);
    // Parents: untagged, in the CLI's full list, each the parent of something that goes.
    const parents = preview.images.filter((i) => i.role === 'parent');
    expect(parents.length).toBeGreaterThanOrEqual(2); // the solo chain
    const going = new Set(preview.images.map((i) => i.id));
    for (const p of parents) {
      expect(before.has(p.id)).toBe(true);
      expect(p.tags).toEqual([]);
    }
    // Children come before their parents.
    const order = preview.images.map((i) => i.id);
    for (const id of order) {
      const parent = await parentOf(id);
      if (going.has(parent)) expect(order.indexOf(parent)).toBeGreaterThan(order.indexOf(id));
    }
    expect(preview.reclaimBytes).toBe(preview.images.reduce((s, i) => s + i.ownBytes, 0));

    // Between preview and prune: a new dangling image, and a container on a previewed one.
    const [fresh] = await seedImages(daemon, [{ tags: [] }]);
    const target = preview.images.find((i) => i.id === plain);
    if (!fresh || !target) throw new Error('setup');
    await daemon.cli(['create', '--name', 'late-1', '--network', 'none', target.id]);
    await indexCaughtUp();

    const task = await request(core, 'images:prune', preview.id);
    expect(task).toMatchObject({ kind: 'prune', state: 'running', target: 'Dangling only' });
    const done = await finished(task.id);
    expect(done.state).toBe('succeeded');
    if (done.kind !== 'prune' || !done.result) throw new Error('no report');
    const report = done.result;
    expect(report.failed).toEqual([]);
    expect(report.untagged).toEqual([]);
    expect(report.skipped.map((s) => [s.id, s.reason])).toEqual([
      [target.id, 'used by container late-1 (created)'],
    ]);
    expect(report.deleted.sort()).toEqual([...going].filter((id) => id !== target.id).sort());
    expect(report.reclaimedBytes).toBe(preview.reclaimBytes - target.ownBytes);
    expect(done.progress.items).toHaveLength(preview.images.length);
    expect(done.progress.percent).toBe(100);

    // Exactly that set is gone; the newcomer and the now-used image are still there.
    const after = await allIds();
    const expected = new Set([...before].filter((id) => !report.deleted.includes(id)));
    expected.add(fresh.id);
    expect([...after].sort()).toEqual([...expected].sort());

    // Docker's own prune now finds only the newcomer: nothing it would delete was missed.
    const own = await cli(['image', 'prune', '-f']);
    const deletedByDocker = prunedBy(own).filter((id) => after.has(id));
    expect(deletedByDocker).toEqual([fresh.id]);
    await daemon.cli(['rm', 'late-1']);
  });

  it('a preview is measured on request, and used once', async () => {
    const preview = await request(core, 'images:prunePreview', { mode: 'dangling' });
    expect(preview.reclaimBytesMin).toBeNull();
    const measured = await request(core, 'images:pruneMeasure', preview.id);
    expect(measured.id).toBe(preview.id);
    expect(measured.reclaimBytesMin).toEqual(expect.any(Number));
    expect(measured.reclaimBytesMin).toBeLessThanOrEqual(preview.reclaimBytes);
    const task = await request(core, 'images:prune', preview.id);
    await finished(task.id);
    await expect(request(core, 'images:prune', preview.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('until and labels pick the images docker would', async () => {
    await seedImages(daemon, [
      { tags: [], created: new Date(Date.now() - 10 * DAY_MS), labels: { team: 'a' } },
      { tags: [], labels: { team: 'a' } },
      { tags: [], created: new Date(Date.now() - 10 * DAY_MS), labels: { team: 'b' } },
    ]);
    await indexCaughtUp();
    const old = await request(core, 'images:prunePreview', {
      mode: 'dangling',
      until: '7d',
      labels: ['team'],
      notLabels: ['team=b'],
    });
    const oracle = await cli([
      'images',
      '-q',
      '--no-trunc',
      '-f',
      'dangling=true',
      '-f',
      'label=team=a',
    ]);
    const oldOnes = [];
    for (const id of oracle) {
      const created = Date.parse((await cli(['inspect', '--format', '{{.Created}}', id]))[0] ?? '');
      if (created < Date.now() - 7 * DAY_MS) oldOnes.push(id);
    }
    expect(matchIds(old)).toEqual(oldOnes.sort());
    expect(oldOnes).toHaveLength(1);
    await expect(
      request(core, 'images:prunePreview', { mode: 'dangling', until: 'last tuesday' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('all unused: the unused set, tagged images too; an ancestor of an image in use stays', async () => {
    const used = await inUseIds();
    const top = new Set(await cli(['images', '-q', '--no-trunc'])); // not intermediate
    const ancestors = new Set<string>();
    for (const id of used) {
      for (let p = await parentOf(id); p; p = await parentOf(p)) ancestors.add(p);
    }
    const expected = [...top].filter((id) => !used.has(id) && !ancestors.has(id)).sort();
    const before = await allIds();

    const preview = await request(core, 'images:prunePreview', { mode: 'unused' });
    expect(matchIds(preview)).toEqual(expected);
    const base = (await cli(['images', '-q', '--no-trunc', 'busybox:prune']))[0] ?? '';
    expect(preview.skipped.find((s) => s.id === base)?.reason).toMatch(
      /^image .* builds on it and stays: used by container web-1 \(running\)$/,
    );

    const task = await request(core, 'images:prune', preview.id);
    const done = await finished(task.id);
    if (done.kind !== 'prune' || !done.result) throw new Error('no report');
    expect(done.result.failed).toEqual([]);
    expect(done.result.skipped).toEqual([]);
    expect(done.result.deleted.sort()).toEqual(preview.images.map((i) => i.id).sort());
    const after = await allIds();
    expect([...after].sort()).toEqual(
      [...before].filter((id) => !done.result?.deleted.includes(id)).sort(),
    );
    // Docker's own `prune -a` deletes nothing more (it would only strip the base's tag). Podman's
    // deletes the ancestors of the image in use too, which Hangar keeps: on Podman an image is no
    // parent record but shares layers, so deleting an ancestor leaves the container its layers.
    const own = await cli(['image', 'prune', '-a', '-f']);
    expect(prunedBy(own).sort()).toEqual(kind === 'docker' ? [] : [...ancestors].sort());
  });

  it('the CLI: --dry-run prints the preview, no --yes without a terminal refuses, --yes prunes', async () => {
    const seeded = await seedImages(daemon, [
      { tags: [] },
      { tags: [] },
      { tags: [], labels: { x: '1' } },
    ]);
    await indexCaughtUp();
    const before = await allIds();
    const host = ['--host', daemon.host];
    const dry = await hangar(['prune', '--dry-run', '--json', '--filter', 'label!=x', ...host]);
    expect(dry.code).toBe(0);
    const preview = JSON.parse(dry.stdout) as Record<string, unknown>;
    expect(Object.keys(preview)).toEqual(['mode', 'images', 'reclaimBytes', 'skipped']);
    const images = preview.images as Array<{ id: string }>;
    expect(preview.mode).toBe('dangling');
    expect(images.map((i) => i.id).sort()).toEqual(
      seeded
        .slice(0, 2)
        .map((i) => i.id)
        .sort(),
    );
    expect(Object.keys(images[0] ?? {})).toEqual(['id', 'tags', 'size']);
    expect(preview.skipped).toEqual(
      expect.arrayContaining([
        { id: expect.any(String), reason: expect.stringMatching(/^used by/) },
      ]),
    );

    const refused = await hangar(['prune', ...host]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^hangar: refusing to delete 3 images \(up to .*\) without --yes: stdin is not a terminal/,
    );
    expect(await allIds()).toEqual(before);

    const bad = await hangar(['prune', '--until', 'soon', ...host]);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toMatch(/^hangar: --until 'soon' is not a time\./);

    const run = await hangar(['prune', '--yes', '--json', '--filter', 'label!=x', ...host]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual([
      'deleted',
      'untagged',
      'skipped',
      'failed',
      'reclaimedBytes',
    ]);
    expect((report.deleted as string[]).sort()).toEqual(images.map((i) => i.id).sort());
    expect(run.stderr).toContain('deleted');
    const after = await allIds();
    expect([...after].sort()).toEqual(
      [...before].filter((id) => !images.some((i) => i.id === id)).sort(),
    );
    expect(after.has(seeded[2]?.id ?? '')).toBe(true);
  });

  it('cancel stops between images; what is left is intact', async () => {
    await seedImages(
      daemon,
      Array.from({ length: 40 }, () => ({ tags: [], labels: { batch: 'cancel' } })),
    );
    await indexCaughtUp();
    const preview = await request(core, 'images:prunePreview', {
      mode: 'dangling',
      labels: ['batch=cancel'],
    });
    expect(preview.images.length).toBe(40);
    const task = await request(core, 'images:prune', preview.id);
    await request(core, 'tasks:cancel', task.id);
    const done = await finished(task.id);
    expect(done.state).toBe('cancelled');
    const left = await allIds();
    const remaining = preview.images.filter((i) => left.has(i.id)).length;
    const deletedItems = done.progress.items.filter((i) => i.status === 'deleted').length;
    expect(remaining).toBeGreaterThanOrEqual(30);
    expect(40 - remaining).toBe(deletedItems);
    // The cancelled task still reports exactly what it deleted.
    expect(done.kind === 'prune' && done.result?.deleted.length).toBe(deletedItems);
  });
});
