/**
 * Images in and out, each against a baseline measured in the same run:
 * - `images.pull.cold`: `images:pull` (the core's task, to its end) of a 5-layer, ~100 MB image
 *   from a Debian docker-registry on loopback started here, vs `docker pull` of it on the same
 *   daemon; the image is removed before every run of either (goal ratio ≤ 1.1);
 * - `images.updateCheck.500`: the update check of 500 tags (each an image whose repo digest is
 *   the one the registry holds, so every answer is "up to date") against that registry, vs 500
 *   plain `HEAD`s of the same manifests by fetch with the same number in flight (goal ratio ≤ 1.2).
 * Called from bench/run.ts with its private daemon; `node --import tsx bench/images-io.ts` runs it
 * alone on a daemon of its own.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImageRecord } from '../shared/model.js';
import type { TaskInfo } from '../shared/tasks.js';
import { DEFAULT_UPDATE_CHECK_SETTINGS } from '../shared/updates.js';
import { request } from '../electron/cli/core-client.js';
import { mapLimit } from '../electron/core/concurrency.js';
import { createCore } from '../electron/core/core.js';
import { UpdateChecker } from '../electron/core/images/update-check.js';
import { MANIFEST_ACCEPT } from '../electron/core/registry/manifest-head.js';
import { buildScratchImage } from '../test/harness/build.js';
import { startPrivateDaemon, type DaemonHandle } from '../test/harness/daemon.js';
import { startRegistry, type TestRegistry } from '../test/harness/registry.js';
import { seedRegistryTags } from '../test/harness/registry-seed.js';
import { type BenchOptions, type Metric, alternate, msMetric, round, time } from './measure.js';

const LAYERS = 5;
const LAYER_BYTES = 20_000_000;
const TAGS = 500;
const IN_FLIGHT = DEFAULT_UPDATE_CHECK_SETTINGS.concurrency;

async function pullMetric(daemon: DaemonHandle, reg: TestRegistry, opts: BenchOptions) {
  const ref = `${reg.host}/bench/pull:1`;
  const files: Record<string, Buffer> = {};
  const steps: string[] = ['FROM scratch'];
  for (let i = 0; i < LAYERS; i++) {
    files[`l${i}`] = randomBytes(LAYER_BYTES);
    steps.push(`COPY l${i} /l${i}`);
  }
  opts.log(`Building and pushing a ${LAYERS}-layer, ${(LAYERS * LAYER_BYTES) / 1e6} MB image…`);
  await buildScratchImage(daemon, { tag: ref, dockerfile: `${steps.join('\n')}\n`, files });
  await daemon.cli(['push', ref], { timeoutMs: 300_000 });
  const remove = () => daemon.cli(['rmi', '-f', ref], { allowFail: true });
  const core = await createCore({ host: daemon.host, origin: 'cli' });
  try {
    await core.ready();
    const ours = async () => {
      await remove();
      return time(async () => {
        const task = await request(core, 'images:pull', ref);
        let done: TaskInfo = task;
        while (done.state === 'running') {
          await new Promise((r) => setTimeout(r, 20));
          done = await request(core, 'tasks:get', task.id);
        }
        if (done.state !== 'succeeded')
          throw new Error(`pull ${done.state}: ${done.error?.message}`);
      });
    };
    const baseline = async () => {
      await remove();
      return time(() => daemon.cli(['pull', '-q', ref], { timeoutMs: 300_000 }));
    };
    const { baseline: b, ours: o } = await alternate(opts.runs, baseline, ours);
    opts.log(`  pull cold: ${round(o)} ms vs docker pull ${round(b)} ms`);
    return msMetric('images.pull.cold', o, b, 'ratio ≤ 1.1 (baseline: docker pull, same image)');
  } finally {
    await core.close();
    await remove();
  }
}

async function updateCheckMetric(reg: TestRegistry, opts: BenchOptions): Promise<Metric> {
  const repo = 'bench/updates';
  opts.log(`Seeding ${TAGS} tags for the update check…`);
  const seeded = await seedRegistryTags(reg.url, repo, TAGS, { tagOf: (i) => `t${i}` });
  const name = `${reg.host}/${repo}`;
  const images: ImageRecord[] = seeded.map((s, i) => ({
    id: `sha256:${i.toString(16).padStart(64, '0')}`,
    repoTags: [`${name}:${s.tag}`],
    repoDigests: [`${name}@${s.digest}`],
    parentId: null,
    created: 0,
    size: 0,
    labels: {},
    containers: [],
    dangling: false,
    intermediate: false,
  }));
  const ours = async () => {
    // A new checker each run: nothing remembered.
    const checker = new UpdateChecker({
      images: () => images,
      settings: () => DEFAULT_UPDATE_CHECK_SETTINGS,
      saveSettings: (s) => s,
      backgroundAllowed: false,
    });
    return time(async () => {
      const statuses = await checker.check();
      if (statuses.some((s) => s.state !== 'upToDate')) throw new Error('not all up to date');
    });
  };
  const baseline = () =>
    time(() =>
      mapLimit(seeded, IN_FLIGHT, async (s) => {
        const res = await fetch(`${reg.url}/v2/${repo}/manifests/${s.tag}`, {
          method: 'HEAD',
          headers: { accept: MANIFEST_ACCEPT },
        });
        if (res.headers.get('docker-content-digest') !== s.digest) throw new Error('bad digest');
      }),
    );
  await ours();
  await baseline();
  const { baseline: b, ours: o } = await alternate(opts.runs, baseline, ours);
  opts.log(`  update check of ${TAGS}: ${round(o)} ms vs ${TAGS} plain HEADs ${round(b)} ms`);
  return msMetric(
    'images.updateCheck.500',
    o,
    b,
    `ratio ≤ 1.2 (baseline: ${TAGS} HEADs by fetch, ${IN_FLIGHT} in flight)`,
  );
}

/** Every images in-and-out metric, on the given daemon and a registry started here. */
export async function benchImagesIo(daemon: DaemonHandle, opts: BenchOptions): Promise<Metric[]> {
  opts.log('Starting a docker-registry for the pull and update check benchmarks…');
  const reg = await startRegistry();
  try {
    return [await updateCheckMetric(reg, opts), await pullMetric(daemon, reg, opts)];
  } finally {
    await reg.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const daemon = await startPrivateDaemon({ name: 'bench-io' });
  try {
    const metrics = await benchImagesIo(daemon, {
      runs: Number(process.env.HANGAR_BENCH_RUNS ?? 5),
      log: (m) => process.stderr.write(`${m}\n`),
    });
    console.table(metrics);
  } finally {
    await daemon.destroy();
  }
}
