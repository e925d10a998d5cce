/**
 * The registry cache against a real docker-registry in token-auth mode, with a small token server
 * of the test (test/harness/token-server.ts: JWTs signed by a key whose certificate the registry
 * trusts): the daemon pushes with a `docker login`, Hangar lists, inspects and deletes with tokens
 * it fetches per scope (Basic credentials from the docker config), refuses a wrong password and an
 * anonymous delete in words, and a build on a second machine gets a remote HIT through it, keeping
 * neither the password nor a token on disk. Also a real registry with deletes disabled (405
 * UNSUPPORTED).
 */
import { mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactSpec, type BuildOutcome } from '../../shared/artifacts.js';
import { request } from '../../electron/cli/core-client.js';
import { createCore, type Core } from '../../electron/core/core.js';
import { runDockerCli } from '../harness/docker-cli.js';
import { seedImages } from '../harness/image-tar.js';
import { startRegistry, type TestRegistry } from '../harness/registry.js';
import { sharedDaemon } from '../harness/shared.js';
import { startTokenServer, type TokenServer } from '../harness/token-server.js';
import { startPrivateDaemon, type PrivateDaemon } from '../harness/daemon.js';
import { filesHolding, secretForms } from '../support/secrets.js';

const USER = 'dave';
const PASSWORD = 'token-pw';

describe('registry cache with token auth (real docker-registry + test token server)', () => {
  const daemon = sharedDaemon();
  let tokens: TokenServer;
  let registry: TestRegistry;
  let noDelete: TestRegistry;
  let config: string;
  let home: string;
  const cores: Core[] = [];
  const homes: string[] = [];
  const savedConfig = process.env.DOCKER_CONFIG;
  const docker = (args: string[], input?: string) =>
    runDockerCli(daemon.host, config, args, input === undefined ? {} : { input });
  const openCore = async (host = daemon.host, hangarHome = home) => {
    const core = await createCore({ host, env: { ...process.env, HANGAR_HOME: hangarHome } });
    await core.ready();
    cores.push(core);
    return core;
  };
  const list = (core: Core, location: string) =>
    request(core, 'registryCache:list', { location, cursor: null, limit: 50, ttlHours: 24 });

  beforeAll(async () => {
    tokens = await startTokenServer(USER, PASSWORD);
    [registry, noDelete] = await Promise.all([
      startRegistry({ token: tokens.auth }),
      startRegistry({ deleteEnabled: false }),
    ]);
    config = mkdtempSync(path.join(tmpdir(), 'hangar-token-config-'));
    home = mkdtempSync(path.join(tmpdir(), 'hangar-token-home-'));
    process.env.DOCKER_CONFIG = config;
    const loc = `${registry.host}/team/cache`;
    await seedImages(daemon, [
      { tags: [`${loc}:key-a`, `${noDelete.host}/team/cache:key-a`] },
      { tags: [`${loc}:key-b`] },
    ]);
    await docker(['login', '-u', USER, '--password-stdin', registry.host], PASSWORD);
    for (const tag of [`${loc}:key-a`, `${loc}:key-b`, `${noDelete.host}/team/cache:key-a`]) {
      await docker(['push', tag]);
    }
  }, 120_000);

  afterAll(async () => {
    process.env.DOCKER_CONFIG = savedConfig;
    for (const c of cores) await c.close();
    await Promise.all([registry?.stop(), noDelete?.stop(), tokens?.stop()]);
    rmSync(config, { recursive: true, force: true });
    for (const dir of [home, ...homes]) rmSync(dir, { recursive: true, force: true });
  });

  it('lists and inspects with a Bearer token fetched for the pull scope, with the docker login', async () => {
    const core = await openCore();
    const before = tokens.requests.length;
    const page = await list(core, `${registry.host}/team/cache`);
    expect(page.entries.map((e) => e.key)).toEqual(['key-a', 'key-b']);
    expect(page.entries.every((e) => e.error === undefined && e.digest.startsWith('sha256:'))).toBe(
      true,
    );
    const asked = tokens.requests.slice(before);
    expect(asked).toContainEqual({ user: USER, scopes: ['repository:team/cache:pull'] });
    // One token per scope, reused for every tag of the page (not one per request).
    expect(asked.length).toBeLessThanOrEqual(2);
    const inspect = await request(
      core,
      'registryCache:inspect',
      `${registry.host}/team/cache:key-a`,
    );
    expect(inspect.digest).toBe(page.entries[0]?.digest);
  });

  it('deletes with a token for the delete scope; anonymous gets pull only and a refused delete', async () => {
    const core = await openCore();
    const r = await request(core, 'registryCache:delete', `${registry.host}/team/cache:key-b`);
    expect(r.message).toContain('every tag that pointed at this digest is gone');
    expect(tokens.requests).toContainEqual({
      user: USER,
      scopes: ['repository:team/cache:delete'],
    });
    const after = await list(core, `${registry.host}/team/cache`);
    expect(after.entries.map((e) => e.key)).toEqual(['key-a']);

    // Without any login the token server grants pull only: listing works, deleting is refused.
    const empty = mkdtempSync(path.join(tmpdir(), 'hangar-token-anon-'));
    process.env.DOCKER_CONFIG = empty;
    try {
      const anon = await openCore(daemon.host, mkdtempSync(path.join(tmpdir(), 'hangar-anon-')));
      expect((await list(anon, `${registry.host}/team/cache`)).entries).toHaveLength(1);
      await expect(
        request(anon, 'registryCache:delete', `${registry.host}/team/cache:key-a`),
      ).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    } finally {
      process.env.DOCKER_CONFIG = config;
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('a wrong password is AUTH_FAILED with what to do', async () => {
    const wrong = mkdtempSync(path.join(tmpdir(), 'hangar-token-wrong-'));
    writeFileSync(
      path.join(wrong, 'config.json'),
      JSON.stringify({
        auths: { [registry.host]: { auth: Buffer.from(`${USER}:nope`).toString('base64') } },
      }),
    );
    process.env.DOCKER_CONFIG = wrong;
    try {
      const core = await openCore(daemon.host, mkdtempSync(path.join(tmpdir(), 'hangar-wrong-')));
      const err = await list(core, `${registry.host}/team/cache`).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'AUTH_FAILED' });
      expect((err as Error).message).toContain(registry.host);
    } finally {
      process.env.DOCKER_CONFIG = config;
      rmSync(wrong, { recursive: true, force: true });
    }
  });

  it('a build pushes project:KEY through token auth, and a second daemon gets a remote HIT', async () => {
    const work = realpathSync(mkdtempSync(path.join(tmpdir(), 'hangar-token-ctx-')));
    let second: PrivateDaemon | null = null;
    try {
      writeFileSync(path.join(work, 'Dockerfile'), 'FROM scratch\nCOPY . /app/\n');
      writeFileSync(path.join(work, 'x.txt'), `token ${Math.random()}`);
      const spec = artifactSpec({
        name: `tok-${Math.random().toString(36).slice(2, 8)}`,
        context: work,
      });
      const project = `${registry.host}/team/builds`;
      const build = async (core: Core) => {
        const info = await request(core, 'artifacts:build', spec, { project });
        for (;;) {
          const t = await request(core, 'tasks:get', info.id);
          if (t.state !== 'running') {
            if (t.kind !== 'build' || t.state !== 'succeeded') throw new Error(t.error?.message);
            return t.result as BuildOutcome;
          }
          await new Promise((r) => setTimeout(r, 25));
        }
      };
      const a = await openCore();
      const first = await build(a);
      expect(first).toMatchObject({ status: 'MISS', built: true, pushError: null });
      expect(first.pushed?.reference).toBe(`${project}:${first.key}`);

      second = await startPrivateDaemon({ name: 'token' });
      // The second daemon pulls with the same docker login (X-Registry-Auth from DOCKER_CONFIG).
      const bHome = mkdtempSync(path.join(tmpdir(), 'hangar-token-b-'));
      homes.push(bHome);
      const b = await openCore(second.host, bHome);
      const got = await build(b);
      expect(got).toMatchObject({
        status: 'HIT',
        level: 'project',
        pulled: true,
        built: false,
        imageId: first.imageId,
      });
      // Neither the password nor a token (a JWT: base64url JSON, `eyJ…`) is kept on disk.
      for (const dir of [home, bHome]) {
        expect(readdirSync(dir)).toContain('hangar.db');
        expect(filesHolding(dir, [...secretForms(USER, PASSWORD), 'eyJ'])).toEqual([]);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
      await second?.destroy();
    }
  }, 120_000);

  it('a registry with deletes disabled: a clear message, nothing deleted', async () => {
    const core = await openCore();
    const err = await request(
      core,
      'registryCache:delete',
      `${noDelete.host}/team/cache:key-a`,
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'REGISTRY_ERROR' });
    expect((err as Error).message).toMatch(
      / does not allow deletes \(UNSUPPORTED\): ask its operator/,
    );
    expect((await list(core, `${noDelete.host}/team/cache`)).entries).toHaveLength(1);
  });
});
