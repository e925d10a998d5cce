/**
 * Build through the artifact cache against the real (shared, private) daemon: MISS then HIT with no
 * `/build` call, misses that name what changed, TTL, images and tags removed by another tool, and
 * symlinks that point out of the context. No mocks: the `/build` calls are counted by wrapping the
 * real client's dial, and the docker CLI is the oracle for images.
 */
import { mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extract } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { artifactSpec, type ArtifactSpec, type BuildOutcome } from '../../shared/artifacts.js';
import { RegistryCacheService } from '../../electron/core/registry/cache-service.js';
import { ArtifactService } from '../../electron/core/artifacts/artifact-service.js';
import { Engine } from '../../electron/core/engine/engine.js';
import { resolveEngine } from '../../electron/core/engine/resolve.js';
import { IndexService } from '../../electron/core/index/index-service.js';
import { StoreProvider } from '../../electron/core/store/store.js';
import { TaskManager } from '../../electron/core/tasks/task-manager.js';
import type { DaemonHandle } from '../harness/daemon.js';
import { sharedDaemon } from '../harness/shared.js';
import { eventually } from '../support/oracle.js';
import { writeInto } from '../support/builds.js';

const DOCKERFILE = 'FROM scratch\nARG VERSION=0\nLABEL version=$VERSION\nCOPY . /app/\n';

interface Stack {
  service: ArtifactService;
  tasks: TaskManager;
  index: IndexService;
  store: StoreProvider;
  /** Query options of every `/build` request made. */
  builds: Array<Record<string, unknown>>;
  close(): void;
}

async function openStack(daemon: DaemonHandle, home: string, now?: () => number): Promise<Stack> {
  const engine = new Engine(resolveEngine({ flagHost: daemon.host, env: {} }));
  await engine.start();
  const index = new IndexService(engine);
  index.start();
  await index.ready();
  const builds: Array<Record<string, unknown>> = [];
  const modem = (
    engine.eventsClient() as unknown as {
      modem: {
        dial: (o: { path: string; options?: Record<string, unknown> }, cb: unknown) => unknown;
      };
    }
  ).modem;
  const dial = modem.dial.bind(modem);
  modem.dial = (o, cb) => {
    if (o.path.startsWith('/build')) builds.push({ ...o.options });
    return dial(o, cb);
  };
  const tasks = new TaskManager();
  const store = new StoreProvider(path.join(home, 'hangar.db'));
  const service = new ArtifactService({
    engine,
    index,
    tasks,
    store,
    registry: new RegistryCacheService(),
    origin: 'gui',
    ...(now ? { now } : {}),
  });
  return {
    service,
    tasks,
    index,
    store,
    builds,
    close() {
      service.close();
      index.stop();
      engine.stop();
    },
  };
}

async function build(stack: Stack, spec: ArtifactSpec): Promise<BuildOutcome> {
  const info = await stack.service.build(spec);
  const done = await stack.tasks.wait(info.id);
  if (done.state !== 'succeeded' || done.kind !== 'build' || !done.result) {
    throw Object.assign(new Error(done.error?.message ?? 'build failed'), {
      detail: done.error?.detail,
    });
  }
  return done.result;
}

describe('artifact cache: build through the cache (real daemon)', () => {
  const daemon = sharedDaemon();
  let home: string;
  let work: string;
  let stack: Stack;
  let name: string;
  let spec: ArtifactSpec;

  const write = (rel: string, content: string) => writeInto(work, rel, content);
  const images = async () =>
    (await daemon.docker(['images', '-a', '-q', '--no-trunc'])).stdout
      .split('\n')
      .filter(Boolean)
      .sort();
  const tagsOf = async (id: string) =>
    JSON.parse(
      (await daemon.docker(['image', 'inspect', '-f', '{{json .RepoTags}}', id])).stdout,
    ) as string[];

  beforeEach(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'hangar-home-'));
    work = realpathSync(mkdtempSync(path.join(tmpdir(), 'hangar-ctx-')));
    name = `it-${Math.random().toString(36).slice(2, 8)}`;
    write('Dockerfile', DOCKERFILE);
    write('.dockerignore', '*.log\nDockerfile\n.dockerignore\n');
    write('src/a.txt', 'alpha');
    write('src/b.txt', 'beta');
    write('debug.log', 'noise 1');
    spec = artifactSpec({ name, context: work, tags: [`${name}:latest`] });
    stack = await openStack(daemon, home);
  });

  afterEach(() => {
    stack.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('builds on a MISS, then HITs with no /build call and no new image, recording both', async () => {
    const first = await build(stack, spec);
    expect(first).toMatchObject({
      status: 'MISS',
      reason: 'no entry',
      built: true,
      level: 'local',
    });
    expect(first.key).toMatch(/^[0-9a-f]{64}$/);
    expect(first.tags).toEqual([`${name}:${first.key}`, `${name}:latest`].sort());
    expect(stack.builds).toHaveLength(1);
    expect(stack.builds[0]).toMatchObject({
      dockerfile: 'Dockerfile',
      labels: { 'hangar.cache.key': first.key, 'hangar.artifact': name },
    });
    expect(stack.builds[0]?.nocache).toBeUndefined();
    const label = await daemon.docker([
      'image',
      'inspect',
      '-f',
      '{{index .Config.Labels "hangar.cache.key"}}',
      first.imageId,
    ]);
    expect(label.stdout.trim()).toBe(first.key);

    const before = await images();
    const second = await build(stack, spec);
    expect(second).toMatchObject({
      status: 'HIT',
      built: false,
      imageId: first.imageId,
      key: first.key,
    });
    expect(second.reason).toBeNull();
    expect(stack.builds).toHaveLength(1);
    expect(await images()).toEqual(before);

    const history = stack.store.get().history.recent(10, name);
    expect(history.map((h) => [h.status, h.level, h.origin, h.key])).toEqual([
      ['HIT', 'local', 'gui', first.key],
      ['MISS', 'local', 'gui', first.key],
    ]);
    expect(history[0]?.imageId).toBe(first.imageId);
    expect(history[1]?.reason).toBe('no entry');
    const entry = stack.store.get().entries.get(first.key);
    expect(entry).toMatchObject({ hitCount: 1, imageId: first.imageId, source: 'hangar' });
  });

  it('MISSes naming a changed file; a change to an excluded file is still a HIT', async () => {
    const first = await build(stack, spec);
    write('debug.log', 'noise 2, longer');
    const ignored = await stack.service.lookup(spec);
    expect(ignored).toMatchObject({ status: 'HIT', key: first.key, imageId: first.imageId });

    write('src/a.txt', 'ALPHA');
    const changed = await build(stack, spec);
    expect(changed.status).toBe('MISS');
    expect(changed.key).not.toBe(first.key);
    expect(changed.changedInputs).toEqual([
      { kind: 'file', name: 'src/a.txt', change: 'modified' },
    ]);
    expect(changed.reason).toBe('inputs changed: file src/a.txt');
    expect(changed.imageId).not.toBe(first.imageId);
    expect(stack.builds).toHaveLength(2);
  });

  it('MISSes naming a changed build arg', async () => {
    await build(stack, { ...spec, buildArgs: { VERSION: '1' } });
    const next = await build(stack, { ...spec, buildArgs: { VERSION: '2' } });
    expect(next.status).toBe('MISS');
    expect(next.changedInputs).toEqual([{ kind: 'buildArg', name: 'VERSION', change: 'modified' }]);
    expect(next.reason).toBe('inputs changed: build arg VERSION');
    const label = await daemon.docker([
      'image',
      'inspect',
      '-f',
      '{{index .Config.Labels "version"}}',
      next.imageId,
    ]);
    expect(label.stdout.trim()).toBe('2');
  });

  it('is HIT_TOO_OLD past the TTL, and rebuilds without the layer cache', async () => {
    const first = await build(stack, spec);
    stack.close();
    const later = Date.now() + 2 * 3_600_000;
    stack = await openStack(daemon, home, () => later);
    const look = await stack.service.lookup({ ...spec, ttlHours: 1 });
    expect(look.status).toBe('HIT_TOO_OLD');
    expect(look.reason).toMatch(/^image is 2 h old \(TTL 1 h\)$/);
    const rebuilt = await build(stack, { ...spec, ttlHours: 1 });
    expect(rebuilt).toMatchObject({
      status: 'HIT_TOO_OLD',
      built: true,
      nocache: true,
      key: first.key,
    });
    expect(rebuilt.imageId).not.toBe(first.imageId);
    expect(stack.builds).toHaveLength(1);
    expect(stack.builds[0]).toMatchObject({
      nocache: true,
      t: [`${name}:${first.key}`, `${name}:latest`],
    });
    expect(stack.store.get().entries.get(first.key)?.imageId).toBe(rebuilt.imageId);
    // The TTL was remembered for the artifact; with the real clock the new image is fresh.
    stack.close();
    stack = await openStack(daemon, home);
    expect(await stack.service.lookup(spec)).toMatchObject({
      status: 'HIT',
      imageId: rebuilt.imageId,
    });
  });

  it('MISSes with "image deleted" when another tool removed the image', async () => {
    const first = await build(stack, spec);
    await daemon.docker(['rmi', '-f', first.imageId]);
    await eventually(
      async () => stack.index.index.has(first.imageId),
      (has) => !has,
      5_000,
    );
    const look = await stack.service.lookup(spec);
    expect(look).toMatchObject({ status: 'MISS', reason: 'image deleted', imageId: null });
    const rebuilt = await build(stack, spec);
    expect(rebuilt).toMatchObject({ status: 'MISS', built: true, key: first.key });
  });

  it('HITs and puts the name:key tag back when another tool removed it', async () => {
    const first = await build(stack, spec);
    const cacheTag = `${name}:${first.key}`;
    await daemon.docker(['rmi', cacheTag]); // untags only: name:latest still holds the image
    await eventually(
      async () => stack.index.index.get(first.imageId)?.repoTags ?? [],
      (t) => !t.includes(cacheTag),
      5_000,
    );
    const look = await stack.service.lookup(spec);
    expect(look).toMatchObject({ status: 'HIT', retagged: true, imageId: first.imageId });
    expect(await tagsOf(first.imageId)).toContain(cacheTag);
    expect(stack.builds).toHaveLength(1);
  });

  it('sends a symlink that points out of the context as a link, never following it', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'hangar-outside-'));
    try {
      writeFileSync(path.join(outside, 'secret'), 'outside content');
      symlinkSync(path.join(outside, 'secret'), path.join(work, 'src', 'link'));
      const first = await build(stack, spec);
      writeFileSync(path.join(outside, 'secret'), 'changed outside, longer');
      expect(await stack.service.lookup(spec)).toMatchObject({ status: 'HIT', key: first.key });

      const container = (await daemon.docker(['create', first.imageId, 'none'])).stdout.trim();
      try {
        const tar = await daemon.docker(['cp', `${container}:/app/src/link`, '-'], {
          timeoutMs: 30_000,
        });
        const entries: Array<{
          name: string;
          type: string | undefined;
          linkname: string | undefined;
        }> = [];
        const x = extract();
        const done = (async () => {
          for await (const e of x) {
            entries.push({ name: e.header.name, type: e.header.type, linkname: e.header.linkname });
            e.resume();
          }
        })();
        // A tar of one symlink is ASCII and NULs: it survives the CLI helper's text decoding.
        x.end(Buffer.from(tar.stdout, 'utf8'));
        await done;
        expect(entries).toEqual([
          { name: 'link', type: 'symlink', linkname: path.join(outside, 'secret') },
        ]);
      } finally {
        await daemon.docker(['rm', '-f', container]);
      }
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("reports a failed build with the failing step's message", async () => {
    write('Dockerfile', 'FROM scratch\nCOPY missing.txt /\n');
    const err = await build(stack, spec).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(
      /^The build failed at step 1\/1 \(COPY missing\.txt \/\): .*"\/missing\.txt" not found/,
    );
    expect(stack.store.get().entries.all()).toEqual([]);
  });
});
