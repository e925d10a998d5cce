/**
 * BuildKit build benchmarks, each against a baseline measured in the same run on the same daemon:
 * - `builds.buildkit.cold`: Hangar's BuildKit build of a 1,000-file, 20 MB context and a
 *   multi-step Dockerfile with the builder's cache pruned first, vs `DOCKER_BUILDKIT=1 docker
 *   build` (Debian's 20.10 client, which builds with the daemon's BuildKit) of the same context
 *   after the same prune (goal ratio ≤ 1.1);
 * - `builds.buildkit.cached`: the same with every step in the builder's cache (a new artifact name
 *   each round, so Hangar's own cache misses and the builder does the work) (goal ratio ≤ 1.1);
 * - `builds.trace.overhead`: the time Hangar spends decoding a cold build's trace and recording it
 *   (steps, store row), as a share of that build (goal < 3%);
 * - `builds.buildkit.cold.tarBody` and `builds.buildkit.cached.tarBody` (no goal): the same builds
 *   as a bare `POST /build?version=2` of the context tarred by GNU tar in a process of its own, vs
 *   the same `docker build`. That is what the Engine API's tar body costs by itself (the whole
 *   context sent and unpacked on every build), the way Hangar's builds go on an engine that gives
 *   no BuildKit session; through a session (Hangar's BuildKit builds, the CLI's) only what changed
 *   is sent.
 * Called from bench/run.ts with its private daemon; `node --import tsx bench/builds.ts` runs it
 * alone on a daemon of its own.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifactSpec } from '../shared/artifacts.js';
import { RACY_WINDOW_MS } from '../electron/core/artifacts/file-digests.js';
import { BuildKitStreamReader } from '../electron/core/builds/buildkit-stream.js';
import { stepRecords } from '../electron/core/builds/record.js';
import { cacheCounts } from '../electron/core/builds/steps.js';
import { HangarStore } from '../electron/core/store/store.js';
import { busyboxImage } from '../test/harness/build.js';
import { startPrivateDaemon, type PrivateDaemon } from '../test/harness/daemon.js';
import { generateTree } from './artifacts.js';
import { openBenchCache } from './bench-cache.js';
import { type BenchOptions, type Metric, alternate, median, round, time } from './measure.js';

const DOCKER_20 = '/usr/bin/docker';
const BASE = 'bench-builds/busybox:1';
const DOCKERFILE = [
  `FROM ${BASE}`,
  'RUN ["/bin/busybox", "mkdir", "-p", "/app"]',
  'COPY d0/ /app/d0/',
  'COPY . /app/',
  'RUN ["/bin/busybox", "sh", "-c", "/bin/busybox find /app -type f | /bin/busybox wc -l > /count"]',
  '',
].join('\n');

function run(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(file, args, { env: { ...process.env, ...env }, maxBuffer: 64 << 20 }, (err, _o, e) =>
      err ? reject(new Error(`${file} ${args.join(' ')}: ${e || err.message}`)) : resolve(),
    ),
  );
}

/** `POST /build?version=2&networkmode=none&…` of a tar of `dir`: the raw stream's bytes and how long it took. */
function rawBuildKit(
  socketPath: string,
  dir: string,
  query: string,
): Promise<{ bytes: Buffer; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const tar = spawn('tar', ['-C', dir, '-cf', '-', '.'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const req = http.request(
      {
        socketPath,
        method: 'POST',
        path: `/v1.41/build?version=2&networkmode=none&${query}`,
        headers: { 'content-type': 'application/x-tar' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ bytes: Buffer.concat(chunks), ms: performance.now() - t0 }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    tar.stdout.pipe(req);
  });
}

export async function benchBuilds(daemon: PrivateDaemon, opts: BenchOptions): Promise<Metric[]> {
  const root = mkdtempSync(path.join(tmpdir(), 'hangar-bench-builds-'));
  const home = mkdtempSync(path.join(tmpdir(), 'hangar-bench-builds-home-'));
  const cache = await openBenchCache(daemon.host);
  const docker = (args: string[]) =>
    run(DOCKER_20, ['-H', daemon.host, ...args], { DOCKER_BUILDKIT: '1' });
  const prune = () => docker(['builder', 'prune', '-af']);
  let round_ = 0;
  const hangar = async (cold: boolean): Promise<number> => {
    if (cold) await prune();
    const spec = artifactSpec({ name: `bench-builds/app-${round_++}`, context: root });
    const t0 = performance.now();
    const o = await cache.build(spec);
    const ms = performance.now() - t0;
    if (o.builder !== 'buildkit' || !o.built) throw new Error(`not a BuildKit build: ${o.builder}`);
    const counts = { cached: o.cachedSteps ?? 0, total: o.totalSteps ?? 0 };
    if (!cold && counts.cached < counts.total - 1) {
      throw new Error(`a cached build ran steps: ${counts.cached}/${counts.total}`);
    }
    return ms;
  };
  let rawRound = 0;
  const tarBody = async (cold: boolean): Promise<number> => {
    if (cold) await prune();
    const labels = encodeURIComponent(
      JSON.stringify({ 'hangar.artifact': `bench-builds/raw-${rawRound++}` }),
    );
    const query = `t=bench-builds%2Fraw%3A1&labels=${labels}`;
    return (await rawBuildKit(daemon.socketPath, root, query)).ms;
  };
  let cliRound = 0;
  const baseline = async (cold: boolean): Promise<number> => {
    if (cold) await prune();
    // A new label each round, as each of Hangar's builds carries its own artifact label.
    const label = `hangar.artifact=bench-builds/cli-${cliRound++}`;
    const args = [
      'build',
      '-q',
      '--network',
      'none',
      '--label',
      label,
      '-t',
      'bench-builds/cli:1',
      root,
    ];
    return time(() => docker(args));
  };
  try {
    await busyboxImage(daemon, BASE);
    opts.log('Builds: a 1,000-file, 20 MB context and a five-step Dockerfile…');
    generateTree(root, 1_000, 20 * 1024 * 1024);
    writeFileSync(path.join(root, 'Dockerfile'), DOCKERFILE);
    await new Promise((r) => setTimeout(r, RACY_WINDOW_MS + 100));
    // Warm the page cache, the memo of Hangar's hasher and the CLI's first start alike.
    await hangar(true);
    await baseline(true);

    const cold = await alternate(
      opts.runs,
      () => baseline(true),
      () => hangar(true),
    );
    opts.log(`  BuildKit cold: ${round(cold.ours)} ms vs docker build ${round(cold.baseline)} ms`);
    const cached = await alternate(
      opts.runs,
      () => baseline(false),
      () => hangar(false),
    );
    opts.log(
      `  BuildKit cached: ${round(cached.ours)} ms vs docker build ${round(cached.baseline)} ms`,
    );
    const coldBody = await alternate(
      opts.runs,
      () => baseline(true),
      () => tarBody(true),
    );
    const cachedBody = await alternate(
      opts.runs,
      () => baseline(false),
      () => tarBody(false),
    );
    opts.log(
      `  tar body alone: cold ${round(coldBody.ours)} ms vs ${round(coldBody.baseline)} ms, cached ${round(cachedBody.ours)} ms vs ${round(cachedBody.baseline)} ms`,
    );

    // The trace of a cold build, then the work Hangar does on it: decode, merge, record.
    const trace = await rawBuildKit(
      daemon.socketPath,
      root,
      'nocache=1&t=bench-builds%2Ftrace%3A1',
    );
    const store = HangarStore.open(path.join(home, 'hangar.db'));
    const costs: number[] = [];
    try {
      for (let i = 0; i < Math.max(opts.runs, 15); i++) {
        costs.push(
          await time(() => {
            const reader = new BuildKitStreamReader();
            reader.push(trace.bytes);
            reader.end();
            const steps = stepRecords(reader.steps);
            const counts = cacheCounts(reader.steps);
            store.db.write(() =>
              store.builds.append({
                artifact: 'bench',
                key: 'k',
                builder: 'buildkit',
                engine: daemon.host,
                startedAt: Date.now(),
                durationMs: trace.ms,
                outcome: 'built',
                imageId: reader.imageId,
                buildId: null,
                nocache: true,
                steps,
                cachedSteps: counts.cached,
                totalSteps: counts.total,
                warnings: [],
                cacheBrokeAt: null,
                error: null,
              }),
            );
          }),
        );
      }
    } finally {
      store.close();
    }
    const share = median(costs) / trace.ms;
    opts.log(`  trace: ${round(median(costs), 2)} ms of a ${round(trace.ms)} ms build`);
    return [
      {
        name: 'builds.buildkit.cold',
        value: round(cold.ours),
        unit: 'ms',
        baseline: round(cold.baseline),
        ratio: round(cold.ours / cold.baseline, 3),
        goal: 'ratio ≤ 1.1 (baseline: DOCKER_BUILDKIT=1 docker build, builder cache pruned)',
      },
      {
        name: 'builds.buildkit.cached',
        value: round(cached.ours),
        unit: 'ms',
        baseline: round(cached.baseline),
        ratio: round(cached.ours / cached.baseline, 3),
        goal: 'ratio ≤ 1.1 (baseline: DOCKER_BUILDKIT=1 docker build, every step cached)',
      },
      {
        name: 'builds.buildkit.cold.tarBody',
        value: round(coldBody.ours),
        unit: 'ms',
        baseline: round(coldBody.baseline),
        ratio: round(coldBody.ours / coldBody.baseline, 3),
        goal: 'none: GNU tar piped to POST /build (the API tar body alone) vs the same docker build',
      },
      {
        name: 'builds.buildkit.cached.tarBody',
        value: round(cachedBody.ours),
        unit: 'ms',
        baseline: round(cachedBody.baseline),
        ratio: round(cachedBody.ours / cachedBody.baseline, 3),
        goal: 'none: GNU tar piped to POST /build (the API tar body alone) vs the same docker build',
      },
      {
        name: 'builds.trace.overhead',
        value: round(share * 100, 2),
        unit: '%',
        baseline: round(trace.ms),
        goal: '< 3% of the build (decode, merge and record its trace)',
      },
    ];
  } finally {
    cache.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const daemon = await startPrivateDaemon({ name: 'bench-builds' });
  try {
    const metrics = await benchBuilds(daemon, {
      runs: Number(process.env.HANGAR_BENCH_RUNS ?? 5),
      log: (m) => process.stderr.write(`${m}\n`),
    });
    console.table(metrics);
  } finally {
    await daemon.destroy();
  }
}
