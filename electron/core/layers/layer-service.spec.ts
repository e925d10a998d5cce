import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  layeredSave,
  type FixtureImage,
  type FixtureLayer,
} from '../../../test/harness/layered-image.js';
import type { DockerClient } from '../engine/docker-client.js';
import { StoreProvider } from '../store/store.js';
import { TaskManager } from '../tasks/task-manager.js';
import { LayerService } from './layer-service.js';

const base: FixtureLayer = {
  entries: [{ path: 'etc' }, { path: 'etc/os', content: 'base\n' }],
  step: 'ADD base /',
};
const app = (name: string, bytes: number): FixtureImage => ({
  tags: [`${name}:1`],
  layers: [base, { entries: [{ path: `app/${name}`, content: 'a'.repeat(bytes) }] }],
});

/** An engine that answers inspect and `docker save` (`GET /images/get`) from fixture archives. */
async function fakeEngine(images: FixtureImage[], cut?: number) {
  const byName = new Map<string, { id: string; diffIds: string[]; archive: Buffer }>();
  for (const image of images) {
    const {
      archive,
      images: [written],
    } = await layeredSave([image]);
    if (!written) throw new Error('no image written');
    const entry = { id: written.id, diffIds: written.diffIds, archive };
    for (const t of image.tags) byName.set(t, entry);
    byName.set(written.id, entry);
  }
  const saves: string[] = [];
  const client = {
    getImage: (name: string) => ({
      inspect: () => {
        const e = byName.get(name);
        if (!e) return Promise.reject(new Error(`no such image ${name}`));
        return Promise.resolve({
          Id: e.id,
          Size: e.archive.length,
          Created: '',
          RootFS: { Layers: e.diffIds },
        });
      },
    }),
    getImages: (options: { names: string[] }) => {
      const id = options.names[0] ?? '';
      saves.push(id);
      const e = byName.get(id);
      if (!e) return Promise.reject(new Error('no such image'));
      return Promise.resolve(
        Readable.from([cut === undefined ? e.archive : e.archive.subarray(0, cut)]),
      );
    },
  } as unknown as DockerClient;
  return { client, saves };
}

let dir: string;
let store: StoreProvider;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hangar-layers-'));
  store = new StoreProvider(path.join(dir, 'hangar.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('LayerService', () => {
  it('reads an image once: the second open comes from the store', async () => {
    const { client, saves } = await fakeEngine([app('one', 10)]);
    const service = new LayerService({ client: () => client, store, tasks: new TaskManager() });
    const first = await service.layers('one:1');
    const second = await service.layers('one:1');
    expect(first.readFromDaemon).toBe(true);
    expect(second.readFromDaemon).toBe(false);
    expect(saves).toHaveLength(1);
    expect(second.layers.map((l) => [l.step, l.added])).toEqual([
      ['ADD base /', 2],
      ['COPY layer 1', 1],
    ]);
    expect(service.storeInfo()).toMatchObject({ layers: 2, images: 1 });
  });

  it('indexes a shared base layer once for two images', async () => {
    const { client, saves } = await fakeEngine([app('one', 10), app('two', 20)]);
    const service = new LayerService({ client: () => client, store, tasks: new TaskManager() });
    await service.layers('one:1');
    await service.layers('two:1');
    expect(saves).toHaveLength(2);
    expect(service.layersIndexed).toBe(3);
    const diff = await service.diff('one:1', 'two:1');
    expect(diff.files.map((f) => [f.path, f.change, f.delta])).toEqual([
      ['app/one', 'removed', -10],
      ['app/two', 'added', 20],
    ]);
    expect(saves).toHaveLength(2);
  });

  it('a truncated stream fails in words and stores nothing', async () => {
    const { client } = await fakeEngine([app('one', 100_000)], 60_000);
    const service = new LayerService({ client: () => client, store, tasks: new TaskManager() });
    await expect(service.layers('one:1')).rejects.toThrow(/ended early/);
    expect(service.storeInfo()).toMatchObject({ layers: 0, images: 0, bytes: 0 });
  });

  it('runs as a task that reports its result', async () => {
    const { client } = await fakeEngine([app('one', 10)]);
    const tasks = new TaskManager();
    const service = new LayerService({ client: () => client, store, tasks });
    const task = service.read('one:1');
    const done = await tasks.wait(task.id);
    expect(done.state).toBe('succeeded');
    expect(done.kind === 'layers' && done.result?.layers.length).toBe(2);
  });

  it('evicts the least recently used layers beyond the size setting', async () => {
    const { client } = await fakeEngine([app('one', 10), app('two', 20)]);
    const service = new LayerService({ client: () => client, store, tasks: new TaskManager() });
    await service.layers('one:1');
    store.get().layers.setMaxBytes(1);
    await service.layers('two:1');
    // Only the layers of the image just read are kept.
    expect(service.storeInfo()).toMatchObject({ layers: 2, images: 1 });
  });
});
