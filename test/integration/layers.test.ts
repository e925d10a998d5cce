/**
 * The layer explorer against the shared real dockerd and the shared real Podman service: images
 * written layer by layer (a file overwritten, a file removed by a whiteout, an opaque folder, a
 * symlink, a hard link, a mode change), loaded with the engine's own CLI, then read back through
 * its `docker save` stream. The tree, the waste and the efficiency are worked out by hand below;
 * the requests to the engine are counted on the client itself.
 *
 * A truncated or corrupt stream cannot be had from a real engine on demand: that failure (an error
 * in words, nothing stored) is covered by layer-service.spec.ts and read-save.spec.ts with a fake.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/core/engine/engine.js';
import { resolveEngine } from '../../electron/core/engine/resolve.js';
import { LayerService } from '../../electron/core/layers/layer-service.js';
import { StoreProvider } from '../../electron/core/store/store.js';
import { TaskManager } from '../../electron/core/tasks/task-manager.js';
import type { EngineHandle } from '../harness/engine-handle.js';
import { layeredSave, type FixtureLayer } from '../harness/layered-image.js';
import { loadedName, SHARED_ENGINES } from '../support/engines.js';
import { runHangar } from '../support/hangar-cli.js';

const L0: FixtureLayer = {
  step: 'ADD base /',
  entries: [
    { path: 'etc' },
    { path: 'etc/app.conf', content: 'a'.repeat(100) },
    { path: 'bin' },
    { path: 'bin/tool', content: 't'.repeat(1000), mode: 0o755 },
    { path: 'data' },
    { path: 'data/a', content: 'x'.repeat(300) },
    { path: 'data/b', content: 'y'.repeat(200) },
    { path: 'tmp' },
    { path: 'tmp/big', content: 'b'.repeat(5000) },
    { path: 'lib' },
    { path: 'lib/x.so', content: 's'.repeat(50) },
    { path: 'lib/y.so', type: 'hardlink', link: 'lib/x.so' },
    { path: 'lib/cur', type: 'symlink', link: 'x.so' },
  ],
};
const L1: FixtureLayer = {
  step: 'RUN configure',
  entries: [
    { path: 'etc/app.conf', content: 'b'.repeat(150) },
    { path: 'bin/tool', content: 't'.repeat(1000), mode: 0o700 },
    { path: 'tmp/big', type: 'whiteout' },
  ],
};
const L2: FixtureLayer = {
  step: 'COPY data /data',
  entries: [
    { path: 'data', type: 'opaque' },
    { path: 'data/c', content: 'c'.repeat(10) },
  ],
};
const L2b: FixtureLayer = {
  step: 'COPY data /data',
  entries: [
    { path: 'data', type: 'opaque' },
    { path: 'data/c', content: 'd'.repeat(20) },
    { path: 'new.txt', content: 'n'.repeat(7) },
  ],
};

describe.each(SHARED_ENGINES)('layer explorer on $kind', ({ kind, shared }) => {
  let engineHandle: EngineHandle;
  let engine: Engine;
  let home: string;
  let store: StoreProvider;
  let service: LayerService;
  /** Paths of every `docker save` (`GET /images/get`) the engine was asked for. */
  const saves: string[] = [];
  const app1 = loadedName(kind, 'layerstest/app:1');
  const app2 = loadedName(kind, 'layerstest/app:2');

  beforeAll(async () => {
    engineHandle = shared();
    const { archive } = await layeredSave([
      { tags: ['layerstest/app:1'], layers: [L0, L1, L2] },
      { tags: ['layerstest/app:2'], layers: [L0, L1, L2b] },
    ]);
    await engineHandle.cli(['load', '-q'], { input: archive });
    engine = new Engine(resolveEngine({ flagHost: engineHandle.host, env: {} }));
    await engine.start();
    const client = engine.eventsClient();
    const dial = client.modem.dial.bind(client.modem);
    client.modem.dial = (options, callback) => {
      if (/^\/images\/get\?/.test(options.path)) saves.push(options.path);
      dial(options, callback);
    };
    home = mkdtempSync(path.join(tmpdir(), 'hangar-layers-'));
    store = new StoreProvider(path.join(home, 'hangar.db'));
    service = new LayerService({ client: () => client, store, tasks: new TaskManager() });
  });

  afterAll(() => {
    store?.close();
    engine?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('reads the layers with their steps and what each adds, changes and removes', async () => {
    expect(await service.stored(app1)).toBeNull(); // never read: nothing to answer from
    const view = await service.layers(app1);
    expect(view.readFromDaemon).toBe(true);
    expect(view.layers.map((l) => [l.step, l.size, l.added, l.changed, l.removed])).toEqual([
      ['ADD base /', 100 + 1000 + 300 + 200 + 5000 + 50, 13, 0, 0],
      ['RUN configure', 150 + 1000, 0, 2, 1],
      ['COPY data /data', 10, 1, 0, 2],
    ]);
    expect(saves).toHaveLength(1);
  });

  it('gives the merged tree with the layer that last wrote each file', async () => {
    const tree = await service.tree(app1);
    expect(tree.files.map((f) => [f.path, f.type, f.size, f.mode, f.layer, f.link])).toEqual([
      ['bin', 'dir', 0, 0o755, 0, null],
      ['bin/tool', 'file', 1000, 0o700, 1, null],
      ['data', 'dir', 0, 0o755, 0, null],
      ['data/c', 'file', 10, 0o644, 2, null],
      ['etc', 'dir', 0, 0o755, 0, null],
      ['etc/app.conf', 'file', 150, 0o644, 1, null],
      ['lib', 'dir', 0, 0o755, 0, null],
      ['lib/cur', 'symlink', 0, 0o777, 0, 'x.so'],
      ['lib/x.so', 'file', 50, 0o644, 0, null],
      ['lib/y.so', 'hardlink', 0, 0o644, 0, 'lib/x.so'],
      ['tmp', 'dir', 0, 0o755, 0, null],
    ]);
  });

  it('measures the waste and dive’s efficiency as worked out by hand', async () => {
    const report = await service.waste(app1);
    // Not in the final image: app.conf's first copy (100), tool's first copy (re-copied for its
    // mode, 1000), tmp/big (5000, whiteout), data/a and data/b (300 + 200, opaque folder).
    expect(report.wastedBytes).toBe(6600);
    expect(report.worst.map((w) => [w.path, w.copies, w.wastedBytes, w.layers])).toEqual([
      ['tmp/big', 1, 5000, [0, 1]],
      ['bin/tool', 2, 1000, [0, 1]],
      ['data/a', 1, 300, [0, 2]],
      ['data/b', 1, 200, [0, 2]],
      ['etc/app.conf', 2, 100, [0, 1]],
    ]);
    // dive's leaves: app.conf [100, 150], tool [1000, 1000], big [5000, 0 (whiteout of a file)],
    // a 300, b 200, x.so 50, y.so 0, cur 0, data (opaque: what it removed) 500, c 10.
    expect(report.efficiency).toBeCloseTo(2160 / 8310, 12);
    expect(report.diveWastedBytes).toBe(250 + 2000 + 5000);
  });

  it('opens an image read before from the store, without asking the engine again', async () => {
    const before = saves.length;
    const view = await service.layers(app1);
    expect(view.readFromDaemon).toBe(false);
    expect(await service.stored(app1)).toEqual(view);
    expect(saves).toHaveLength(before);
    expect(service.daemonReads).toBe(1);
  });

  it('reads a second image on the same base once, indexing only its own layer', async () => {
    const indexed = service.layersIndexed;
    const view = await service.layers(app2);
    expect(view.readFromDaemon).toBe(true);
    expect(service.layersIndexed - indexed).toBe(1);
    expect(service.storeInfo()).toMatchObject({ layers: 4, images: 2 });
  });

  it('diffs two tags: the shared layers and exactly the files that differ', async () => {
    const before = saves.length;
    const diff = await service.diff(app1, app2);
    expect(saves).toHaveLength(before);
    expect(diff.sharedLayers).toHaveLength(2);
    expect(diff.files).toEqual([
      { path: 'data/c', change: 'changed', type: 'file', before: 10, after: 20, delta: 10 },
      { path: 'new.txt', change: 'added', type: 'file', before: null, after: 7, delta: 7 },
    ]);
  });

  it('a cancelled read ends cancelled and stores nothing', async () => {
    const tasks = new TaskManager();
    const fresh = new StoreProvider(path.join(home, 'cancelled.db'));
    try {
      const cancelling = new LayerService({
        client: () => engine.eventsClient(),
        store: fresh,
        tasks,
      });
      const task = cancelling.read(app1);
      tasks.cancel(task.id);
      const done = await tasks.wait(task.id);
      expect(done.state).toBe('cancelled');
      expect(cancelling.storeInfo()).toMatchObject({ layers: 0, images: 0 });
    } finally {
      fresh.close();
    }
  });

  it('hangar waste exits 1 naming the limit broken, and hangar diff prints the JSON', async () => {
    const env = { HANGAR_HOME: mkdtempSync(path.join(tmpdir(), 'hangar-layers-cli-')) };
    try {
      const host = ['--host', engineHandle.host];
      const waste = await runHangar(
        ['waste', app1, '--json', '--lowest-efficiency', '0.9', ...host],
        env,
      );
      expect(waste.code).toBe(1);
      expect(JSON.parse(waste.stdout)).toMatchObject({
        image: app1,
        wastedBytes: 6600,
        diveWastedBytes: 7250,
        worst: expect.arrayContaining([
          { path: 'tmp/big', copies: 1, wastedBytes: 5000, layers: [0, 1] },
        ]) as unknown,
      });
      expect(waste.stderr).toContain('is below --lowest-efficiency 0.9');
      const ok = await runHangar(['waste', app1, '--highest-wasted', '1MB', ...host], env);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('Efficiency: 25.99 %');
      const diff = await runHangar(['diff', app1, app2, '--json', ...host], env);
      expect(diff.code).toBe(0);
      expect(
        (JSON.parse(diff.stdout) as { files: { path: string }[] }).files.map((f) => f.path),
      ).toEqual(['data/c', 'new.txt']);

      // What the reads left in the store, then a bound of 0 that evicts every layer at once.
      const held = await runHangar(['layer-store', '--json', ...host], env);
      expect(held.code).toBe(0);
      const info = JSON.parse(held.stdout) as { layers: number; images: number; bytes: number };
      expect(info).toMatchObject({ layers: 4, images: 2 });
      expect(info.bytes).toBeGreaterThan(0);
      const bounded = await runHangar(['layer-store', '--max-size', '0', '--json', ...host], env);
      expect(JSON.parse(bounded.stdout)).toMatchObject({ layers: 0, bytes: 0, maxBytes: 0 });
      const again = await runHangar(['layer-store', ...host], env);
      expect(again.stdout).toMatch(/^Layer store: 0 layers of \d+ images?, 0B of 0B /);
    } finally {
      rmSync(env.HANGAR_HOME, { recursive: true, force: true });
    }
  });
});
