/**
 * BuildKit's build cache against a real dockerd of our own (its cache is ours alone, so totals and
 * prunes are exact), filled by real BuildKit builds (`POST /build?version=2&networkmode=none` with
 * a tar body; `RUN` and `RUN --mount=type=cache` over a busybox `FROM scratch` image). The oracles are the daemon's
 * raw `GET /system/df` (read with node's http, not through Hangar's client) and the 20.10 CLI's
 * `docker system df -v`. Podman's answer is read from the shared Podman service.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactSpec } from '../../shared/artifacts.js';
import type { BuildCacheListing, BuildCacheRecord } from '../../shared/build-cache.js';
import { request } from '../../electron/cli/core-client.js';
import { BUILDKIT_SOURCE } from '../../electron/core/build-cache/build-cache-service.js';
import { createCore, type Core } from '../../electron/core/core.js';
import { busyboxImage } from '../harness/build.js';
import {
  BUSYBOX_HEADER,
  buildKitBuild,
  cacheMountRun,
  rawBuildCache as rawDf,
  sizedRun as run,
  type RawBuildCacheRecord as RawRecord,
} from '../harness/buildkit.js';
import { startPrivateDaemon, type PrivateDaemon } from '../harness/daemon.js';
import { sharedPodman } from '../harness/shared.js';
import { runHangar } from '../support/hangar-cli.js';
import { eventually } from '../support/oracle.js';

function records(listing: BuildCacheListing): BuildCacheRecord[] {
  if (!listing.supported) throw new Error(`no build cache: ${listing.reason}`);
  return listing.records;
}

describe('build cache', () => {
  let daemon: PrivateDaemon;
  let core: Core;
  let home: string;

  /** A BuildKit build of `dockerfile` (its RUN steps use busybox's sh); its image is removed. */
  const build = (dockerfile: string) => buildKitBuild(daemon, dockerfile);
  const header = BUSYBOX_HEADER();
  const byMarker = (list: BuildCacheRecord[], marker: string) =>
    list.filter((r) => r.description.includes(`echo ${marker}`) && r.type === 'regular');

  const sameSet = (a: Set<string>, b: Set<string>) =>
    a.size === b.size && [...a].every((x) => b.has(x));
  /**
   * The daemon's record ids once they satisfy `check` (or after 10 s, for the assertion to show):
   * the core lists the cache again after a prune, so a read right after it can meet that listing.
   */
  const settledDf = async (check: (ids: Set<string>) => boolean) =>
    eventually(
      async () => new Set((await rawDf(daemon.socketPath)).map((r) => r.ID)),
      check,
      10_000,
    );

  beforeAll(async () => {
    daemon = await startPrivateDaemon({ name: 'bcache' });
    home = mkdtempSync(path.join(tmpdir(), 'hangar-bc-home-'));
    await busyboxImage(daemon, 'bb:1');
    core = await createCore({ host: daemon.host, env: { ...process.env, HANGAR_HOME: home } });
    await core.ready();
  }, 120_000);
  afterAll(async () => {
    await core?.close();
    await daemon?.destroy();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('lists exactly what the daemon reports, with totals and a cache mount', async () => {
    await build(`${header}${cacheMountRun('lista', 64)}${run('lista', 200)}`);
    const listing = await request(core, 'buildCache:list', { refresh: true });
    const raw = await rawDf(daemon.socketPath);
    const mine = records(listing);
    expect(raw.length).toBeGreaterThan(0);
    expect(new Map(mine.map((r) => [r.id, [r.type, r.size, r.inUse, r.shared]]))).toEqual(
      new Map(raw.map((r) => [r.ID, [r.Type, r.Size, r.InUse, r.Shared]])),
    );
    const sum = (f: (r: RawRecord) => boolean) => raw.filter(f).reduce((s, r) => s + r.Size, 0);
    if (!listing.supported) throw new Error('unsupported');
    // Read through BuildKit's own DiskUsage call, checked above against /system/df.
    expect(listing.source).toBe(BUILDKIT_SOURCE);
    expect(listing.totals).toEqual({
      count: raw.length,
      bytes: sum(() => true),
      reclaimableBytes: sum((r) => !r.InUse && !r.Shared),
      inUseBytes: sum((r) => r.InUse),
      sharedBytes: sum((r) => r.Shared),
    });
    expect(Object.values(listing.byType).reduce((s, t) => s + t.bytes, 0)).toBe(
      listing.totals.bytes,
    );
    const mount = mine.find((r) => r.type === 'exec.cachemount');
    expect(mount?.description).toMatch(/^cached mount \/cache-lista from exec /);
    expect(byMarker(mine, 'lista')).toHaveLength(1);
    // The 20.10 CLI as a second oracle: the same ids (it shows them cut to 12 characters).
    const cli = (await daemon.docker(['system', 'df', '-v'])).stdout;
    const section = cli.slice(cli.indexOf('Build cache usage'));
    const cliIds = new Set(
      section
        .split('\n')
        .slice(2)
        .map((l) => l.split(/\s+/)[0])
        .filter((w): w is string => !!w && /^[a-z0-9]{12}$/.test(w)),
    );
    expect(cliIds).toEqual(new Set(mine.map((r) => r.id.slice(0, 12))));
  }, 180_000);

  it('answers from memory until something changes, and says when it was computed', async () => {
    const first = await request(core, 'buildCache:list', { refresh: true });
    const again = await request(core, 'buildCache:list', {});
    expect(again.computedAt).toBe(first.computedAt);
    const [a, b] = await Promise.all([
      request(core, 'buildCache:list', { refresh: true }),
      request(core, 'buildCache:list', { refresh: true }),
    ]);
    expect(a.computedAt).toBeGreaterThanOrEqual(first.computedAt);
    expect(b.computedAt).toBe(a.computedAt);
  });

  it('prunes by type exactly the previewed cache mounts, and reports', async () => {
    const before = records(await request(core, 'buildCache:list', { refresh: true }));
    const preview = await request(core, 'buildCache:prunePreview', { types: ['exec.cachemount'] });
    const expected = before.filter((r) => r.type === 'exec.cachemount' && r.reclaimable);
    expect(expected.length).toBeGreaterThan(0);
    expect(new Set(preview.records.map((r) => r.id))).toEqual(new Set(expected.map((r) => r.id)));
    const report = await request(core, 'buildCache:prune', preview.id);
    expect(new Set(report.deleted)).toEqual(new Set(expected.map((r) => r.id)));
    expect(report.failed).toEqual([]);
    const kept = new Set(before.filter((r) => !report.deleted.includes(r.id)).map((r) => r.id));
    const after = await settledDf((ids) => sameSet(ids, kept));
    expect(new Set(after)).toEqual(kept);
    expect(report.reclaimedBytes).toBe(preview.reclaimBytes);
  }, 60_000);

  it('--keep-storage removes the least recently used first (A, B, A again: B goes)', async () => {
    await build(`${header}${run('lruA', 300)}`);
    await build(`${header}${run('lruB', 2000)}`);
    await build(`${header}${run('lruA', 300)}`); // from the cache: A is used again
    const list = records(await request(core, 'buildCache:list', { refresh: true }));
    const [a] = byMarker(list, 'lruA');
    const [b] = byMarker(list, 'lruB');
    expect(a && b).toBeTruthy();
    expect(a!.lastUsedAt!).toBeGreaterThan(b!.lastUsedAt!);
    const total = list.reduce((s, r) => s + r.size, 0);
    const preview = await request(core, 'buildCache:prunePreview', {
      keepStorage: total - Math.floor(b!.size / 2),
    });
    const ids = preview.records.map((r) => r.id);
    expect(ids).toContain(b!.id);
    expect(ids).not.toContain(a!.id);
    const report = await request(core, 'buildCache:prune', preview.id);
    expect(new Set(report.deleted)).toEqual(new Set(ids));
    const after = await settledDf((ids) => !ids.has(b!.id) && ids.has(a!.id));
    expect(after.has(b!.id)).toBe(false);
    expect(after.has(a!.id)).toBe(true);
  }, 180_000);

  it('--until keeps what was used within it', async () => {
    await build(`${header}${run('oldX', 100)}`);
    await new Promise((r) => setTimeout(r, 3_000));
    await build(`${header}${run('newY', 100)}`);
    const list = records(await request(core, 'buildCache:list', { refresh: true }));
    const [x] = byMarker(list, 'oldX');
    const [y] = byMarker(list, 'newY');
    const preview = await request(core, 'buildCache:prunePreview', { unusedFor: '2s' });
    const ids = preview.records.map((r) => r.id);
    expect(ids).toContain(x!.id);
    expect(ids).not.toContain(y!.id);
  }, 180_000);

  it('skips a previewed record that a build uses between the preview and the prune', async () => {
    await build(`${header}${run('busyC', 100)}`);
    const list = records(await request(core, 'buildCache:list', { refresh: true }));
    const [c] = byMarker(list, 'busyC');
    const preview = await request(core, 'buildCache:prunePreview', {});
    expect(preview.records.map((r) => r.id)).toContain(c!.id);
    // A build on top of C's step that holds it while it sleeps.
    const holding = build(`${header}${run('busyC', 100)}RUN /bin/busybox sleep 8\n`);
    const seen = await eventually(
      () => rawDf(daemon.socketPath),
      (raw) => raw.some((r) => r.ID === c!.id && r.InUse),
      30_000,
    );
    expect(seen.find((r) => r.ID === c!.id)?.InUse).toBe(true);
    const report = await request(core, 'buildCache:prune', preview.id);
    expect(report.skipped.find((s) => s.id === c!.id)?.reason).toMatch(/in use/);
    expect(report.deleted).not.toContain(c!.id);
    await holding;
    expect((await settledDf((ids) => ids.has(c!.id))).has(c!.id)).toBe(true);
  }, 180_000);

  it("refreshes on another tool's docker builder prune (the builder event)", async () => {
    await build(`${header}${run('outside', 50)}`);
    const before = records(await request(core, 'buildCache:list', { refresh: true }));
    expect(before.some((r) => r.reclaimable)).toBe(true);
    const changed: number[] = [];
    const off = core.subscribe((event, payload) => {
      if (event === 'buildCache:changed')
        changed.push((payload as { computedAt: number }).computedAt);
    });
    const prunedAt = Date.now();
    await daemon.docker(['builder', 'prune', '-af']);
    // No refresh asked: only the event can make the listing change.
    const after = await eventually(
      () => request(core, 'buildCache:list', {}),
      (l) => l.supported && !l.records.some((r) => r.reclaimable),
      15_000,
    );
    expect(records(after).filter((r) => r.reclaimable)).toEqual([]);
    // The page is told: the core read the cache again after the event.
    await eventually(
      async () => changed.length,
      (n) => n > 0,
      15_000,
    );
    off();
    expect(changed.some((at) => at >= prunedAt)).toBe(true);
  }, 120_000);

  it('hangar builder: du --json, prune --dry-run --json, a refusal without a terminal, --yes --json', async () => {
    await build(`${header}${run('cliZ', 100)}`);
    const env = { HANGAR_HOME: home };
    const du = await runHangar(['builder', 'du', '--json', '--host', daemon.host], env);
    expect(du.code).toBe(0);
    const listing = JSON.parse(du.stdout) as BuildCacheListing;
    const [z] = byMarker(records(listing), 'cliZ');
    expect(z).toBeTruthy();
    const verbose = await runHangar(['builder', 'du', '--verbose', '--host', daemon.host], env);
    expect(verbose.code).toBe(0);
    expect(verbose.stdout).toContain(`ID:           ${z!.id}`);
    expect(verbose.stdout).toContain(`Description:  ${z!.description}`);
    const dry = await runHangar(
      ['builder', 'prune', '--type', 'regular', '--dry-run', '--json', '--host', daemon.host],
      env,
    );
    expect(dry.code).toBe(0);
    const preview = JSON.parse(dry.stdout) as {
      records: Record<string, unknown>[];
      reclaimBytes: number;
    };
    expect(Object.keys(preview).sort()).toEqual(['reclaimBytes', 'records']);
    expect(Object.keys(preview.records[0] ?? {}).sort()).toEqual(
      ['description', 'id', 'lastUsedAt', 'reason', 'size', 'type'].sort(),
    );
    expect(preview.records.map((r) => r.id)).toContain(z!.id);
    const refused = await runHangar(['builder', 'prune', '--host', daemon.host], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(z!.id.slice(0, 12));
    expect(refused.stderr).toMatch(/without --yes/);
    expect((await settledDf((ids) => ids.has(z!.id))).has(z!.id)).toBe(true);
    const done = await runHangar(
      ['builder', 'prune', '--type', 'regular', '--yes', '--json', '--host', daemon.host],
      env,
    );
    expect(done.code).toBe(0);
    const report = JSON.parse(done.stdout) as { deleted: string[] };
    expect(Object.keys(report).sort()).toEqual(['deleted', 'failed', 'reclaimedBytes', 'skipped']);
    expect(report.deleted).toContain(z!.id);
    expect((await settledDf((ids) => ids.size > 0 && !ids.has(z!.id))).has(z!.id)).toBe(false);
    // The old spelling is gone: one way to do it.
    const old = await runHangar(['build-cache', 'ls', '--host', daemon.host], env);
    expect(old.code).toBe(2);
  }, 180_000);

  it('lists the cache while another tool computes the disk usage, and beside the images’ own', async () => {
    await build(`${header}${run('beside', 50)}`);
    // What the records are (a record right after a build can come back under a new id).
    const described = (list: { description: string; type: string }[]) =>
      list.map((r) => `${r.type} ${r.description}`).sort();
    const want = described(
      (await rawDf(daemon.socketPath)).map((r) => ({ type: r.Type, description: r.Description })),
    );
    // The daemon computes one disk usage at a time and answers 500 to a second one meanwhile:
    // another tool's request first, then the core's two readers of /system/df at once.
    for (let round = 0; round < 4; round++) {
      const other = rawDf(daemon.socketPath);
      const [listing, usage] = await Promise.all([
        request(core, 'buildCache:list', { refresh: true }),
        request(core, 'images:diskUsage', { refresh: true }),
      ]);
      expect(described(records(listing))).toEqual(want);
      expect(usage.estimated).toBe(false);
      expect(usage.layersSize).toBeGreaterThan(0);
      expect((await other).length).toBe(want.length);
    }
  }, 60_000);

  it('the keep-under policy prunes least recently used first down to the limit, and logs it', async () => {
    const env = { HANGAR_HOME: home };
    await build(`${header}${run('polOld', 1500)}`);
    await build(`${header}${run('polNew', 300)}`);
    const list = records(await request(core, 'buildCache:list', { refresh: true }));
    const [old] = byMarker(list, 'polOld');
    const [recent] = byMarker(list, 'polNew');
    expect(old && recent).toBeTruthy();
    expect(recent!.lastUsedAt!).toBeGreaterThan(old!.lastUsedAt!);
    const total = list.reduce((sum, r) => sum + r.size, 0);
    // Off by default: a check does nothing.
    expect((await request(core, 'buildCache:checkPolicy')).outcome).toBe('off');
    // The limit set through the CLI, read by this core through the same store.
    const limit = total - Math.floor(old!.size / 2);
    const set = await runHangar(
      ['builder', 'policy', '--keep-under', String(limit), '--json', '--host', daemon.host],
      env,
    );
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ keepUnderBytes: limit });
    expect((JSON.parse(set.stdout) as { daemonGc: string }).daemonGc).toMatch(/builder\.gc/);
    // What an LRU prune down to the limit would take, worked out from the daemon's own answer.
    const expected = await request(core, 'buildCache:prunePreview', {
      all: true,
      keepStorage: limit,
    });
    expect(expected.records.map((r) => r.id)).toContain(old!.id);
    expect(expected.records.map((r) => r.id)).not.toContain(recent!.id);
    const check = await request(core, 'buildCache:checkPolicy');
    expect(check.outcome).toBe('pruned');
    expect(check.limitBytes).toBe(limit);
    expect(check.entry?.origin).toBe('policy');
    const deleted = (check.entry?.deleted ?? []).map((d) => d.id);
    expect(new Set(deleted)).toEqual(new Set(expected.records.map((r) => r.id)));
    const after = await settledDf((ids) => !ids.has(old!.id));
    expect(after.has(old!.id)).toBe(false);
    expect(after.has(recent!.id)).toBe(true);
    // Within the limit now: the next check does nothing.
    expect((await request(core, 'buildCache:checkPolicy')).outcome).toBe('within');
    // The log keeps it, with the records and why.
    const growth = await request(core, 'buildCache:growth', {});
    const logged = growth.prunes.find((p) => p.id === check.entry?.id);
    expect(logged?.deleted.find((d) => d.id === old!.id)?.description).toBe(old!.description);
    expect(logged?.limitBytes).toBe(limit);
    const off = await runHangar(
      ['builder', 'policy', '--off', '--json', '--host', daemon.host],
      env,
    );
    expect(JSON.parse(off.stdout)).toMatchObject({ keepUnderBytes: null });
  }, 180_000);

  it('records the totals at each refresh for the growth chart', async () => {
    const since = Date.now() - 1;
    await build(`${header}${run('growA', 100)}`);
    const first = await request(core, 'buildCache:list', { refresh: true });
    await build(`${header}${run('growB', 400)}`);
    const second = await request(core, 'buildCache:list', { refresh: true });
    const growth = await request(core, 'buildCache:growth', { since });
    const at = (l: BuildCacheListing) => growth.points.find((p) => p.at === l.computedAt);
    if (!first.supported || !second.supported) throw new Error('unsupported');
    expect(at(first)).toEqual({
      at: first.computedAt,
      count: first.totals.count,
      bytes: first.totals.bytes,
      reclaimableBytes: first.totals.reclaimableBytes,
    });
    expect(at(second)?.bytes).toBe(second.totals.bytes);
    expect(second.totals.bytes).toBeGreaterThan(first.totals.bytes);
    expect(growth.points.map((p) => p.at)).toEqual([...growth.points.map((p) => p.at)].sort());
  }, 120_000);

  it('attributes RUN and cache-mount records to the artifact Hangar built them for', async () => {
    const project = (name: string, dockerfile: string) => {
      const dir = mkdtempSync(path.join(tmpdir(), `hangar-bc-${name}-`));
      writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
      return artifactSpec({ name, context: dir, tags: [`${name}:dev`] });
    };
    const api = project(
      'bc-api',
      `${header}RUN --mount=type=cache,target=/root/.npm /bin/busybox echo api-ci > /root/.npm/log && /bin/busybox echo api-ci\n`,
    );
    const web = project('bc-web', `${header}RUN /bin/busybox echo web-make\n`);
    for (const spec of [api, web]) {
      const info = await request(core, 'artifacts:build', spec, {}, { network: 'none' });
      const task = await eventually(
        () => request(core, 'tasks:get', info.id),
        (t) => t.state !== 'running',
        120_000,
      );
      expect(task.state, task.error?.message).toBe('succeeded');
    }
    // An outside build of another command: Hangar has no record of it.
    await build(`${header}${run('outsider', 10)}`);
    const list = records(await request(core, 'buildCache:list', { refresh: true }));
    const of = (text: string, type = 'regular') =>
      list.find((r) => r.type === type && r.description.includes(text));
    expect(of('echo api-ci')?.attribution).toMatchObject({
      artifact: 'bc-api',
      step: 'RUN /bin/busybox echo api-ci > /root/.npm/log && /bin/busybox echo api-ci',
    });
    expect(of('echo api-ci', 'exec.cachemount')?.attribution).toMatchObject({
      artifact: 'bc-api',
      step: 'cache mount /root/.npm',
    });
    expect(of('echo web-make')?.attribution).toMatchObject({
      artifact: 'bc-web',
      step: 'RUN /bin/busybox echo web-make',
    });
    expect(of('echo outsider')?.attribution).toBeNull();
    // --artifact: only what Hangar attributes to that artifact (its image keeps the RUN shared).
    const preview = await request(core, 'buildCache:prunePreview', { artifact: 'bc-api' });
    const attributed = records(await request(core, 'buildCache:list', { refresh: true }))
      .filter((r) => r.attribution?.artifact === 'bc-api' && r.reclaimable)
      .map((r) => r.id);
    expect(attributed).toContain(of('echo api-ci', 'exec.cachemount')?.id);
    expect(preview.records.map((r) => r.id).sort()).toEqual(attributed.sort());
  }, 300_000);

  it('Podman says in words that it keeps no BuildKit cache', async () => {
    const podman = sharedPodman();
    const pcore = await createCore({
      host: podman.host,
      env: { ...process.env, HANGAR_HOME: home },
    });
    try {
      await pcore.ready();
      const listing = await request(pcore, 'buildCache:list', {});
      expect(listing.supported).toBe(false);
      if (!listing.supported)
        expect(listing.reason).toMatch(/Podman keeps no BuildKit build cache/);
      await expect(request(pcore, 'buildCache:prunePreview', {})).rejects.toThrow(/Podman/);
    } finally {
      await pcore.close();
    }
  });
});
