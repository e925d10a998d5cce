/**
 * `npm run bench`: the index's performance goals, measured against baselines taken in the same run
 * on a private daemon (never timed tests). Prints a table; `-- --json` prints
 * `{ "metrics": [ { name, value, unit, baseline?, ratio? } ] }` instead.
 *
 * Seeds 1k, 5k and 10k images by `docker load` of generated tarballs (see test/harness).
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { Engine } from '../electron/core/engine/engine.js';
import { resolveEngine } from '../electron/core/engine/resolve.js';
import { IndexService } from '../electron/core/index/index-service.js';
import { benchActions } from './actions.js';
import { benchArtifacts } from './artifacts.js';
import { benchBuildCache } from './build-cache.js';
import { benchBuilds } from './builds.js';
import { benchHistory } from './history.js';
import { benchImagesIo } from './images-io.js';
import { benchLayers } from './layers.js';
import { benchRegistry } from './registry.js';
import { uiMetrics } from './ui.js';
import { startPrivateDaemon, type PrivateDaemon } from '../test/harness/daemon.js';
import { manySeedImages, writeImageTarball } from '../test/harness/image-tar.js';
import { type Metric, compare, percentile, round } from './measure.js';

const json = process.argv.includes('--json');
const RUNS = Number(process.env.HANGAR_BENCH_RUNS ?? 7);
const metrics: Metric[] = [];
const log = (msg: string) => (json ? process.stderr : process.stdout).write(`${msg}\n`);

/** The baseline: one raw `GET /images/json?all=1` on the same socket, body read and parsed. */
function rawListImages(socketPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path: '/v1.41/images/json?all=1' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve((JSON.parse(Buffer.concat(chunks).toString()) as []).length));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function connectedEngine(daemon: PrivateDaemon): Promise<Engine> {
  const engine = new Engine(resolveEngine({ flagHost: daemon.host, env: {} }));
  const status = await engine.start();
  if (status.state !== 'reachable') throw new Error(`bench daemon unreachable: ${status.state}`);
  return engine;
}

async function coldLoad(engine: Engine): Promise<IndexService> {
  const service = new IndexService(engine);
  service.start();
  await service.ready();
  return service;
}

async function seedTo(daemon: PrivateDaemon, have: number, want: number): Promise<void> {
  if (want <= have) return;
  const tar = join(daemon.dir, `bench-${want}.tar`);
  await writeImageTarball(tar, manySeedImages(want - have, { prefix: `b${want}` }));
  await daemon.docker(['load', '-q', '-i', tar], { timeoutMs: 600_000 });
}

async function main(): Promise<void> {
  log('Starting a private dockerd for the benchmark…');
  const daemon = await startPrivateDaemon({ name: 'bench' });
  try {
    const engine = await connectedEngine(daemon);
    let have = 0;
    let warm: IndexService | null = null;
    for (const [label, n] of [
      ['1k', 1000],
      ['5k', 5000],
      ['10k', 10000],
    ] as const) {
      log(`Seeding ${n} images…`);
      await seedTo(daemon, have, n);
      have = n;
      const r = await compare(
        RUNS,
        () => rawListImages(daemon.socketPath),
        async () => (await coldLoad(engine)).stop(),
      );
      metrics.push({
        name: `index.coldLoad.${label}`,
        value: round(r.ours),
        unit: 'ms',
        baseline: round(r.baseline),
        ratio: round(r.ours / r.baseline, 3),
        goal: 'ratio ≤ 1.15',
      });
      log(`  cold load ${label}: ${round(r.ours)} ms vs raw ${round(r.baseline)} ms`);
    }

    // Memory on 10k, in a process of its own; then warm queries, counting every daemon request.
    const memory = indexMemory(daemon.host);
    metrics.push({
      name: 'index.memory.10k',
      value: round(memory.mb, 1),
      unit: 'MB',
      goal: '< 50 MB',
    });
    warm = await coldLoad(engine);

    let calls = 0;
    const modem = engine.client().modem;
    const dial = modem.dial.bind(modem);
    modem.dial = (options, callback) => {
      calls++;
      dial(options, callback);
    };
    const ix = warm.index;
    const someTag = ix.all().find((r) => r.repoTags.length > 0)?.repoTags[0] ?? 'none';
    const queries: Array<[string, () => unknown]> = [
      ['dangling', () => ix.dangling().length],
      ['byTag', () => ix.byTag(someTag)],
      ['inUse', () => ix.inUse().length],
    ];
    const Q = 200;
    for (const [name, q] of queries) {
      q();
      const t0 = performance.now();
      for (let i = 0; i < Q; i++) q();
      const per = (performance.now() - t0) / Q;
      metrics.push({
        name: `index.warmQuery.10k.${name}`,
        value: round(per, 4),
        unit: 'ms/query',
        goal: '< 1 ms, 0 daemon calls',
      });
    }
    metrics.push({ name: 'index.warmQuery.10k.daemonCalls', value: calls, unit: 'calls' });
    modem.dial = dial;

    // Event → delta latency: an outside tag, until the delta that carries it is delivered.
    const docker = new Dockerode({ socketPath: daemon.socketPath, version: 'v1.41' });
    const target = ix.all().find((r) => r.repoTags.length > 0);
    if (!target) throw new Error('no tagged image to tag');
    const latencies: number[] = [];
    for (let i = 0; i < 60; i++) {
      const tag = `lat${i}`;
      const seen = new Promise<number>((resolve) => {
        const off = warm!.onDelta((d) => {
          if (d.upserts.some((u) => u.repoTags.includes(`bench/latency:${tag}`))) {
            off();
            resolve(performance.now());
          }
        });
      });
      const t0 = performance.now();
      await docker.getImage(target.id).tag({ repo: 'bench/latency', tag });
      latencies.push((await seen) - t0);
    }
    metrics.push({
      name: 'index.eventToDelta.p50',
      value: round(percentile(latencies, 50), 2),
      unit: 'ms',
    });
    metrics.push({
      name: 'index.eventToDelta.p95',
      value: round(percentile(latencies, 95), 2),
      unit: 'ms',
      goal: '< 50 ms',
    });
    warm.stop();
    engine.stop();
    metrics.push(...(await uiMetrics(daemon, log)));
    metrics.push(...(await benchActions(daemon, { runs: RUNS, log })));
    metrics.push(...(await benchArtifacts(daemon.host, { runs: RUNS, log })));
    metrics.push(...(await benchBuilds(daemon, { runs: RUNS, log })));
    metrics.push(...(await benchBuildCache(daemon, { runs: RUNS, log })));
    metrics.push(...(await benchHistory({ runs: RUNS, log })));
    metrics.push(...(await benchRegistry(daemon, { runs: RUNS, log })));
    metrics.push(...(await benchLayers(daemon, { runs: RUNS, log })));
    metrics.push(...(await benchImagesIo(daemon, { runs: RUNS, log })));
  } finally {
    await daemon.destroy();
  }

  if (json) {
    process.stdout.write(`${JSON.stringify({ metrics })}\n`);
  } else {
    console.table(
      metrics.map((m) => ({
        metric: m.name,
        value: `${m.value} ${m.unit}`,
        baseline: m.baseline === undefined ? '' : `${m.baseline} ${m.unit}`,
        ratio: m.ratio ?? '',
        goal: m.goal ?? '',
      })),
    );
  }
}

function indexMemory(host: string): { images: number; mb: number } {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'index-memory.ts'), host],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { images: number; mb: number };
}

await main();
