import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RegistryCacheService } from './cache-service.js';

/**
 * A registry as a `fetch` function over a map (pure logic: what the service asks, how often): tags
 * `k000…`, each its own manifest, all sharing one of two configs. Counts every request.
 */
function fakeRegistry(tagCount: number) {
  const requests: string[] = [];
  const sha = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`;
  const configs = [0, 1].map((i) =>
    JSON.stringify({ created: `2026-11-2${i}T00:00:00Z`, os: 'linux' }),
  );
  const tags = new Map<string, string>();
  for (let i = 0; i < tagCount; i++) {
    const config = configs[i % 2] as string;
    tags.set(
      `k${String(i).padStart(3, '0')}`,
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        config: { mediaType: 'x', size: config.length, digest: sha(config) },
        layers: [{ mediaType: 'y', size: 100 + i, digest: sha(`layer${i}`) }],
      }),
    );
  }
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    requests.push(`${method} ${url.pathname}`);
    const json = (body: string, headers: Record<string, string> = {}) =>
      new Response(method === 'HEAD' ? null : body, {
        status: 200,
        headers: { 'content-type': 'application/json', ...headers },
      });
    if (url.pathname === '/v2/team/cache/tags/list') {
      return json(JSON.stringify({ tags: [...tags.keys()] }));
    }
    const m = /^\/v2\/team\/cache\/manifests\/(.+)$/.exec(url.pathname);
    if (m) {
      const ref = m[1] as string;
      const key = [...tags.entries()].find(([t, body]) => t === ref || sha(body) === ref)?.[0];
      if (!key) return new Response(null, { status: 404 });
      if (tags.get(key) === 'broken') return new Response(null, { status: 500 });
      if (method === 'DELETE') {
        const digest = sha(tags.get(key) as string);
        for (const [t, body] of [...tags]) if (sha(body) === digest) tags.delete(t);
        return new Response(null, { status: 202 });
      }
      const body = tags.get(key) as string;
      return json(body, { 'docker-content-digest': sha(body) });
    }
    const b = /^\/v2\/team\/cache\/blobs\/(.+)$/.exec(url.pathname);
    const config = configs.find((c) => sha(c) === b?.[1]);
    if (config) return json(config);
    return new Response(null, { status: 404 });
  }) as typeof fetch;
  return { fetch: fetchFn, requests, tags };
}

const count = (requests: string[], re: RegExp) => requests.filter((r) => re.test(r)).length;

describe('RegistryCacheService listing', () => {
  const location = 'registry.test:5000/team/cache';
  const req = (cursor: string | null) => ({ location, cursor, limit: 10, ttlHours: 24 });

  it('walks tags/list once per listing: later pages reuse it, a first page refreshes it', async () => {
    const reg = fakeRegistry(25);
    const service = new RegistryCacheService({ fetch: reg.fetch, credentials: async () => null });
    const p1 = await service.list(req(null));
    const p2 = await service.list(req(p1.nextCursor));
    const p3 = await service.list(req(p2.nextCursor));
    expect([p1, p2, p3].map((p) => p.entries.length)).toEqual([10, 10, 5]);
    expect(p3.nextCursor).toBeNull();
    expect(p2.entries[0]?.key).toBe('k010');
    expect(count(reg.requests, /tags\/list/)).toBe(1);
    await service.list(req(null));
    expect(count(reg.requests, /tags\/list/)).toBe(2);
  });

  it('reads each config once (a digest names its content), however many tags share it', async () => {
    const reg = fakeRegistry(25);
    const service = new RegistryCacheService({ fetch: reg.fetch, credentials: async () => null });
    let cursor: string | null = null;
    do {
      const page = await service.list(req(cursor));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(count(reg.requests, /blobs/)).toBe(2);
    expect(count(reg.requests, /manifests/)).toBe(25);
    await service.list(req(null));
    expect(count(reg.requests, /blobs/)).toBe(2);
  });

  it('a delete drops the cached tag list, so the next page does not list a deleted tag', async () => {
    const reg = fakeRegistry(25);
    const service = new RegistryCacheService({ fetch: reg.fetch, credentials: async () => null });
    const p1 = await service.list(req(null));
    await service.delete(`${location}:k012`);
    const p2 = await service.list(req(p1.nextCursor));
    expect(p2.entries.map((e) => e.key)).not.toContain('k012');
    expect(p2.total).toBe(24);
  });

  it('annotates each page with what this machine knows', async () => {
    const reg = fakeRegistry(3);
    const service = new RegistryCacheService({
      fetch: reg.fetch,
      credentials: async () => null,
      annotate: (loc, entries) => {
        expect(loc).toBe(location);
        for (const e of entries) e.artifact = `art-${e.key}`;
      },
    });
    const page = await service.list(req(null));
    expect(page.entries.map((e) => e.artifact)).toEqual(['art-k000', 'art-k001', 'art-k002']);
  });

  it('searches every tag by key and known artifact, pages the matches, reads only theirs', async () => {
    const reg = fakeRegistry(40);
    const asked: number[] = [];
    const service = new RegistryCacheService({
      fetch: reg.fetch,
      credentials: async () => null,
      artifactNames: (loc, keys) => {
        expect(loc).toBe(location);
        asked.push(keys.length);
        return new Map([
          ['k005', 'shop/API'],
          ['k031', 'shop/api'],
          ['k033', 'shop/web'],
        ]);
      },
    });
    const search = (match: string, cursor: string | null = null) =>
      service.list({ ...req(cursor), limit: 2, match });
    const p1 = await search('  API  shop ');
    expect(p1.entries.map((e) => e.key)).toEqual(['k005', 'k031']);
    expect(p1).toMatchObject({ total: 40, matching: 2, nextCursor: null });
    expect(asked).toEqual([40]); // every key of the level, once

    const byKey = await search('K03');
    expect(byKey.entries.map((e) => e.key)).toEqual(['k030', 'k031']);
    expect(byKey).toMatchObject({ matching: 10, nextCursor: 'k031' });
    const next = await search('K03', byKey.nextCursor);
    expect(next.entries.map((e) => e.key)).toEqual(['k032', 'k033']);
    // Only the tags shown were read: a manifest per match listed, not per tag of the level.
    expect(count(reg.requests, /manifests/)).toBe(6);

    const none = await search('nothing-has-this');
    expect(none).toMatchObject({ entries: [], total: 40, matching: 0, nextCursor: null });
    expect((await search('   ')).matching).toBe(40);
  });

  it('finds every tag of a digest with a fresh HEAD of each, and names the ones it could not read', async () => {
    const reg = fakeRegistry(12);
    const service = new RegistryCacheService({ fetch: reg.fetch, credentials: async () => null });
    // k003's manifest now also sits under k010: two tags, one digest.
    reg.tags.set('k010', reg.tags.get('k003') as string);
    reg.tags.set('k011', 'broken');
    const digest = (await service.list({ ...req(null), limit: 4 })).entries[3]?.digest ?? '';
    const found = await service.digestTags(`${location}@${digest}`);
    expect(found).toEqual({
      reference: `${location}@${digest}`,
      digest,
      keys: ['k003', 'k010'],
      checked: 12,
      unread: ['k011'],
    });
    expect(count(reg.requests, /^HEAD .*manifests/)).toBe(12);
    expect(count(reg.requests, /tags\/list/)).toBe(2); // asked again, not the listing's

    await expect(service.digestTags(`${location}:k003`)).rejects.toThrow('name a digest');
  });
});
