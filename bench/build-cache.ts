/**
 * Build cache benchmarks, each against a baseline measured in the same run on the same daemon:
 * - `buildCache.list.1000`: Hangar's listing (`BuildCacheService.list({refresh})`: BuildKit's
 *   DiskUsage call over `POST /grpc`, the records normalised, reclaimable worked out, totals and
 *   per type, attribution) of 1,000+ records vs a raw `GET /system/df` on the same socket, body
 *   read and parsed, over
 *   `LIST_ROUNDS` alternating rounds after one untimed call of each (goal ratio ≤ 1.1);
 * - `buildCache.prune.500`: Hangar's exact prune of 500+ records (the preview, the re-check
 *   against a fresh listing, `POST /build/prune` a batch of anchored ids at a time) vs one
 *   `POST /build/prune` removing the same records by filter (`all=1`, `type=regular`), each round
 *   on a cache freshly seeded with the same builds (goal ratio ≤ 1.5).
 * The records come from BuildKit builds (`buildKitBuild`, `networkmode=none`) of a Dockerfile with
 * 250 `COPY` steps each: one record per step, a chain 250 deep, a build-unique first step so no
 * build reuses another's records.
 * Called from bench/run.ts with its private daemon; `node --import tsx bench/build-cache.ts` runs
 * it alone on a daemon of its own.
 */
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildCacheTotals } from '../shared/build-cache.js';
import { BuildCacheService } from '../electron/core/build-cache/build-cache-service.js';
import { Engine } from '../electron/core/engine/engine.js';
import { resolveEngine } from '../electron/core/engine/resolve.js';
import { busyboxImage } from '../test/harness/build.js';
import { BUSYBOX_HEADER, buildKitBuild } from '../test/harness/buildkit.js';
import { startPrivateDaemon, type PrivateDaemon } from '../test/harness/daemon.js';
import { type BenchOptions, type Metric, alternate, compare, msMetric, time } from './measure.js';

const BASE = 'bench-bc/bb:1';
const STEPS = 250;
/**
 * Rounds of the listing. One call takes about 25 ms, nearly all of it the daemon's (on this
 * daemon of one image, BuildKit's DiskUsage is most of `/system/df` too), and the daemon's time
 * alone moves by more than the 10 % the goal allows: with `/system/df` for both, five rounds gave
 * 0.72 to 1.38 and thirty 1.03 and 1.21.
 */
const LIST_ROUNDS = 80;

/** A Dockerfile of `STEPS` COPY steps whose first step is unique to `marker`. */
function manySteps(marker: string): {
  dockerfile: string;
  files: { name: string; content: Buffer }[];
} {
  const lines = [BUSYBOX_HEADER(BASE), 'COPY marker /marker\n'];
  for (let i = 1; i < STEPS; i++) lines.push(`COPY f /f${i}\n`);
  return {
    dockerfile: lines.join(''),
    files: [
      { name: 'marker', content: Buffer.from(`${marker}\n`) },
      { name: 'f', content: Buffer.from('x\n') },
    ],
  };
}

let seeded = 0;
async function seed(daemon: PrivateDaemon, builds: number): Promise<void> {
  for (let i = 0; i < builds; i++) {
    const { dockerfile, files } = manySteps(`bench-${process.pid}-${seeded++}`);
    await buildKitBuild(daemon, dockerfile, { files });
  }
}

/** The baseline of the listing: one raw `GET /system/df`, body read and parsed. */
function rawDf(socketPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath, path: '/v1.41/system/df' }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const answer = JSON.parse(Buffer.concat(chunks).toString()) as { BuildCache?: [] };
          resolve(answer.BuildCache?.length ?? 0);
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** The baseline of the prune: one `POST /build/prune` by filter; resolves to the records deleted. */
function rawPrune(socketPath: string): Promise<number> {
  const filters = encodeURIComponent(JSON.stringify({ type: ['regular'] }));
  return new Promise((resolve, reject) => {
    const req = http.request(
      { socketPath, method: 'POST', path: `/v1.41/build/prune?all=1&filters=${filters}` },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode !== 200) reject(new Error(`${res.statusCode}: ${text}`));
          else
            resolve((JSON.parse(text) as { CachesDeleted?: string[] }).CachesDeleted?.length ?? 0);
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export async function benchBuildCache(
  daemon: PrivateDaemon,
  opts: BenchOptions,
): Promise<Metric[]> {
  const engine = new Engine(resolveEngine({ flagHost: daemon.host, env: {} }));
  const status = await engine.start();
  if (status.state !== 'reachable') throw new Error(`bench daemon unreachable: ${status.state}`);
  // As the app has it: attribution asks for Hangar's build records (none on this daemon).
  const service = new BuildCacheService({ engine, builds: () => [] });
  const count = async (): Promise<BuildCacheTotals> => {
    const l = await service.list({ refresh: true });
    if (!l.supported) throw new Error(l.reason);
    return l.totals;
  };
  try {
    await busyboxImage(daemon, BASE);
    await daemon.docker(['builder', 'prune', '-af']);
    opts.log('Seeding 1,000 build cache records (4 builds of 250 COPY steps)…');
    while ((await count()).count < 1000) await seed(daemon, 1);
    const listed = (await count()).count;
    const list = await compare(
      Math.max(opts.runs, LIST_ROUNDS),
      () => rawDf(daemon.socketPath),
      () => service.list({ refresh: true }),
    );
    opts.log(
      `  list ${listed} records: ${list.ours.toFixed(1)} ms vs raw /system/df ${list.baseline.toFixed(1)} ms`,
    );

    // The prune: each round on a cache holding exactly two fresh builds' records.
    const fresh = async (): Promise<number> => {
      await daemon.docker(['builder', 'prune', '-af']);
      await seed(daemon, 2);
      return (await count()).count;
    };
    const deleted = { ours: [] as number[], baseline: [] as number[] };
    const pruneRuns = Math.min(opts.runs, 5);
    opts.log(`Pruning 500 build cache records, ${pruneRuns} rounds each way…`);
    const prune = await alternate(
      pruneRuns,
      async () => {
        await fresh();
        let n = 0;
        const ms = await time(async () => {
          n = await rawPrune(daemon.socketPath);
        });
        deleted.baseline.push(n);
        return ms;
      },
      async () => {
        await fresh();
        let n = 0;
        const ms = await time(async () => {
          const preview = await service.prunePreview({ types: ['regular'], all: true });
          const report = await service.prune(preview.id);
          if (report.failed.length > 0) throw new Error(`prune failed: ${report.failed[0]?.error}`);
          n = report.deleted.length;
        });
        deleted.ours.push(n);
        return ms;
      },
    );
    opts.log(
      `  prune: ${prune.ours.toFixed(1)} ms (deleted ${deleted.ours.join(', ')}) vs POST /build/prune ${prune.baseline.toFixed(1)} ms (deleted ${deleted.baseline.join(', ')})`,
    );
    // The same records each way: both under 500 would not measure what is asked.
    if ([...deleted.ours, ...deleted.baseline].some((n) => n < 500)) {
      throw new Error(
        `a prune deleted under 500 records: ${deleted.ours.join()} vs ${deleted.baseline.join()}`,
      );
    }
    return [
      msMetric('buildCache.list.1000', list.ours, list.baseline, 'ratio ≤ 1.1'),
      msMetric('buildCache.prune.500', prune.ours, prune.baseline, 'ratio ≤ 1.5'),
    ];
  } finally {
    engine.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const daemon = await startPrivateDaemon({ name: 'bench-bc' });
  try {
    const metrics = await benchBuildCache(daemon, {
      runs: Number(process.env.HANGAR_BENCH_RUNS ?? 5),
      log: (m) => process.stderr.write(`${m}\n`),
    });
    console.table(metrics);
  } finally {
    await daemon.destroy();
  }
}
