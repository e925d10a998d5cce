/**
 * The artifact cache's store and CLI against the real (shared, private) daemon: two `hangar build`
 * processes on one store at once, a store locked by another process while a build runs, a corrupt
 * store file, skaffold's cache file, the size/TTL policy with an image a container uses, and
 * `hangar cache ls`. HANGAR_HOME is a temp dir per test.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { artifactSpec, type BuildOutcome, type CacheListing } from '../../shared/artifacts.js';
import { createCore, type Core } from '../../electron/core/core.js';
import { request } from '../../electron/cli/core-client.js';
import { DEFAULT_BUSY_TIMEOUT_MS } from '../../electron/core/store/database.js';
import { StoreProvider } from '../../electron/core/store/store.js';
import { buildScratchImage, busyboxImage } from '../harness/build.js';
import { sharedDaemon } from '../harness/shared.js';
import { eventually } from '../support/oracle.js';
import { HANGAR_BIN, ROOT, runHangar } from '../support/hangar-cli.js';

function hangar(args: string[], home: string) {
  return runHangar(args, { HANGAR_HOME: home });
}

describe('artifact cache: store, CLI, skaffold, policy (real daemon)', () => {
  const daemon = sharedDaemon();
  let home: string;
  let work: string;
  let name: string;
  let core: Core | null = null;

  const openCore = async () => {
    core = await createCore({ host: daemon.host, env: { HANGAR_HOME: home } });
    await core.ready();
    return core;
  };
  const buildVia = async (c: Core, spec = artifactSpec({ name, context: work })) => {
    const info = await request(c, 'artifacts:build', spec);
    for (;;) {
      const t = await request(c, 'tasks:get', info.id);
      if (t.state !== 'running') {
        if (t.kind !== 'build' || t.state !== 'succeeded') throw new Error(t.error?.message);
        return t.result as BuildOutcome;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'hangar-home-'));
    work = realpathSync(mkdtempSync(path.join(tmpdir(), 'hangar-ctx-')));
    name = `st-${Math.random().toString(36).slice(2, 8)}`;
    writeFileSync(path.join(work, 'Dockerfile'), 'FROM scratch\nCOPY . /app/\n');
    writeFileSync(path.join(work, 'a.txt'), 'alpha');
  });

  afterEach(async () => {
    await core?.close();
    core = null;
    rmSync(home, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('two CLI processes build at once against one store; then it is a HIT', async () => {
    const args = ['build', work, '-t', `${name}:dev`, '--json', '-H', daemon.host];
    const [a, b] = await Promise.all([hangar(args, home), hangar(args, home)]);
    for (const r of [a, b]) {
      expect(r.stderr).not.toMatch(/ExperimentalWarning|locked/);
      expect(r.code).toBe(0);
    }
    const [ja, jb] = [a, b].map((r) => JSON.parse(r.stdout) as Record<string, unknown>);
    expect(Object.keys(ja ?? {}).sort()).toEqual(
      [
        'artifact',
        'changedInputs',
        'durationMs',
        'imageId',
        'key',
        'level',
        'reason',
        'status',
        'tags',
        // the registry levels asked, and the registry side of the outcome
        'levels',
        'moved',
        'pulled',
        'remoteTags',
        'pushed',
        'pushError',
        // the build's record: which builder ran, its steps, what came from the cache
        'builder',
        'buildId',
        'buildRecordId',
        'steps',
        'cachedSteps',
        'totalSteps',
        'cacheBrokeAt',
      ].sort(),
    );
    expect(ja?.key).toBe(jb?.key);
    expect(ja).toMatchObject({ artifact: name, level: 'local' });
    const store = new StoreProvider(path.join(home, 'hangar.db'));
    try {
      const s = store.get();
      expect(s.entries.all().map((e) => e.key)).toEqual([ja?.key]);
      expect(s.history.recent(10).map((h) => h.origin)).toEqual(['cli', 'cli']);
    } finally {
      store.close();
    }
    const third = await hangar(args, home);
    expect(third.code).toBe(0);
    expect(JSON.parse(third.stdout)).toMatchObject({ status: 'HIT', key: ja?.key, reason: null });

    const ls = await hangar(['cache', 'ls', '-H', daemon.host], home);
    expect(ls.code).toBe(0);
    expect(ls.stdout).toMatch(
      new RegExp(`^${String(ja?.key).slice(0, 12)}\\s+${name}\\s+present\\s+hangar`, 'm'),
    );
    expect(ls.stdout).toContain(`store: ${path.join(home, 'hangar.db')}`);
  });

  it('a store locked by another process while the build runs: the build waits, is recorded, then HITs', async () => {
    await busyboxImage(daemon, 'hangar-lock/busybox:1');
    writeFileSync(
      path.join(work, 'Dockerfile'),
      'FROM hangar-lock/busybox:1\nRUN ["/bin/busybox", "sleep", "2"]\nCOPY a.txt /a.txt\n',
    );
    const file = path.join(home, 'hangar.db');
    const cli = spawn(
      process.execPath,
      [HANGAR_BIN, 'build', work, '-t', `${name}:dev`, '-H', daemon.host],
      {
        cwd: ROOT,
        env: { ...process.env, HANGAR_HOME: home },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    let stdout = '';
    const seen = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (stderr.includes(text)) resolve();
          else if (cli.exitCode !== null) reject(new Error(`hangar build exited: ${stderr}`));
        };
        cli.stderr.on('data', check);
        cli.on('exit', check);
        check();
      });
    cli.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    cli.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const exited = new Promise<number | null>((resolve) =>
      cli.on('close', (code) => resolve(code)),
    );

    // Stop the CLI while its build runs the two-second step (progress is throttled, so the step
    // that lasts is the line to wait for), take the store's write lock from this process, and let
    // the CLI go on: it reaches its write while the lock is held.
    await seen('RUN ["/bin/busybox", "sleep", "2"]');
    cli.kill('SIGSTOP');
    const holder = new DatabaseSync(file);
    holder.exec('BEGIN IMMEDIATE');
    const entriesBefore = holder.prepare('SELECT count(*) AS n FROM cache_entries').get();
    expect(entriesBefore, 'the build was recorded before the lock was taken').toEqual({ n: 0 });
    cli.kill('SIGCONT');
    try {
      // Held past the 5 s busy timeout of every other write: the CLI says it waits.
      await seen('is locked by another process: waiting');
      await new Promise((r) => setTimeout(r, DEFAULT_BUSY_TIMEOUT_MS + 1_000));
    } finally {
      holder.exec('COMMIT');
      holder.close();
    }
    expect(await exited, stderr).toBe(0);
    expect(stdout).toMatch(new RegExp(`^MISS ${name}:`, 'm'));
    const again = await hangar(
      ['build', work, '-t', `${name}:dev`, '--json', '-H', daemon.host],
      home,
    );
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'HIT', level: 'local' });
  });

  it('a corrupt store gives a clear error naming the file, and is left as it was', async () => {
    const file = path.join(home, 'hangar.db');
    const garbage = Buffer.alloc(16384, 0x42);
    writeFileSync(file, garbage);
    const c = await openCore();
    await expect(request(c, 'artifacts:list')).rejects.toThrow(
      `The Hangar store ${file} is corrupt`,
    );
    // The rest of the app still works.
    expect((await request(c, 'images:snapshot')).version).toBeGreaterThan(0);
    const cli = await hangar(['cache', 'ls', '-H', daemon.host], home);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`hangar: The Hangar store ${file} is corrupt`);
    expect(readFileSync(file)).toEqual(garbage);
  });

  it("imports skaffold's cache file and shows its entries, which Hangar keys never match", async () => {
    const present = await buildScratchImage(daemon, {
      tag: `${name}-sk:v1`,
      files: { f: 'skaffold built me' },
    });
    const h = (c: string) => c.repeat(64);
    const file = path.join(home, 'skaffold-cache');
    writeFileSync(
      file,
      `${h('1')}:\n  id: ${present}\n` +
        `${h('2')}:\n  digest: sha256:${h('d')}\n` +
        `${h('3')}:\n  id: sha256:${h('e')}\n`,
    );
    const c = await openCore();
    const report = await request(c, 'artifacts:importSkaffold', { file });
    expect(report).toMatchObject({ file, imported: 3, updated: 0, conflicts: 0 });
    expect(report.entries.map((e) => [e.key, e.status, e.artifact])).toEqual([
      [h('1'), 'present', `${name}-sk`],
      [h('2'), 'digest-known', '(skaffold)'],
      [h('3'), 'missing', '(skaffold)'],
    ]);
    const listing: CacheListing = await request(c, 'artifacts:list');
    expect(listing.entries.map((e) => [e.key, e.source, e.state]).sort()).toEqual([
      [h('1'), 'skaffold', 'present'],
      [h('2'), 'skaffold', 'missing'],
      [h('3'), 'skaffold', 'missing'],
    ]);
    expect((await request(c, 'artifacts:importSkaffold', { file })).updated).toBe(3);

    // Even a skaffold entry filed under the very key Hangar computes is not a Hangar HIT.
    const spec = artifactSpec({ name, context: work });
    const miss = await request(c, 'artifacts:lookup', spec);
    expect(miss).toMatchObject({ status: 'MISS', reason: 'no entry' });
    writeFileSync(file, `${miss.key}:\n  id: ${present}\n`);
    await request(c, 'artifacts:importSkaffold', { file });
    expect(await request(c, 'artifacts:lookup', spec)).toMatchObject({
      status: 'MISS',
      reason: 'no entry',
      key: miss.key,
    });

    writeFileSync(file, `${h('4')}:\n  digest: nope\n`);
    await expect(request(c, 'artifacts:importSkaffold', { file })).rejects.toThrow(
      `${file}: entry ${h('4')} has a digest that is not sha256:<64 hex>; nothing was imported.`,
    );
    const cli = await hangar(
      ['cache', 'import-skaffold', path.join(home, 'nope'), '-H', daemon.host],
      home,
    );
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(`No skaffold cache file at ${path.join(home, 'nope')}`);
  });

  it('enforces the policy: previews, evicts LRU, never removes an image a container uses', async () => {
    const c = await openCore();
    const first = await buildVia(c);
    writeFileSync(path.join(work, 'a.txt'), 'alpha, second version');
    const second = await buildVia(c);
    const container = (await daemon.docker(['create', second.imageId, 'none'])).stdout.trim();
    try {
      // The policy judges "in use" from the index, as the app does: let it see the container.
      await eventually(
        async () =>
          (await request(c, 'images:snapshot')).images.find((i) => i.id === second.imageId),
        (image) => (image?.containers.length ?? 0) > 0,
        5_000,
      );
      const preview = await request(c, 'artifacts:enforcePolicy', {
        preview: true,
        maxSizeBytes: 0,
        ttlHours: null,
        removeImages: true,
        onlyKeys: null,
      });
      expect(preview.actions.map((a) => [a.key, a.reason, a.image, a.outcome])).toEqual([
        [first.key, 'lru', 'remove', null],
        [second.key, 'lru', 'keep', null],
      ]);
      expect(preview.actions[1]?.note).toMatch(/^used by \S+/);
      expect(preview.reclaimedBytes).toBe(
        first.imageId === second.imageId ? 0 : preview.actions[0]?.size,
      );
      expect((await request(c, 'artifacts:list')).entries).toHaveLength(2);

      const applied = await request(c, 'artifacts:enforcePolicy', {
        preview: false,
        maxSizeBytes: 0,
        ttlHours: null,
        removeImages: true,
        onlyKeys: [first.key],
      });
      expect(applied.actions.map((a) => [a.key, a.outcome, a.error])).toEqual([
        [first.key, 'evicted+image-removed', null],
      ]);
      const left = await daemon.docker(['image', 'inspect', first.imageId], { allowFail: true });
      expect(left.code).not.toBe(0);
      expect((await daemon.docker(['image', 'inspect', second.imageId])).code).toBe(0);
      expect((await request(c, 'artifacts:list')).entries.map((e) => e.key)).toEqual([second.key]);
    } finally {
      await daemon.docker(['rm', '-f', container]);
    }
  });

  it('keeps pinned entries out of the policy, and evicts by key prefix', async () => {
    const c = await openCore();
    const built = await buildVia(c);
    await request(c, 'artifacts:pin', { key: built.key.slice(0, 10), pinned: true });
    const report = await request(c, 'artifacts:enforcePolicy', {
      preview: false,
      maxSizeBytes: 0,
      ttlHours: null,
      removeImages: false,
      onlyKeys: null,
    });
    expect(report.actions).toEqual([]);
    expect(report.skipped).toEqual([
      { key: built.key, artifact: name, reason: 'pinned (over the size limit)' },
    ]);
    const evicted = await request(c, 'artifacts:evict', {
      keys: [built.key.slice(0, 12), 'ffffffffffff'],
      removeImages: false,
    });
    expect(evicted.actions.map((a) => [a.key, a.outcome, a.image])).toEqual([
      [built.key, 'evicted', 'keep'],
    ]);
    expect(evicted.notFound).toEqual(['ffffffffffff']);
    expect((await daemon.docker(['image', 'inspect', built.imageId])).code).toBe(0);
  });

  it('rejects an artifact with a bad name or a relative context at the boundary', async () => {
    const c = await openCore();
    await expect(
      request(c, 'artifacts:lookup', artifactSpec({ name: 'Bad Name', context: work })),
    ).rejects.toThrow(/argument 0\.name: The artifact name is an image repository/);
    await expect(
      request(c, 'artifacts:lookup', artifactSpec({ name, context: 'relative/dir' })),
    ).rejects.toThrow(/The build context is an absolute folder path/);
    mkdirSync(path.join(work, 'sub'));
    await expect(
      request(
        c,
        'artifacts:lookup',
        artifactSpec({ name, context: work, dockerfile: '../Dockerfile' }),
      ),
    ).rejects.toThrow(`The Dockerfile ../Dockerfile is outside the build context ${work}.`);
  });
});
