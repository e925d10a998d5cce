/**
 * Builds through Hangar on the real engines: BuildKit on the shared dockerd (a Dockerfile the
 * classic builder refuses, records with their steps, where the cache broke after a file edit and
 * after a build-arg change, nocache after HIT_TOO_OLD, a failing RUN, a cancel), the classic
 * builder's record from its stream, and Buildah on the shared Podman service. No mocks: the core
 * is the one `createCore` builds, the engines' CLIs are the oracle for images.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactSpec, type ArtifactSpec } from '../../shared/artifacts.js';
import { NO_HISTORY_FILTERS } from '../../shared/history.js';
import { request } from '../../electron/cli/core-client.js';
import { createCore, type Core } from '../../electron/core/core.js';
import type { EngineHandle } from '../harness/engine-handle.js';
import { busyboxImage } from '../harness/image-tar.js';
import { sharedDaemon, sharedPodman } from '../harness/shared.js';
import { build, built, waitTask, workspace } from '../support/builds.js';

async function openCore(engine: EngineHandle, home: string): Promise<Core> {
  const core = await createCore({ host: engine.host, env: { HANGAR_HOME: home }, origin: 'cli' });
  await core.ready();
  return core;
}

const CACHE_DOCKERFILE = [
  'FROM builds/busybox:1',
  'RUN --mount=type=cache,target=/cache ["/bin/busybox", "sh", "-c", "echo warm >> /cache/runs; /bin/busybox mkdir -p /app"]',
  'ARG FLAVOUR=plain',
  'RUN ["/bin/busybox", "sh", "-c", "echo $FLAVOUR > /app/flavour"]',
  'COPY src/ /app/src',
  '',
].join('\n');

describe('builds through BuildKit (shared dockerd)', () => {
  const daemon = sharedDaemon();
  let home: string;
  let work: string;
  let core: Core;
  let spec: ArtifactSpec;
  const name = `builds/bk-${process.pid}`;

  beforeAll(async () => {
    await busyboxImage(daemon, 'builds/busybox:1');
    home = mkdtempSync(path.join(tmpdir(), 'hangar-builds-home-'));
    work = workspace({
      Dockerfile: CACHE_DOCKERFILE,
      'src/a.txt': 'a1\n',
      'src/b.txt': 'b1\n',
    });
    core = await openCore(daemon, home);
    spec = artifactSpec({ name, context: work, tags: [`${name}:dev`] });
  });
  afterAll(async () => {
    await core?.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('builds RUN --mount=type=cache with BuildKit, the image runs, and the classic builder refuses it', async () => {
    const first = await built(core, spec, { network: 'none' });
    expect(first).toMatchObject({ status: 'MISS', built: true, builder: 'buildkit' });
    expect(first.buildId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.totalSteps).toBe(4);
    expect(first.steps.some((s) => !s.dockerfile && s.name === 'exporting to image')).toBe(true);
    expect(first.cacheBrokeAt).toBeNull(); // the first build has nothing to compare with
    const ran = await daemon.docker([
      'run',
      '--rm',
      '--network',
      'none',
      `${name}:dev`,
      '/bin/busybox',
      'cat',
      '/app/flavour',
      '/app/src/a.txt',
    ]);
    expect(ran.stdout).toBe('plain\na1\n');
    const record = await request(core, 'builds:get', first.buildRecordId!);
    expect(record).toMatchObject({ artifact: name, builder: 'buildkit', outcome: 'built' });
    expect(record.imageId).toBe(first.imageId);

    const classic = await build(core, artifactSpec({ name: `${name}-classic`, context: work }), {
      builder: 'classic',
    });
    expect(classic.task.state).toBe('failed');
    expect(classic.task.error?.message).toMatch(/--mount|BuildKit/i);
  });

  it('a second build is a HIT and records no build', async () => {
    const before = await request(core, 'builds:list', { artifact: name });
    const again = await built(core, spec);
    expect(again).toMatchObject({ status: 'HIT', built: false, builder: null, steps: [] });
    expect(await request(core, 'builds:list', { artifact: name })).toHaveLength(before.length);
  });

  it('after a source edit, the record says the COPY step broke the cache and names the file', async () => {
    writeFileSync(path.join(work, 'src/a.txt'), 'a2\n');
    const o = await built(core, spec);
    expect(o.status).toBe('MISS');
    const own = o.steps.filter((s) => s.dockerfile);
    expect(own.map((s) => [s.name.replace(/^\[stage-0 /, '['), s.cached])).toEqual([
      ['[1/4] FROM docker.io/builds/busybox:1', false],
      [expect.stringMatching(/^\[2\/4\] RUN --mount=type=cache/), true],
      [expect.stringMatching(/^\[3\/4\] RUN /), true],
      ['[4/4] COPY src/ /app/src', false],
    ]);
    expect(o.cachedSteps).toBe(2);
    expect(o.cacheBrokeAt).toBe(
      'cache broke at [stage-0 4/4] COPY src/ /app/src — src/a.txt changed',
    );
    const listed = await request(core, 'builds:list', { artifact: name });
    expect(listed[0]).toMatchObject({ id: o.buildRecordId, cacheBrokeAt: o.cacheBrokeAt });
  });

  it('a build-arg change names the arg', async () => {
    const o = await built(core, { ...spec, buildArgs: { FLAVOUR: 'spicy' } });
    expect(o.status).toBe('MISS');
    expect(o.cacheBrokeAt).toMatch(
      /^cache broke at \[stage-0 3\/4\] RUN .* — build arg FLAVOUR changed$/,
    );
  });

  it('nocache after HIT_TOO_OLD marks every step uncached, with that reason', async () => {
    const tiny = { ...spec, buildArgs: { FLAVOUR: 'spicy' }, ttlHours: 1 / 3_600_000 };
    await new Promise((r) => setTimeout(r, 20));
    const o = await built(core, tiny);
    expect(o).toMatchObject({ status: 'HIT_TOO_OLD', nocache: true });
    // Every step that does work ran again; BuildKit reports the FROM it resolved as cached.
    const work = o.steps.filter((s) => s.dockerfile && !/\] FROM /.test(s.name));
    expect(work).toHaveLength(3);
    expect(work.every((s) => !s.cached)).toBe(true);
    expect(o.cachedSteps).toBeLessThanOrEqual(1);
    expect(o.cacheBrokeAt).toBe('nocache (HIT_TOO_OLD)');
  });

  it('a failing RUN gives the step and its output, and is recorded failed', async () => {
    const dir = workspace({
      Dockerfile:
        'FROM builds/busybox:1\nRUN ["/bin/busybox", "sh", "-c", "echo compiling; echo main.c:3: boom >&2; exit 2"]\n',
    });
    try {
      const failing = artifactSpec({ name: `${name}-fail`, context: dir });
      const { task } = await build(core, failing);
      expect(task.state).toBe('failed');
      expect(task.error?.message).toMatch(
        /^The build failed at step 2\/2 \(RUN .*\): .*exit code: 2/,
      );
      expect(task.error?.detail?.split('\n').sort()).toEqual(['compiling', 'main.c:3: boom']);
      const [record] = await request(core, 'builds:list', { artifact: failing.name });
      expect(record).toMatchObject({ outcome: 'failed', imageId: null, builder: 'buildkit' });
      const full = await request(core, 'builds:get', record!.id);
      const step = full.steps.find((s) => s.error !== null);
      expect(step?.name).toMatch(/^\[2\/2\] RUN /);
      expect(step?.log.sort()).toEqual(['compiling', 'main.c:3: boom']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('cancel mid-build records the build whole as cancelled, with no image and no cache entry', async () => {
    const dir = workspace({
      Dockerfile:
        'FROM builds/busybox:1\nRUN ["/bin/busybox", "echo", "warming up"]\nRUN ["/bin/busybox", "sleep", "60"]\n',
    });
    try {
      const slow = artifactSpec({ name: `${name}-slow`, context: dir });
      const info = await request(core, 'artifacts:build', slow, {}, {});
      for (;;) {
        const t = await request(core, 'tasks:get', info.id);
        if (t?.progress.message.startsWith('Step 3/3: RUN')) break;
        if (t?.state !== 'running') throw new Error(`the build ended: ${t?.error?.message}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      await request(core, 'tasks:cancel', info.id);
      const task = await waitTask(core, info.id);
      expect(task.state).toBe('cancelled');
      const records = await request(core, 'builds:list', { artifact: slow.name });
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ outcome: 'cancelled', imageId: null });
      const full = await request(core, 'builds:get', records[0]!.id);
      expect(full.steps.filter((s) => s.dockerfile).map((s) => s.name)).toEqual([
        '[1/3] FROM docker.io/builds/busybox:1',
        '[2/3] RUN ["/bin/busybox", "echo", "warming up"]',
        '[3/3] RUN ["/bin/busybox", "sleep", "60"]',
      ]);
      const listing = await request(core, 'artifacts:list');
      expect(listing.entries.filter((e) => e.artifact === slow.name)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the classic builder's record comes from its Step lines, Using cache marking cached steps", async () => {
    const dir = workspace({
      Dockerfile:
        'FROM builds/busybox:1\nRUN ["/bin/busybox", "mkdir", "/app"]\nCOPY a.txt /app/a.txt\n',
      'a.txt': '1\n',
    });
    try {
      const classic = artifactSpec({ name: `${name}-classic2`, context: dir });
      const first = await built(core, classic, { builder: 'classic' });
      expect(first).toMatchObject({ builder: 'classic', buildId: null, totalSteps: 3 });
      writeFileSync(path.join(dir, 'a.txt'), '2\n');
      const second = await built(core, classic, { builder: 'classic' });
      // The builder adds Hangar's two labels as steps of its own: shown, not counted.
      const named = (n: string) => n.replace(/=.*$/, '=…');
      expect(second.steps.map((s) => [named(s.name), s.cached, s.dockerfile])).toEqual([
        ['[1/5] FROM builds/busybox:1', false, true],
        ['[2/5] RUN ["/bin/busybox", "mkdir", "/app"]', true, true],
        ['[3/5] COPY a.txt /app/a.txt', false, true],
        ['[4/5] LABEL hangar.artifact=…', false, false],
        ['[5/5] LABEL hangar.cache.key=…', false, false],
      ]);
      expect(second).toMatchObject({ cachedSteps: 1, totalSteps: 3 });
      expect(second.cacheBrokeAt).toBe(
        'cache broke at [3/5] COPY a.txt /app/a.txt — a.txt changed',
      );
      expect(second.steps.every((s) => s.startedAt !== null && s.durationMs !== null)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a build that names no builder runs the saved one; --builder wins over it', async () => {
    const dir = workspace({
      Dockerfile: 'FROM builds/busybox:1\nCOPY a.txt /a.txt\n',
      'a.txt': '1\n',
    });
    try {
      expect(await request(core, 'builds:builder')).toEqual({
        choice: 'auto',
        runs: 'buildkit',
        problem: null,
      });
      expect(await request(core, 'builds:setBuilder', 'classic')).toEqual({
        choice: 'classic',
        runs: 'classic',
        problem: null,
      });
      await expect(
        request(core, 'builds:setBuilder', 'kaniko' as unknown as 'auto'),
      ).rejects.toMatchObject({
        code: 'VALIDATION',
        message: expect.stringContaining('The builder is auto, buildkit or classic.'),
      });
      const saved = artifactSpec({ name: `${name}-saved`, context: dir });
      expect(await built(core, saved)).toMatchObject({ status: 'MISS', builder: 'classic' });
      writeFileSync(path.join(dir, 'a.txt'), '2\n');
      const flag = await built(core, saved, { builder: 'buildkit', network: 'none' });
      expect(flag).toMatchObject({ status: 'MISS', builder: 'buildkit' });
      expect((await request(core, 'builds:builder')).choice).toBe('classic');
    } finally {
      await request(core, 'builds:setBuilder', 'auto');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a build's record names the lookup that led to it, and the lookup leads back to it", async () => {
    const dir = workspace({
      Dockerfile: 'FROM builds/busybox:1\nCOPY a.txt /a.txt\n',
      'a.txt': '1\n',
    });
    const linked = artifactSpec({ name: `${name}-linked`, context: dir });
    const newest = async () =>
      (
        await request(core, 'history:query', {
          ...NO_HISTORY_FILTERS,
          artifacts: [linked.name],
          limit: 1,
          cursor: null,
        })
      ).records[0]!;
    try {
      const o = await built(core, linked, { network: 'none' });
      expect(o.status).toBe('MISS');
      const lookup = await newest();
      expect(lookup).toMatchObject({ key: o.key, status: 'MISS', level: 'local' });
      expect((await request(core, 'builds:get', o.buildRecordId!)).lookupId).toBe(lookup.id);
      expect(await request(core, 'builds:forLookup', lookup.id)).toMatchObject({
        id: o.buildRecordId,
        lookupId: lookup.id,
      });
      expect((await built(core, linked)).status).toBe('HIT');
      const hit = await newest();
      expect(hit.status).toBe('HIT');
      expect(await request(core, 'builds:forLookup', hit.id)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('builds on Podman (shared Podman service)', () => {
  const podman = sharedPodman();
  let home: string;
  let core: Core;

  beforeAll(async () => {
    await busyboxImage(podman, 'builds/busybox:1');
    home = mkdtempSync(path.join(tmpdir(), 'hangar-builds-podman-'));
    core = await openCore(podman, home);
  });
  afterAll(async () => {
    await core?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('builds with Buildah and records its steps; asked for BuildKit, it says it has none', async () => {
    const dir = workspace({
      Dockerfile: 'FROM localhost/builds/busybox:1\nCOPY a.txt /a.txt\n',
      'a.txt': '1\n',
    });
    try {
      const spec = artifactSpec({ name: `builds/podman-${process.pid}`, context: dir });
      const refused = await build(core, spec, { builder: 'buildkit' });
      expect(refused.task.error?.message).toMatch(/Podman, which has no BuildKit/);
      const o = await built(core, spec);
      expect(o).toMatchObject({ builder: 'podman', totalSteps: 2 });
      expect(o.steps.filter((s) => s.dockerfile).map((s) => s.name)).toEqual([
        '[1/4] FROM localhost/builds/busybox:1',
        '[2/4] COPY a.txt /a.txt',
      ]);
      // Buildah adds Hangar's two labels as steps of its own, in no set order: not counted.
      const added = o.steps
        .filter((s) => !s.dockerfile)
        .map((s) => s.name.replace(/^\[\d\/4\] /, ''));
      expect(added.map((n) => n.replace(/=.*$/, '')).sort()).toEqual([
        'LABEL "hangar.artifact"',
        'LABEL "hangar.cache.key"',
      ]);
      writeFileSync(path.join(dir, 'b.txt'), 'not in the image\n');
      writeFileSync(
        path.join(dir, 'Dockerfile'),
        'FROM localhost/builds/busybox:1\nCOPY a.txt /a.txt\nCOPY b.txt /b.txt\n',
      );
      const again = await built(core, spec);
      expect(again.steps.filter((s) => s.dockerfile).map((s) => s.cached)).toEqual([
        false,
        true,
        false,
      ]);
      expect(again.cacheBrokeAt).toBe(
        'cache broke at [3/5] COPY b.txt /b.txt — the Dockerfile changed',
      );
      const record = await request(core, 'builds:get', o.buildRecordId!);
      expect(record).toMatchObject({ builder: 'podman', outcome: 'built', totalSteps: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
