/**
 * Registry cache levels against real registries (Debian's docker-registry 2.8): images pushed by
 * the shared daemon's docker CLI under `REGISTRY/cache/ns:KEY`, listed through the core's
 * `registryCache:*` channels (sorted keys, digests equal to the registry's, created from the
 * config, TTL freshness, keyset pages), inspected, deleted by digest (every tag sharing it goes),
 * and behind htpasswd basic auth with credentials from `docker login`. Token auth and a
 * delete-disabled registry are in registry-token.test.ts (real registries too); `Link` pagination
 * with `n` is unit-tested in registry-client.spec.ts (2.8 ignores `n`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../electron/cli/core-client.js';
import { createCore, type Core } from '../../electron/core/core.js';
import { MANIFEST_ACCEPT } from '../../electron/core/registry/manifest-head.js';
import type { DaemonHandle } from '../harness/daemon.js';
import { runDockerCli } from '../harness/docker-cli.js';
import { seedImages } from '../harness/image-tar.js';
import { startRegistry, type TestRegistry } from '../harness/registry.js';
import { sharedDaemon } from '../harness/shared.js';
import { runHangar } from '../support/hangar-cli.js';

const USER = 'carol';
const PASSWORD = 'cache-pw';

describe('registry cache', () => {
  let daemon: DaemonHandle;
  let core: Core;
  let open: TestRegistry;
  let locked: TestRegistry;
  let config: string;
  const savedConfig = process.env.DOCKER_CONFIG;
  /** The docker CLI on the shared daemon with this suite's own config dir (its own logins). */
  const docker = (args: string[], input?: string) =>
    runDockerCli(daemon.host, config, args, input === undefined ? {} : { input });

  async function digestOf(reg: TestRegistry, repo: string, tag: string, auth?: string) {
    const res = await fetch(`${reg.url}/v2/${repo}/manifests/${tag}`, {
      method: 'HEAD',
      headers: { accept: MANIFEST_ACCEPT, ...(auth ? { authorization: auth } : {}) },
    });
    return res.headers.get('docker-content-digest');
  }

  const hangar = (args: string[]) =>
    runHangar(['--host', daemon.host, ...args], { DOCKER_CONFIG: config });

  beforeAll(async () => {
    daemon = sharedDaemon();
    config = mkdtempSync(path.join(tmpdir(), 'hangar-regcache-'));
    process.env.DOCKER_CONFIG = config;
    [open, locked] = await Promise.all([
      startRegistry(),
      startRegistry({ htpasswd: { user: USER, password: PASSWORD } }),
    ]);
    const o = `${open.host}/cache/ns`;
    const l = `${locked.host}/cache/ns`;
    await seedImages(daemon, [
      { tags: [`${o}:key-old`], created: new Date(Date.UTC(2020, 0, 1)) },
      { tags: [`${o}:key-new`, `${o}:key-same`, `${l}:locked-1`] },
    ]);
    for (const tag of ['key-old', 'key-new', 'key-same']) await docker(['push', `${o}:${tag}`]);
    await docker(['login', '-u', USER, '--password-stdin', locked.host], PASSWORD);
    await docker(['push', `${l}:locked-1`]);
    core = await createCore({ host: daemon.host });
  }, 120_000);

  afterAll(async () => {
    process.env.DOCKER_CONFIG = savedConfig;
    await core?.close();
    await Promise.all([open?.stop(), locked?.stop()]);
    await daemon
      ?.docker(['rmi', '-f', `${open?.host}/cache/ns:key-old`, `${open?.host}/cache/ns:key-new`])
      .catch(() => undefined);
    await daemon
      ?.docker([
        'rmi',
        '-f',
        `${open?.host}/cache/ns:key-same`,
        `${locked?.host}/cache/ns:locked-1`,
      ])
      .catch(() => undefined);
    rmSync(config, { recursive: true, force: true });
  });

  it('lists keys sorted with the registry’s digests, created, size and freshness vs the TTL', async () => {
    const page = await request(core, 'registryCache:list', {
      location: `${open.host}/cache/ns`,
      cursor: null,
      limit: 100,
      ttlHours: 24,
    });
    expect(page).toMatchObject({ registry: open.host, repository: 'cache/ns', total: 3 });
    expect(page.entries.map((e) => e.key)).toEqual(['key-new', 'key-old', 'key-same']);
    for (const e of page.entries) {
      expect(e.error).toBeUndefined();
      expect(e.digest).toBe(await digestOf(open, 'cache/ns', e.key));
      expect(e.size).toBeGreaterThan(0);
      expect(e.reference).toBe(`${open.host}/cache/ns:${e.key}`);
    }
    const [fresh, old, same] = page.entries;
    expect(Date.parse(old?.created ?? '')).toBe(Date.UTC(2020, 0, 1));
    expect(old?.freshness).toBe('too-old');
    expect(fresh?.freshness).toBe('fresh');
    expect(fresh?.ageMs).toBeLessThan(24 * 3_600_000);
    expect(same?.digest).toBe(fresh?.digest);
  });

  it('pages by key with a cursor', async () => {
    const ask = (cursor: string | null) =>
      request(core, 'registryCache:list', {
        location: `${open.host}/cache/ns`,
        cursor,
        limit: 2,
        ttlHours: null,
      });
    const first = await ask(null);
    expect(first.entries.map((e) => e.key)).toEqual(['key-new', 'key-old']);
    expect(first.entries[0]?.freshness).toBe('unknown');
    expect(first.nextCursor).toBe('key-old');
    const second = await ask(first.nextCursor);
    expect(second.entries.map((e) => e.key)).toEqual(['key-same']);
    expect(second.nextCursor).toBeNull();
  });

  it('searches every tag by key, however the words are cased', async () => {
    const search = (match: string) =>
      request(core, 'registryCache:list', {
        location: `${open.host}/cache/ns`,
        cursor: null,
        limit: 1,
        ttlHours: null,
        match,
      });
    const one = await search('NEW');
    expect(one.entries.map((e) => e.key)).toEqual(['key-new']);
    expect(one).toMatchObject({ total: 3, matching: 1, nextCursor: null });
    // The last tag is found with a page of one: the search is over every tag, not a page.
    expect((await search('same')).entries.map((e) => e.key)).toEqual(['key-same']);
    const all = await search('KEY- ');
    expect(all).toMatchObject({ total: 3, matching: 3, nextCursor: 'key-new' });
    expect((await search('key-zzz')).matching).toBe(0);
  });

  it('inspects one tag: manifest and config summary', async () => {
    const r = await request(core, 'registryCache:inspect', `${open.host}/cache/ns:key-old`);
    expect(r.digest).toBe(await digestOf(open, 'cache/ns', 'key-old'));
    expect(Date.parse(r.created ?? '')).toBe(Date.UTC(2020, 0, 1));
    expect(r.os).toBe('linux');
    expect(r.layers).toHaveLength(1);
    expect(r.configDigest).toMatch(/^sha256:[a-f0-9]{64}$/);
    // Layers plus the config blob.
    expect(r.size).toBeGreaterThan(r.layers[0]?.size ?? Infinity);
    await expect(
      request(core, 'registryCache:inspect', `${open.host}/cache/ns:nope`),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects a malformed location with a readable message', async () => {
    await expect(
      request(core, 'registryCache:list', {
        location: 'cache',
        cursor: null,
        limit: 5,
        ttlHours: 1,
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('REGISTRY/REPO'),
    });
  });

  it('lists through htpasswd basic auth with the docker login, AUTH_FAILED naming it without', async () => {
    const location = `${locked.host}/cache/ns`;
    const req = { location, cursor: null, limit: 10, ttlHours: null };
    await docker(['logout', locked.host]);
    const err = await request(core, 'registryCache:list', req).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AUTH_FAILED' });
    expect((err as Error).message).toContain(locked.host);
    // After a login the next request resolves the credentials again.
    await docker(['login', '-u', USER, '--password-stdin', locked.host], PASSWORD);
    const page = await request(core, 'registryCache:list', req);
    expect(page.entries.map((e) => e.key)).toEqual(['locked-1']);
    const auth = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    expect(page.entries[0]?.digest).toBe(await digestOf(locked, 'cache/ns', 'locked-1', auth));
  });

  it('deletes by digest: every tag sharing it goes; then the CLI lists what is left', async () => {
    const digest = await digestOf(open, 'cache/ns', 'key-new');
    const loc = `${open.host}/cache/ns`;
    // --dry-run names every tag of the digest, the one not asked for included, and deletes nothing.
    const dry = await hangar(['registry-cache', 'rm', `${loc}:key-new`, '--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toBe(
      `Would delete ${loc}@${digest}. 2 tags of 3 point at ${loc}@${digest}: key-new, key-same.\n`,
    );
    expect(await digestOf(open, 'cache/ns', 'key-same')).toBe(digest);

    const r = await request(core, 'registryCache:delete', `${open.host}/cache/ns:key-new`);
    expect(r.digest).toBe(digest);
    expect(r.message).toContain('every tag that pointed at this digest is gone');
    expect(await digestOf(open, 'cache/ns', 'key-same')).toBeNull();
    await expect(
      request(core, 'registryCache:delete', `${open.host}/cache/ns:key-new`),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const out = await hangar(['registry-cache', 'ls', `${open.host}/cache/ns`, '--json']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const listed = JSON.parse(out.stdout) as { key: string }[];
    expect(listed.map((e) => e.key)).toEqual(['key-old']);
    const table = await hangar(['registry-cache', 'ls', `${open.host}/cache/ns`, '--ttl', '24']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^KEY\s+ARTIFACT\s+DIGEST\s+CREATED\s+AGE\s+SIZE\s+STATUS\s+PIN$/);
    expect(lines[1]).toMatch(/^key-old\s+-\s+[a-f0-9]{12}\s+2020-01-01T.*\s+too-old$/);
    expect(lines).toHaveLength(2);

    // Without --yes and without a terminal, rm names what would go, refuses and deletes nothing.
    const oldDigest = (await digestOf(open, 'cache/ns', 'key-old')) ?? '';
    const refused = await hangar(['registry-cache', 'rm', `${loc}:key-old`]);
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toBe(
      `hangar: refusing to delete ${loc}@${oldDigest} (1 tag: key-old) without --yes: stdin is not a terminal (try --dry-run)\n`,
    );
    expect(await digestOf(open, 'cache/ns', 'key-old')).toBe(oldDigest);

    // rm by digest with --yes, as JSON: what went, then nothing is left.
    const rm = await hangar(['registry-cache', 'rm', `${loc}@${oldDigest}`, '--yes', '--json']);
    expect(rm.code).toBe(0);
    expect(JSON.parse(rm.stdout)).toMatchObject({
      digest: oldDigest,
      keys: ['key-old'],
      unread: [],
    });
    expect((await hangar(['registry-cache', 'ls', loc])).stdout).toBe(`No cache tags in ${loc}.\n`);
    const gone = await hangar(['registry-cache', 'rm', `${loc}:key-old`, '--yes']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('key-old');
  }, 60_000);
});
