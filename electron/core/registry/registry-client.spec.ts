import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HangarError } from '../../../shared/errors.js';
import { MANIFEST_ACCEPT } from './manifest-head.js';
import { nextLink, RegistryClient } from './registry-client.js';

/**
 * A fake registry front on node:http for the protocol parts 2.8 cannot show: `Link` pagination
 * honouring `n`/`last`, a token endpoint with `expires_in`, a 405 on delete, a blob redirect.
 * `/v2/tok/…` wants a Bearer token from `/token` (Basic alice:pw or anonymous for pull).
 */
let server: http.Server;
let host = '';
const log: string[] = [];
const GOOD = `Basic ${Buffer.from('alice:pw').toString('base64')}`;
const TAGS = Array.from({ length: 23 }, (_, i) => `k${String(i).padStart(2, '0')}`).reverse();
const DIGEST = `sha256:${'a'.repeat(64)}`;
let tokenCount = 0;

function send(res: http.ServerResponse, status: number, body?: unknown, headers = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const auth = req.headers.authorization ?? '-';
    log.push(`${req.method} ${url.pathname}${url.search} ${auth}`);
    if (url.pathname === '/token') {
      if (auth !== '-' && auth !== GOOD) return send(res, 401);
      tokenCount++;
      const scope = url.searchParams.get('scope') ?? '';
      return send(res, 200, { token: `t${tokenCount}|${scope}`, expires_in: 300 });
    }
    if (url.pathname.startsWith('/v2/tok/')) {
      const want =
        req.method === 'DELETE' ? 'repository:tok/app:delete' : 'repository:tok/app:pull';
      if (!auth.startsWith('Bearer ') || !auth.endsWith(`|${want}`)) {
        return send(res, 401, undefined, {
          'www-authenticate': `Bearer realm="http://${host}/token",service="fake",scope="${want}"`,
        });
      }
      if (req.method === 'DELETE') return send(res, 202);
      return send(res, 200, { name: 'tok/app', tags: ['b', 'a'] });
    }
    if (url.pathname === '/v2/paged/app/tags/list') {
      const n = Number(url.searchParams.get('n') ?? '100');
      const last = url.searchParams.get('last');
      const sorted = [...TAGS].sort();
      const from = last === null ? 0 : sorted.indexOf(last) + 1;
      const page = sorted.slice(from, from + n);
      const more = from + n < sorted.length;
      const link = more
        ? { link: `</v2/paged/app/tags/list?last=${page.at(-1)}&n=${n}>; rel="next"` }
        : {};
      // Each page unsorted, like 2.8: the client must sort.
      return send(res, 200, { name: 'paged/app', tags: page.reverse() }, link);
    }
    if (url.pathname.startsWith('/v2/nodelete/app/manifests/')) {
      if (req.method === 'DELETE') {
        return send(res, 405, {
          errors: [{ code: 'UNSUPPORTED', message: 'The operation is unsupported.' }],
        });
      }
      if (req.headers.accept !== MANIFEST_ACCEPT) return send(res, 404);
      res.writeHead(200, { 'docker-content-digest': DIGEST }).end();
      return;
    }
    if (url.pathname === '/v2/blob/app/blobs/sha256:1') {
      res.writeHead(307, { location: `http://${host}/storage/1` }).end();
      return;
    }
    if (url.pathname === '/storage/1') return send(res, 200, { created: '2026-01-01T00:00:00Z' });
    send(res, 404, { errors: [{ code: 'NAME_UNKNOWN' }] });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

beforeEach(() => {
  log.length = 0;
  tokenCount = 0;
});

describe('nextLink', () => {
  it('reads rel="next" and ignores other relations', () => {
    expect(nextLink('</v2/x/tags/list?last=b&n=2>; rel="next"')).toBe('/v2/x/tags/list?last=b&n=2');
    expect(nextLink('</a>; rel="prev", </b>; rel="next"')).toBe('/b');
    expect(nextLink('</a>; rel="prev"')).toBeNull();
    expect(nextLink(null)).toBeNull();
  });
});

describe('RegistryClient', () => {
  it('follows Link pages with n and last, and sorts the tags', async () => {
    const client = new RegistryClient({ registry: host });
    const tags = await client.listTags('paged/app', 10);
    expect(tags).toEqual([...TAGS].sort());
    expect(log.map((l) => l.split(' ')[1])).toEqual([
      '/v2/paged/app/tags/list?n=10',
      '/v2/paged/app/tags/list?last=k09&n=10',
      '/v2/paged/app/tags/list?last=k19&n=10',
    ]);
  });

  it('gets a Bearer token per scope and reuses it until expires_in', async () => {
    let now = 1_000_000;
    const client = new RegistryClient({
      registry: host,
      login: { username: 'alice', password: 'pw' },
      now: () => now,
    });
    expect(await client.listTags('tok/app')).toEqual(['a', 'b']);
    expect(await client.listTags('tok/app')).toEqual(['a', 'b']);
    expect(tokenCount).toBe(1);
    expect(log.filter((l) => l.startsWith('GET /token'))[0]).toContain(`account=alice ${GOOD}`);
    // Another scope (delete) needs its own token.
    await client.deleteManifest('tok/app', DIGEST);
    expect(tokenCount).toBe(2);
    // Past expires_in (300 s) the pull token is fetched again.
    now += 301_000;
    await client.listTags('tok/app');
    expect(tokenCount).toBe(3);
  });

  it('fetches tokens anonymously without a login, and names the registry when refused', async () => {
    const anon = new RegistryClient({ registry: host });
    expect(await anon.listTags('tok/app')).toEqual(['a', 'b']);
    expect(log.find((l) => l.startsWith('GET /token'))).toMatch(/ -$/);
    const wrong = new RegistryClient({
      registry: host,
      login: { username: 'alice', password: 'x' },
    });
    const err = await wrong.listTags('tok/app').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HangarError);
    expect(err).toMatchObject({ code: 'AUTH_FAILED' });
    expect((err as Error).message).toContain(host);
  });

  it('says clearly when the registry does not allow deletes (405 UNSUPPORTED)', async () => {
    const client = new RegistryClient({ registry: host });
    expect(await client.manifestDigest('nodelete/app', 'v1')).toBe(DIGEST);
    const err = await client.deleteManifest('nodelete/app', DIGEST).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'REGISTRY_ERROR' });
    expect((err as Error).message).toMatch(
      / does not allow deletes \(UNSUPPORTED\): ask its operator/,
    );
    expect((err as HangarError).detail).toContain('UNSUPPORTED');
  });

  it('follows a blob redirect to storage, and maps unknown repositories to NOT_FOUND', async () => {
    const client = new RegistryClient({ registry: host });
    expect(await client.getJsonBlob('blob/app', 'sha256:1')).toEqual({
      created: '2026-01-01T00:00:00Z',
    });
    await expect(client.listTags('nope/app')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('gives REGISTRY_ERROR naming the registry when nothing listens', async () => {
    const client = new RegistryClient({ registry: '127.0.0.1:1', timeoutMs: 2_000 });
    const err = await client.ping().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'REGISTRY_ERROR' });
    expect((err as Error).message).toContain('Cannot reach 127.0.0.1:1');
  });
});
