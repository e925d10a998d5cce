/**
 * Registry cache benchmarks, each against a baseline measured in the same run, on a real
 * Debian docker-registry on loopback started here:
 * - `registry.ls.5000tags`: every page of `registryCache:list` over 5,000 cache tags (each with its
 *   own digest, config and `created`), with a new service each run (nothing cached), vs the least
 *   any client must do for the same facts: `tags/list`, then each tag's manifest and config blob,
 *   with the same number of requests in flight (goal ratio ≤ 1.3);
 * - `registry.ls.5000tags.again`: the same listing with the service kept (configs are cached by
 *   digest, so a refresh reads one manifest per tag);
 * - `registry.search.5000tags`: a search (`match`) for the last tag of the 5,000, new service, vs
 *   the least a client must do for the same row: one `tags/list` walk, the same match on every
 *   tag, then each match's manifest and config (goal ratio ≤ 1.3);
 * - `registry.digestTags.5000tags`: which tags share a digest (the delete confirm), new service,
 *   vs `tags/list` plus a HEAD per tag by plain fetch (goal ratio ≤ 1.3);
 * - `ui.registry.firstRows.5000` / `ui.registry.allRows.5000`: the Registry cache page over the
 *   same tags (bench/ui-registry.ts);
 * - `artifacts.remoteHit`: a build through the cache on a daemon without the image, a HIT in the
 *   project registry level (pull, no build), vs a full rebuild of the same artifact (`POST /build`
 *   with `nocache`, the same context) (goal ratio ≤ 0.5).
 * Called from bench/run.ts with its private daemon; `node --import tsx bench/registry.ts` runs it
 * alone on a daemon of its own.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifactSpec } from '../shared/artifacts.js';
import { keyMatches, matchWords } from '../shared/registry-cache.js';
import { mapLimit } from '../electron/core/concurrency.js';
import { RACY_WINDOW_MS } from '../electron/core/artifacts/file-digests.js';
import { MANIFEST_ACCEPT } from '../electron/core/registry/manifest-head.js';
import { RegistryCacheService } from '../electron/core/registry/cache-service.js';
import { busyboxImage } from '../test/harness/build.js';
import { startPrivateDaemon, type DaemonHandle } from '../test/harness/daemon.js';
import { startRegistry, type TestRegistry } from '../test/harness/registry.js';
import { seedRegistryTags } from '../test/harness/registry-seed.js';
import { openBenchCache } from './bench-cache.js';
import {
  type BenchOptions,
  type Metric,
  alternate,
  compare,
  median,
  msMetric,
  round,
  time,
} from './measure.js';
import { uiRegistryMetrics } from './ui-registry.js';

const TAGS = 5_000;
const IN_FLIGHT = 12; // the service's own CONCURRENCY

/** Every tag of `repo` by plain fetch: one `tags/list` walk, 1,000 a page, sorted. */
async function rawTags(url: string, repo: string): Promise<string[]> {
  const tags: string[] = [];
  let next: string | null = `/v2/${repo}/tags/list?n=1000`;
  while (next) {
    const res: Response = await fetch(`${url}${next}`);
    const body = (await res.json()) as { tags: string[] };
    tags.push(...body.tags);
    const link = res.headers.get('link');
    next = link ? (/<([^>]+)>/.exec(link)?.[1] ?? null) : null;
  }
  return tags.sort();
}

/** Each tag's manifest and config blob by plain fetch (a row's digest, age and size need both). */
async function rawEntries(url: string, repo: string, tags: string[]): Promise<number> {
  let bytes = 0;
  await mapLimit(tags, IN_FLIGHT, async (tag) => {
    const m = await fetch(`${url}/v2/${repo}/manifests/${tag}`, {
      headers: { accept: MANIFEST_ACCEPT },
    });
    const manifest = (await m.json()) as { config: { digest: string } };
    const c = await fetch(`${url}/v2/${repo}/blobs/${manifest.config.digest}`);
    bytes += (await c.text()).length;
  });
  return bytes;
}

/** The baseline: the same facts by plain fetch, no auth dance, no paging, no error handling. */
async function rawListing(url: string, repo: string): Promise<number> {
  return rawEntries(url, repo, await rawTags(url, repo));
}

/** The baseline for a search: the tag list walked once, matched as the core does, its matches read. */
async function rawSearch(url: string, repo: string, match: string): Promise<string[]> {
  const words = matchWords(match);
  const found = (await rawTags(url, repo)).filter((tag) => keyMatches(words, tag, null));
  await rawEntries(url, repo, found);
  return found;
}

/** The baseline for `digestTags`: tags/list, then a HEAD per tag, by plain fetch. */
async function rawDigestTags(url: string, repo: string, digest: string): Promise<string[]> {
  const res = await fetch(`${url}/v2/${repo}/tags/list?n=${TAGS}`);
  const tags = ((await res.json()) as { tags: string[] }).tags.sort();
  const same: string[] = [];
  await mapLimit(tags, IN_FLIGHT, async (tag) => {
    const h = await fetch(`${url}/v2/${repo}/manifests/${tag}`, {
      method: 'HEAD',
      headers: { accept: MANIFEST_ACCEPT },
    });
    if (h.headers.get('docker-content-digest') === digest) same.push(tag);
  });
  return same;
}

async function listAll(service: RegistryCacheService, location: string): Promise<number> {
  let cursor: string | null = null;
  let n = 0;
  do {
    const page = await service.list({ location, cursor, limit: 500, ttlHours: 24 });
    n += page.entries.length;
    cursor = page.nextCursor;
  } while (cursor !== null);
  if (n !== TAGS) throw new Error(`listed ${n} tags, expected ${TAGS}`);
  return n;
}

async function listingMetrics(
  daemon: DaemonHandle,
  reg: TestRegistry,
  opts: BenchOptions,
): Promise<Metric[]> {
  const repo = 'bench/ls';
  opts.log(`Seeding ${TAGS} cache tags in the registry…`);
  const t0 = performance.now();
  await seedRegistryTags(reg.url, repo, TAGS);
  opts.log(`  seeded in ${round((performance.now() - t0) / 1000)} s`);
  const location = `${reg.host}/${repo}`;
  // The last tag: what the searches look for, and whose digest the delete confirm checks.
  const listed = await fetch(`${reg.url}/v2/${repo}/tags/list?n=${TAGS}`);
  const last = ((await listed.json()) as { tags: string[] }).tags.sort().at(-1) ?? '';
  const ui = await uiRegistryMetrics(daemon, location, TAGS, last.toUpperCase(), opts);
  if (process.env.HANGAR_BENCH_ONLY === 'ui') return ui;
  const runs = Math.max(3, Math.min(opts.runs, 5));
  const cold = await compare(
    runs,
    () => rawListing(reg.url, repo),
    () => listAll(new RegistryCacheService(), location),
  );
  const kept = new RegistryCacheService();
  await listAll(kept, location);
  const againRuns: number[] = [];
  for (let i = 0; i < runs; i++) againRuns.push(await time(() => listAll(kept, location)));
  opts.log(
    `  list ${TAGS} tags: ${round(cold.ours)} ms vs raw fetch ${round(cold.baseline)} ms; again ${round(median(againRuns))} ms`,
  );

  const head = await fetch(`${reg.url}/v2/${repo}/manifests/${last}`, {
    method: 'HEAD',
    headers: { accept: MANIFEST_ACCEPT },
  });
  const digest = head.headers.get('docker-content-digest') ?? '';
  const match = last.toUpperCase();
  const found = await compare(
    runs,
    async () => {
      const raw = await rawSearch(reg.url, repo, match);
      if (raw.length !== 1 || raw[0] !== last) throw new Error(`the raw search found ${raw}`);
    },
    async () => {
      const page = await new RegistryCacheService().list({
        location,
        cursor: null,
        limit: 100,
        ttlHours: 24,
        match,
      });
      if (page.entries.length !== 1 || page.entries[0]?.key !== last) {
        throw new Error(`the search did not find ${last} alone`);
      }
    },
  );
  const same = await compare(
    runs,
    () => rawDigestTags(reg.url, repo, digest),
    async () => {
      const found = await new RegistryCacheService().digestTags(`${location}@${digest}`);
      if (!found.keys.includes(last) || found.checked !== TAGS) {
        throw new Error(`digestTags missed ${last}: ${JSON.stringify(found.keys)}`);
      }
    },
  );
  opts.log(
    `  search for one tag: ${round(found.ours)} ms vs raw ${round(found.baseline)} ms; tags of a digest: ${round(same.ours)} ms vs raw ${round(same.baseline)} ms`,
  );
  return [
    ...ui,
    msMetric(
      'registry.ls.5000tags',
      cold.ours,
      cold.baseline,
      'ratio ≤ 1.3 (baseline: tags/list + manifest + config by plain fetch)',
    ),
    msMetric(
      'registry.ls.5000tags.again',
      median(againRuns),
      cold.baseline,
      'configs cached by digest: below the cold listing',
    ),
    msMetric(
      'registry.search.5000tags',
      found.ours,
      found.baseline,
      'ratio ≤ 1.3 (baseline: one tags/list walk, the same match, the match read, by plain fetch)',
    ),
    msMetric(
      'registry.digestTags.5000tags',
      same.ours,
      same.baseline,
      'ratio ≤ 1.3 (baseline: tags/list + a HEAD per tag by plain fetch)',
    ),
  ];
}

/** 200 files, 20 MB, `COPY` onto a busybox base and one `RUN`: a small real-world artifact. */
function generateContext(root: string, base: string): void {
  writeFileSync(
    path.join(root, 'Dockerfile'),
    `FROM ${base}\nCOPY . /app/\nRUN ["/bin/busybox", "sh", "-c", "/bin/busybox find /app -type f | /bin/busybox wc -l > /count"]\n`,
  );
  const pool = randomBytes(4 * 1024 * 1024);
  for (let i = 0; i < 200; i++) {
    const dir = path.join(root, `d${Math.floor(i / 50)}`);
    if (i % 50 === 0) mkdirSync(dir, { recursive: true });
    const size = 100 * 1024;
    const start = (i * 7919) % (pool.length - size);
    writeFileSync(path.join(dir, `f${i}.bin`), pool.subarray(start, start + size));
  }
}

async function remoteHitMetric(
  daemon: DaemonHandle,
  reg: TestRegistry,
  opts: BenchOptions,
): Promise<Metric> {
  const root = mkdtempSync(path.join(tmpdir(), 'hangar-bench-remote-'));
  const cache = await openBenchCache(daemon.host);
  const { engine, index } = cache;
  try {
    const base = 'hangar-bench/busybox:latest';
    await busyboxImage(daemon, base);
    generateContext(root, base);
    await new Promise((r) => setTimeout(r, RACY_WINDOW_MS + 100));
    cache.store.get().settings.setRemoteCache({
      project: `${reg.host}/bench/cache`,
      global: null,
      pushAfterBuild: true,
      onMoved: 'pinned',
      insecureRegistries: [],
    });
    const spec = artifactSpec({ name: 'bench-remote', context: root });
    const build = () => cache.build(spec);
    opts.log('Building a 20 MB busybox-based artifact and pushing it to the project level…');
    const first = await build();
    if (!first.pushed) throw new Error(`the first build did not push: ${first.pushError ?? ''}`);
    const hashed = await cache.hashed(spec);
    const rebuild = () =>
      cache.rawBuild(hashed, { t: 'bench-remote:rebuild', nocache: true, rm: true, forcerm: true });
    // The pulled image has the built one's id (its config digest): removing it empties the cache.
    // The lookup's local HIT path trusts the live index, so wait for it to see the removal.
    const wipe = async () => {
      await engine.client().getImage(first.imageId).remove({ force: true });
      while (index.index.get(first.imageId)) await new Promise((r) => setTimeout(r, 5));
    };
    const runs = Math.max(3, Math.min(opts.runs, 5));
    const { baseline: b, ours: o } = await alternate(
      runs,
      () => time(rebuild),
      async () => {
        await wipe();
        return time(async () => {
          const o = await build();
          if (o.status !== 'HIT' || o.built || !o.pulled) {
            throw new Error(`expected a remote HIT with a pull, got ${o.status} at ${o.level}`);
          }
        });
      },
    );
    opts.log(`  remote HIT: ${round(o)} ms vs full rebuild ${round(b)} ms`);
    return msMetric(
      'artifacts.remoteHit',
      o,
      b,
      'ratio ≤ 0.5 (baseline: POST /build nocache of the same context)',
    );
  } finally {
    cache.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/** Every registry cache metric, on the given daemon and a registry started here. */
export async function benchRegistry(daemon: DaemonHandle, opts: BenchOptions): Promise<Metric[]> {
  opts.log('Starting a docker-registry for the registry cache benchmarks…');
  const reg = await startRegistry();
  try {
    const only = process.env.HANGAR_BENCH_ONLY;
    const listing = only === 'remoteHit' ? [] : await listingMetrics(daemon, reg, opts);
    const remote = only === 'ls' || only === 'ui' ? [] : [await remoteHitMetric(daemon, reg, opts)];
    return [...listing, ...remote];
  } finally {
    await reg.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const daemon = await startPrivateDaemon({ name: 'bench-reg' });
  try {
    const metrics = await benchRegistry(daemon, {
      runs: Number(process.env.HANGAR_BENCH_RUNS ?? 5),
      log: (m) => process.stderr.write(`${m}\n`),
    });
    console.table(metrics);
  } finally {
    await daemon.destroy();
  }
}
