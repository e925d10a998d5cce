/**
 * Layer explorer benchmarks, on a generated image of 20,000 files / 200 MB in 5 layers (and a
 * second image sharing its first 4 layers), loaded into the bench's private daemon:
 * - `layers.read.cold`: indexing the image from its `docker save` stream with an empty layer
 *   store, vs `docker save IMAGE | tar -t` of it read to the end, in alternating rounds (goal
 *   ≤ 1.2×);
 * - `layers.read.warm`: opening it again, from the store (goal < 100 ms);
 * - `layers.diff`: the diff of the two images, both stored and their layers decoded in memory
 *   (goal < 200 ms); `layers.diff.store`: the same from a fresh service, every layer decoded
 *   from the store.
 * Called from bench/run.ts with its private daemon; `node --import tsx bench/layers.ts` runs it
 * alone on a daemon of its own.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Engine } from '../electron/core/engine/engine.js';
import { resolveEngine } from '../electron/core/engine/resolve.js';
import { LayerService } from '../electron/core/layers/layer-service.js';
import { StoreProvider } from '../electron/core/store/store.js';
import { TaskManager } from '../electron/core/tasks/task-manager.js';
import { startPrivateDaemon, type PrivateDaemon } from '../test/harness/daemon.js';
import { layeredSave, type FixtureLayer } from '../test/harness/layered-image.js';
import { type BenchOptions, type Metric, alternate, median, round, time } from './measure.js';

const HERE = fileURLToPath(import.meta.url);
const run = promisify(execFile);
const LAYERS = 5;
const FILES_PER_LAYER = 4_000;
const FILE_BYTES = 10_000;

/** 4,000 files of 10 kB in 40 folders; `salt` makes another layer of the same shape. */
function generatedLayer(index: number, salt: string): FixtureLayer {
  const entries: FixtureLayer['entries'] = [];
  for (let d = 0; d < 40; d++) entries.push({ path: `l${index}${salt}/d${d}` });
  for (let f = 0; f < FILES_PER_LAYER; f++) {
    const content = Buffer.alloc(FILE_BYTES, (f * 31 + index) % 251);
    content.write(`${salt}${index}/${f}`);
    entries.push({ path: `l${index}${salt}/d${f % 40}/f${f}.bin`, content });
  }
  return { entries, step: `COPY layer ${index}${salt} /` };
}

export async function benchLayers(daemon: PrivateDaemon, opts: BenchOptions): Promise<Metric[]> {
  const runs = Math.max(3, Math.min(opts.runs, 5));
  const base = Array.from({ length: LAYERS - 1 }, (_, i) => generatedLayer(i, ''));
  opts.log('layers: writing 2 images of 5 layers (20,000 files, 200 MB each, 4 layers shared)…');
  const { archive } = await layeredSave([
    { tags: ['bench/layers:a'], layers: [...base, generatedLayer(LAYERS - 1, 'a')] },
    { tags: ['bench/layers:b'], layers: [...base, generatedLayer(LAYERS - 1, 'b')] },
  ]);
  const tar = path.join(daemon.dir, 'layers-bench.tar');
  writeFileSync(tar, archive);
  await daemon.docker(['load', '-q', '-i', tar], { timeoutMs: 600_000 });
  rmSync(tar, { force: true });

  const engine = new Engine(resolveEngine({ flagHost: daemon.host, env: {} }));
  await engine.start();
  const home = mkdtempSync(path.join(tmpdir(), 'hangar-bench-layers-'));
  const store = new StoreProvider(path.join(home, 'hangar.db'));
  const service = new LayerService({
    client: () => engine.eventsClient(),
    store,
    tasks: new TaskManager(),
  });
  try {
    const saveToTar = `docker -H '${daemon.host}' save bench/layers:a | tar -t > /dev/null`;
    const cold = await alternate(
      runs,
      () => time(() => run('sh', ['-c', saveToTar], { maxBuffer: 1 << 20 })),
      async () => {
        store.get().layers.clear();
        return time(() => service.layers('bench/layers:a'));
      },
    );
    const files = (await service.tree('bench/layers:a')).files.length;
    opts.log(`layers: the image holds ${files} entries`);
    const warm: number[] = [];
    for (let i = 0; i < runs * 2; i++)
      warm.push(await time(() => service.layers('bench/layers:a')));
    await service.layers('bench/layers:b');
    const reads = service.daemonReads;
    const diffs: number[] = [];
    for (let i = 0; i < runs * 2; i++) {
      diffs.push(await time(() => service.diff('bench/layers:a', 'bench/layers:b')));
    }
    if (service.daemonReads !== reads) throw new Error('a warm diff read the engine');
    const fromStore: number[] = [];
    for (let i = 0; i < runs * 2; i++) {
      const fresh = new LayerService({
        client: () => engine.eventsClient(),
        store,
        tasks: new TaskManager(),
      });
      fromStore.push(await time(() => fresh.diff('bench/layers:a', 'bench/layers:b')));
      if (fresh.daemonReads !== 0) throw new Error('a diff from the store read the engine');
    }
    return [
      {
        name: 'layers.read.cold',
        value: round(cold.ours),
        unit: 'ms',
        baseline: round(cold.baseline),
        ratio: round(cold.ours / cold.baseline, 2),
        goal: '≤ 1.2×',
      },
      { name: 'layers.read.warm', value: round(median(warm)), unit: 'ms', goal: '< 100 ms' },
      { name: 'layers.diff', value: round(median(diffs)), unit: 'ms', goal: '< 200 ms' },
      { name: 'layers.diff.store', value: round(median(fromStore)), unit: 'ms' },
    ];
  } finally {
    store.close();
    engine.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === HERE) {
  const daemon = await startPrivateDaemon({ name: 'bench-layers' });
  try {
    const metrics = await benchLayers(daemon, {
      runs: 5,
      log: (m) => process.stderr.write(`${m}\n`),
    });
    console.table(metrics);
  } finally {
    await daemon.destroy();
  }
}
