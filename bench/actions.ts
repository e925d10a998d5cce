/**
 * Image action benchmarks, each against a baseline measured in the same run:
 * - `images.prune.500`: our prune (preview from the index + the `prune` task deleting exactly that
 *   set, by id) of 500 dangling images, vs the daemon's own `POST /images/prune` (what
 *   `docker image prune -f` calls, without the CLI's start-up) on an identically seeded set
 *   (same tarball, same ids). Goal: ratio ≤ 1.5.
 * - `images.remove.bulk`: `images:remove` of 200 images in one request, in images/s, vs the same
 *   deletes sent one by one straight to the API.
 * Called from bench/run.ts with its private daemon; `node --import tsx bench/actions.ts` runs it
 * alone on a daemon of its own.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Dockerode from 'dockerode';
import { request } from '../electron/cli/core-client.js';
import { createCore, type Core } from '../electron/core/core.js';
import { startPrivateDaemon, type PrivateDaemon } from '../test/harness/daemon.js';
import { manySeedImages, writeImageTarball } from '../test/harness/image-tar.js';
import { type BenchOptions, type Metric, alternate, round, time } from './measure.js';

/** Loads a tarball of `n` dangling images (the same ids every time for the same prefix). */
async function seeder(daemon: PrivateDaemon, n: number, prefix: string) {
  const tar = path.join(daemon.dir, `actions-${prefix}.tar`);
  const seeded = await writeImageTarball(
    tar,
    manySeedImages(n, { prefix, untaggedEvery: 1, distinctLayers: 20 }),
  );
  const ids = seeded.map((s) => s.id);
  return {
    ids,
    load: async () => {
      await daemon.docker(['load', '-q', '-i', tar], { timeoutMs: 600_000 });
    },
  };
}

/** Waits until the index holds (or no longer holds) every one of `ids`. */
async function indexHas(core: Core, ids: readonly string[], present: boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const known = new Set((await request(core, 'images:snapshot')).images.map((r) => r.id));
    if (ids.every((id) => known.has(id) === present)) return;
    if (Date.now() > deadline) throw new Error('the index did not catch up');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Loads the seeded images, waits for the index to hold them, times `remove` (which must take them
 * all), then waits for the index to let them go: each side starts from the same quiet state.
 */
async function removing(
  core: Core,
  seeded: Awaited<ReturnType<typeof seeder>>,
  remove: () => Promise<unknown>,
): Promise<number> {
  await seeded.load();
  await indexHas(core, seeded.ids, true);
  const ms = await time(remove);
  await indexHas(core, seeded.ids, false);
  return ms;
}

async function runPrune(core: Core): Promise<number> {
  const preview = await request(core, 'images:prunePreview', { mode: 'dangling' });
  const task = await request(core, 'images:prune', preview.id);
  for (;;) {
    const t = await request(core, 'tasks:get', task.id);
    if (t.state !== 'running') {
      if (t.state !== 'succeeded') throw new Error(`prune ${t.state}: ${t.error?.message}`);
      return preview.images.length;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function benchActions(daemon: PrivateDaemon, opts: BenchOptions): Promise<Metric[]> {
  const metrics: Metric[] = [];
  const docker = new Dockerode({ socketPath: daemon.socketPath, version: 'v1.41' });
  const core = await createCore({ host: daemon.host, env: {} });
  await core.ready();
  try {
    // Start from no dangling images, so both sides delete exactly the seeded 500.
    await docker.pruneImages({ filters: { dangling: ['true'] } });
    const prune = await seeder(daemon, 500, 'prune500');
    const runs = Math.max(1, Math.min(opts.runs, 5));
    opts.log(`  prune 500, ${runs} rounds`);
    const { baseline: b, ours: o } = await alternate(
      runs,
      () => removing(core, prune, () => docker.pruneImages({ filters: { dangling: ['true'] } })),
      () =>
        removing(core, prune, async () => {
          const count = await runPrune(core);
          if (count !== 500) throw new Error(`our prune saw ${count} images, not 500`);
        }),
    );
    metrics.push({
      name: 'images.prune.500',
      value: round(o),
      unit: 'ms',
      baseline: round(b),
      ratio: round(o / b, 2),
      goal: 'ratio ≤ 1.5',
    });

    const bulk = await seeder(daemon, 200, 'rm200');
    opts.log(`  remove 200, ${runs} rounds`);
    const rate = (ms: number) => 200 / (ms / 1000);
    const { baseline: rb, ours: r } = await alternate(
      runs,
      async () =>
        rate(
          await removing(core, bulk, async () => {
            for (const id of bulk.ids) await docker.getImage(id).remove({ noprune: true });
          }),
        ),
      async () =>
        rate(
          await removing(core, bulk, async () => {
            const out = await request(core, 'images:remove', bulk.ids, { noprune: true });
            if (!out.every((x) => x.ok)) throw new Error('a bulk remove failed');
          }),
        ),
    );
    metrics.push({
      name: 'images.remove.bulk',
      value: round(r),
      unit: 'images/s',
      baseline: round(rb),
      ratio: round(r / rb, 2),
      goal: 'ratio ≥ 0.8 (higher is better)',
    });
  } finally {
    await core.close();
  }
  return metrics;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const daemon = await startPrivateDaemon({ name: 'bench-act' });
  try {
    const metrics = await benchActions(daemon, {
      runs: Number(process.env.HANGAR_BENCH_RUNS ?? 5),
      log: (m) => process.stderr.write(`${m}\n`),
    });
    console.table(metrics);
  } finally {
    await daemon.destroy();
  }
}
