/**
 * Registry cache levels in lookups and builds, on two real daemons sharing one real
 * registry: machine A (the shared daemon, its own HANGAR_HOME) builds and pushes `project:KEY`;
 * machine B (a second private daemon, another HANGAR_HOME) gets a remote HIT, pulls that exact
 * digest and does not build. Also: the global level asked before the project's, a tag moved by
 * another writer (pinned vs newest), a remote HIT_TOO_OLD rebuilt and pushed again, tagging in the
 * registry without a pull, and an unreachable registry (a MISS at that level, the build still
 * cached locally). Each level asked is a history row.
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  artifactSpec,
  type ArtifactSpec,
  type BuildOutcome,
  type LookupRecord,
} from '../../shared/artifacts.js';
import type { CacheLevelOptions, RemoteCacheSettings } from '../../shared/registry-cache.js';
import { request } from '../../electron/cli/core-client.js';
import { createCore, type Core } from '../../electron/core/core.js';
import { MANIFEST_ACCEPT } from '../../electron/core/registry/manifest-head.js';
import { startPrivateDaemon, type DaemonHandle, type PrivateDaemon } from '../harness/daemon.js';
import { freePort } from '../harness/registry.js';
import { sharedDaemon, sharedRegistryHost } from '../harness/shared.js';
import { runHangar } from '../support/hangar-cli.js';
import { eventually } from '../support/oracle.js';

/** The real CLI, as another process on the same store. */
function hangar(host: string, home: string, args: string[]) {
  return runHangar(['--host', host, ...args], { HANGAR_HOME: home });
}

interface Machine {
  daemon: DaemonHandle;
  home: string;
  core: Core;
}

describe('registry cache levels: two daemons sharing one registry', () => {
  const registry = sharedRegistryHost();
  let second: PrivateDaemon;
  let work: string;
  let name: string;
  let ns: string;
  const machines: Machine[] = [];

  const machine = async (daemon: DaemonHandle): Promise<Machine> => {
    const home = mkdtempSync(path.join(tmpdir(), 'hangar-levels-home-'));
    const core = await createCore({ host: daemon.host, env: { HANGAR_HOME: home } });
    await core.ready();
    const m = { daemon, home, core };
    machines.push(m);
    return m;
  };
  const settings = (over: Partial<RemoteCacheSettings>): RemoteCacheSettings => ({
    project: null,
    global: null,
    pushAfterBuild: true,
    onMoved: 'pinned',
    insecureRegistries: [],
    ...over,
  });
  const spec = (over: Partial<ArtifactSpec> = {}) => artifactSpec({ name, context: work, ...over });
  const build = async (m: Machine, s = spec(), options?: CacheLevelOptions) => {
    const info = await request(m.core, 'artifacts:build', s, options);
    for (;;) {
      const t = await request(m.core, 'tasks:get', info.id);
      if (t.state !== 'running') {
        if (t.kind !== 'build' || t.state !== 'succeeded') {
          throw new Error(`build ${t.state}: ${t.error?.message ?? ''}`);
        }
        return t.result as BuildOutcome;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const remoteDigest = async (repo: string, tag: string): Promise<string | null> => {
    const res = await fetch(`http://${registry}/v2/${repo}/manifests/${tag}`, {
      method: 'HEAD',
      headers: { accept: MANIFEST_ACCEPT },
    });
    return res.status === 404 ? null : res.headers.get('docker-content-digest');
  };
  const historyOf = async (m: Machine): Promise<LookupRecord[]> => {
    const page = await request(m.core, 'history:query', {
      from: null,
      to: null,
      artifacts: [name],
      statuses: [],
      levels: [],
      origins: [],
      cursor: null,
      limit: 100,
    });
    return [...page.records].sort((a, b) => a.id - b.id);
  };
  /** Removes every image of the artifact from a daemon (its local cache is then a MISS). */
  /**
   * Removes the artifact's images from `daemon`; with `core`, also waits until its index has
   * seen them go, so that a lookup right after cannot find them there.
   */
  const wipe = async (daemon: DaemonHandle, core?: Core): Promise<void> => {
    const ids = (
      await daemon.docker(['images', '-q', '--no-trunc', '--filter', `reference=${name}`])
    ).stdout
      .split('\n')
      .filter(Boolean);
    if (ids.length === 0) return;
    await daemon.docker(['rmi', '-f', ...new Set(ids)]);
    if (!core) return;
    const gone = await eventually(
      () => request(core, 'images:snapshot'),
      (snap) => !snap.images.some((image) => ids.includes(image.id)),
      30_000,
    );
    expect(gone.images.filter((image) => ids.includes(image.id))).toEqual([]);
  };

  beforeAll(async () => {
    second = await startPrivateDaemon({ name: 'levels' });
  }, 60_000);

  afterAll(async () => {
    await second?.destroy();
  });

  beforeEach(() => {
    work = realpathSync(mkdtempSync(path.join(tmpdir(), 'hangar-levels-ctx-')));
    writeFileSync(path.join(work, 'Dockerfile'), 'FROM scratch\nCOPY . /app/\n');
    writeFileSync(path.join(work, 'a.txt'), `alpha ${Math.random()}`);
    const id = Math.random().toString(36).slice(2, 8);
    name = `lv-${id}`;
    ns = `levels-${id}`;
  });

  afterEach(async () => {
    for (const m of machines.splice(0)) {
      await m.core.close();
      rmSync(m.home, { recursive: true, force: true });
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('machine A builds and pushes project:KEY; machine B gets a remote HIT, pulls it and does not build', async () => {
    const project = `${registry}/${ns}/cache`;
    const a = await machine(sharedDaemon());
    await request(a.core, 'registryCache:setSettings', settings({ project }));

    const first = await build(a);
    expect(first).toMatchObject({ status: 'MISS', built: true, pulled: false, pushError: null });
    expect(first.levels.map((l) => [l.level, l.status])).toEqual([
      ['local', 'MISS'],
      ['project', 'MISS'],
    ]);
    expect(first.levels[1]?.reason).toBe(`no tag ${project}:${first.key}`);
    expect(first.pushed?.reference).toBe(`${project}:${first.key}`);
    expect(await remoteDigest(`${ns}/cache`, first.key)).toBe(first.pushed?.digest);

    const b = await machine(second);
    await request(b.core, 'registryCache:setSettings', settings({ project }));
    const look = await request(b.core, 'artifacts:lookup', spec());
    expect(look).toMatchObject({ status: 'HIT', level: 'project', key: first.key });
    expect(look.remote).toMatchObject({
      level: 'project',
      tag: `${project}:${first.key}`,
      digest: first.pushed?.digest,
      imageId: first.imageId,
    });
    expect(look.levels.map((l) => [l.level, l.status])).toEqual([
      ['local', 'MISS'],
      ['project', 'HIT'],
    ]);

    const got = await build(b);
    // The very same image id: pulled, not rebuilt (a rebuild of COPY gets a new created time).
    expect(got).toMatchObject({
      status: 'HIT',
      level: 'project',
      built: false,
      pulled: true,
      buildMs: null,
      imageId: first.imageId,
    });
    expect(got.tags).toContain(`${name}:${first.key}`);
    const inspect = JSON.parse(
      (await second.docker(['image', 'inspect', `${name}:${first.key}`])).stdout,
    ) as Array<{ Id: string }>;
    expect(inspect[0]?.Id).toBe(first.imageId);

    // Now local on B: the next lookup stops at the local level.
    const again = await request(b.core, 'artifacts:lookup', spec());
    expect(again).toMatchObject({ status: 'HIT', level: 'local', imageId: first.imageId });
    expect(again.levels).toHaveLength(1);

    // Every level asked is a history row, with its level.
    const rows = await historyOf(b);
    expect(rows.map((r) => [r.level, r.status])).toEqual([
      ['local', 'MISS'],
      ['project', 'HIT'],
      ['local', 'MISS'],
      ['project', 'HIT'],
      ['local', 'HIT'],
    ]);
    expect(rows[1]?.engine).toBe(`${project}:${first.key}`);
  });

  it('asks the global level before the project level, and the project level after a global MISS', async () => {
    const global = `${registry}/${ns}/global`;
    const project = `${registry}/${ns}/project`;
    const a = await machine(sharedDaemon());
    // A fills the global level only (push after build goes to the project level of its settings).
    await request(a.core, 'registryCache:setSettings', settings({ project: global }));
    const built = await build(a);
    expect(built.pushed?.reference).toBe(`${global}:${built.key}`);

    const b = await machine(second);
    await request(b.core, 'registryCache:setSettings', settings({ project, global }));
    const hit = await request(b.core, 'artifacts:lookup', spec());
    expect(hit.levels.map((l) => [l.level, l.status])).toEqual([
      ['local', 'MISS'],
      ['global', 'HIT'],
    ]);
    expect(hit).toMatchObject({ status: 'HIT', level: 'global' });

    // A key only the project level has: global MISS, then project HIT.
    writeFileSync(path.join(work, 'a.txt'), 'changed for the project level');
    await request(a.core, 'registryCache:setSettings', settings({ project }));
    const other = await build(a);
    expect(other.pushed?.reference).toBe(`${project}:${other.key}`);
    const look = await request(b.core, 'artifacts:lookup', spec());
    expect(look.levels.map((l) => [l.level, l.status])).toEqual([
      ['local', 'MISS'],
      ['global', 'MISS'],
      ['project', 'HIT'],
    ]);
    // Per-call options override the settings (the CLI's --cache-registry / --global-cache).
    const none = await request(b.core, 'artifacts:lookup', spec(), { project: null, global: null });
    expect(none.levels.map((l) => l.level)).toEqual(['local']);
    expect(none.status).toBe('MISS');
  });

  it('reports a tag moved by another writer and follows the setting: pinned digest or newest', async () => {
    const project = `${registry}/${ns}/cache`;
    const a = await machine(sharedDaemon());
    await request(a.core, 'registryCache:setSettings', settings({ project }));
    const mine = await build(a);
    const pinned = mine.pushed?.digest;
    expect(pinned).toMatch(/^sha256:/);

    // Someone else writes another image under the same tag (from machine B's daemon).
    const otherCtx = realpathSync(mkdtempSync(path.join(tmpdir(), 'hangar-levels-other-')));
    try {
      writeFileSync(path.join(otherCtx, 'Dockerfile'), 'FROM scratch\nCOPY . /other/\n');
      writeFileSync(path.join(otherCtx, 'b.txt'), 'written by someone else');
      await second.docker(['build', '-q', '-t', `${project}:${mine.key}`, otherCtx], {
        env: { DOCKER_BUILDKIT: '0' },
      });
      await second.docker(['push', `${project}:${mine.key}`]);
    } finally {
      rmSync(otherCtx, { recursive: true, force: true });
    }
    const theirs = await remoteDigest(`${ns}/cache`, mine.key);
    expect(theirs).not.toBe(pinned);

    await wipe(a.daemon, a.core);
    const look = await request(a.core, 'artifacts:lookup', spec());
    expect(look).toMatchObject({ status: 'HIT', level: 'project' });
    expect(look.moved).toMatchObject({
      level: 'project',
      pinnedDigest: pinned,
      currentDigest: theirs,
      used: 'pinned',
    });
    expect(look.moved?.message).toMatch(
      /^cache tag moved since your last build: written by someone else/,
    );
    expect(look.remote?.digest).toBe(pinned);
    expect(look.remote?.imageId).toBe(mine.imageId);

    const newest = await request(a.core, 'artifacts:lookup', spec(), { onMoved: 'newest' });
    expect(newest.moved?.used).toBe('newest');
    expect(newest.remote?.digest).toBe(theirs);
    expect(newest.remote?.imageId).not.toBe(mine.imageId);

    // A build with the pinned policy pulls exactly the pinned digest: the original image.
    const got = await build(a);
    expect(got).toMatchObject({ pulled: true, built: false, imageId: mine.imageId });
    expect(got.moved?.used).toBe('pinned');

    // The browser marks the tag as moved for this machine.
    const page = await request(a.core, 'registryCache:list', {
      location: project,
      cursor: null,
      limit: 50,
      ttlHours: null,
    });
    const row = page.entries.find((e) => e.key === mine.key);
    expect(row).toMatchObject({ artifact: name, pin: 'moved', pinnedDigest: pinned });
  });

  it('a remote image older than the TTL is HIT_TOO_OLD: rebuilt without the layer cache and pushed again', async () => {
    const project = `${registry}/${ns}/cache`;
    const a = await machine(sharedDaemon());
    await request(a.core, 'registryCache:setSettings', settings({ project }));
    const first = await build(a);
    await wipe(a.daemon, a.core);
    await new Promise((r) => setTimeout(r, 1_200));
    // 0.0002 h = 720 ms: the pushed image is older than that by now.
    const old = spec({ ttlHours: 0.0002 });
    const look = await request(a.core, 'artifacts:lookup', old);
    expect(look.levels.map((l) => [l.level, l.status])).toEqual([
      ['local', 'MISS'],
      ['project', 'HIT_TOO_OLD'],
    ]);
    expect(look.levels[1]?.reason).toMatch(/^image is [\d.]+ h old \(TTL 0\.0002 h\)$/);
    expect(look).toMatchObject({ status: 'HIT_TOO_OLD', level: 'project' });

    const rebuilt = await build(a, old);
    expect(rebuilt).toMatchObject({ status: 'HIT_TOO_OLD', built: true, nocache: true });
    expect(rebuilt.imageId).not.toBe(first.imageId);
    expect(rebuilt.pushed?.digest).not.toBe(first.pushed?.digest);
    expect(await remoteDigest(`${ns}/cache`, first.key)).toBe(rebuilt.pushed?.digest);

    // Within a generous TTL the fresh push is a HIT again (after wiping the local copy).
    await wipe(a.daemon, a.core);
    const fresh = await request(a.core, 'artifacts:lookup', spec({ ttlHours: 1 }));
    expect(fresh).toMatchObject({ status: 'HIT', level: 'project' });
    expect(fresh.moved).toBeNull(); // our own push moved the pin along with the tag
  });

  it('with pull: false a remote HIT writes the artifact tags in the registry and pulls nothing', async () => {
    const project = `${registry}/${ns}/cache`;
    const a = await machine(sharedDaemon());
    await request(a.core, 'registryCache:setSettings', settings({ project }));
    const first = await build(a);

    const b = await machine(second);
    await request(b.core, 'registryCache:setSettings', settings({ project }));
    const release = `${registry}/${ns}/app:release`;
    const out = await build(b, spec({ tags: [release] }), { pull: false });
    expect(out).toMatchObject({
      status: 'HIT',
      pulled: false,
      built: false,
      remoteTags: [release],
      imageId: first.imageId,
    });
    expect(await remoteDigest(`${ns}/app`, 'release')).toBe(first.pushed?.digest);
    const local = await second.docker(['images', '-q', '--filter', `reference=${name}`]);
    expect(local.stdout.trim()).toBe('');

    // A tag outside the registry of the HIT cannot be written without a pull: refused, in words.
    await expect(build(b, spec({ tags: [`${name}:v1`] }), { pull: false })).rejects.toThrow(
      /only tags in the registry of the cache HIT can be written/,
    );
  });

  it('an unreachable registry is a MISS at its level; the build is cached locally and the push failure reported', async () => {
    const port = await freePort();
    const project = `127.0.0.1:${port}/${ns}/cache`;
    const a = await machine(sharedDaemon());
    await request(a.core, 'registryCache:setSettings', settings({ project }));
    const look = await request(a.core, 'artifacts:lookup', spec());
    expect(look.status).toBe('MISS');
    expect(look.levels[1]).toMatchObject({ level: 'project', status: 'MISS' });
    expect(look.levels[1]?.reason).toMatch(/^registry not usable: Cannot reach 127\.0\.0\.1:\d+/);

    const out = await build(a);
    expect(out).toMatchObject({ status: 'MISS', built: true, pushed: null });
    expect(out.pushError).toMatch(/^The build is cached here, but pushing .* failed: /);
    const again = await request(a.core, 'artifacts:lookup', spec());
    expect(again).toMatchObject({ status: 'HIT', level: 'local' });
  });

  it('refuses bad settings with words, and keeps what was saved', async () => {
    const a = await machine(sharedDaemon());
    const saved = await request(
      a.core,
      'registryCache:setSettings',
      settings({ project: `${registry}/${ns}/cache`, insecureRegistries: ['b.lan:5000', 'a.lan'] }),
    );
    expect(saved.insecureRegistries).toEqual(['a.lan', 'b.lan:5000']);
    await expect(
      request(a.core, 'registryCache:setSettings', settings({ project: 'no-slash' })),
    ).rejects.toThrow(/REGISTRY\/REPO\[\/NAMESPACE\]/);
    await expect(
      request(a.core, 'registryCache:setSettings', {
        ...settings({}),
        onMoved: 'sometimes',
      } as unknown as RemoteCacheSettings),
    ).rejects.toThrow(/onMoved is pinned/);
    expect(await request(a.core, 'registryCache:settings')).toEqual(saved);
  });

  it('the CLI: build --cache-registry pushes, a wiped daemon gets a HIT without building, config and pull', async () => {
    const project = `${registry}/${ns}/cache`;
    const homeA = mkdtempSync(path.join(tmpdir(), 'hangar-levels-cli-'));
    const homeB = mkdtempSync(path.join(tmpdir(), 'hangar-levels-cli-'));
    try {
      const a = sharedDaemon();
      const built = await hangar(a.host, homeA, [
        'build',
        work,
        '-t',
        `${name}:dev`,
        '--cache-registry',
        project,
        '--json',
      ]);
      expect(built.stderr).toBe('');
      expect(built.code).toBe(0);
      const first = JSON.parse(built.stdout) as BuildOutcome;
      expect(first).toMatchObject({ status: 'MISS', pulled: false, pushError: null });
      expect(first.pushed?.reference).toBe(`${project}:${first.key}`);

      // Machine B is set up through `config`, then builds the same artifact: a pull, no build.
      const config = await hangar(second.host, homeB, [
        'registry-cache',
        'config',
        '--project',
        project,
        '--on-moved',
        'newest',
      ]);
      expect(config.code).toBe(0);
      expect(config.stdout).toContain(`project:          ${project}\n`);
      expect(config.stdout).toContain('on a moved tag:   newest');
      const text = await hangar(second.host, homeB, ['build', work, '-t', `${name}:dev`]);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain(
        `HIT ${name}:${first.key.slice(0, 12)} from the project cache, pulled`,
      );
      // (stderr carries throttled progress lines: which of them show is a matter of timing.)
      const tags = JSON.parse(
        (await second.docker(['image', 'inspect', `${name}:dev`])).stdout,
      ) as Array<{ Id: string }>;
      expect(tags[0]?.Id).toBe(first.imageId);

      // ls marks the tag as this machine's pin, with its artifact.
      const ls = await hangar(second.host, homeB, ['registry-cache', 'ls', project]);
      expect(ls.stdout).toMatch(
        new RegExp(`^${first.key}\\s+${name}\\s+[a-f0-9]{12}.*\\s+pinned$`, 'm'),
      );
      // --match searches every tag by key or by the artifact this machine knows for it.
      const byName = await hangar(second.host, homeB, [
        'registry-cache',
        'ls',
        project,
        '--match',
        name.toUpperCase(),
        '--json',
      ]);
      expect(byName.code).toBe(0);
      expect((JSON.parse(byName.stdout) as Array<{ key: string }>).map((e) => e.key)).toEqual([
        first.key,
      ]);
      const none = await hangar(second.host, homeB, [
        'registry-cache',
        'ls',
        project,
        '--match',
        'no-such-artifact',
      ]);
      expect(none.stdout).toBe(
        `No cache tag in ${project} has “no-such-artifact” in its key or artifact.\n`,
      );

      // pull REF brings a cache image into an engine that lacks it.
      await wipe(second);
      const pulled = await hangar(second.host, homeB, [
        'registry-cache',
        'pull',
        `${project}:${first.key}`,
        '--json',
      ]);
      expect(pulled.code).toBe(0);
      expect(JSON.parse(pulled.stdout)).toMatchObject({ imageId: first.imageId });
      const bad = await hangar(second.host, homeB, ['registry-cache', 'config', '--project', 'x']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("--project takes REGISTRY/REPO[/NAMESPACE] (or none), not 'x'");
    } finally {
      rmSync(homeA, { recursive: true, force: true });
      rmSync(homeB, { recursive: true, force: true });
    }
  });
});
