import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HangarError } from '../../../shared/errors.js';
import { headManifest, MANIFEST_ACCEPT, registryBaseUrl } from './manifest-head.js';

/**
 * A tiny stand-in registry for the auth protocol only (no daemon is involved): `/basic/…` wants
 * Basic, `/bearer/…` wants a token from `/token`, which wants Basic credentials.
 */
let server: http.Server;
let host = '';
const seen: string[] = [];
const DIGEST = `sha256:${'d'.repeat(64)}`;
const GOOD = `Basic ${Buffer.from('alice:pw').toString('base64')}`;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    seen.push(`${req.method} ${url.pathname}${url.search} ${req.headers.authorization ?? '-'}`);
    if (url.pathname === '/token') {
      if (req.headers.authorization !== GOOD) return void res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ token: `tok-${url.searchParams.get('scope')}` }));
    }
    const ok = (digest: string | null) => {
      if (req.headers.accept !== MANIFEST_ACCEPT) return void res.writeHead(400).end();
      if (!digest) return void res.writeHead(404).end();
      res.writeHead(200, { 'docker-content-digest': digest, 'content-length': '524' }).end();
    };
    if (url.pathname.startsWith('/v2/basic/')) {
      if (req.headers.authorization === GOOD)
        return ok(url.pathname.endsWith('/missing') ? null : DIGEST);
      res.writeHead(401, { 'www-authenticate': 'Basic realm="test"' });
      return void res.end();
    }
    if (url.pathname.startsWith('/v2/bearer/')) {
      if (req.headers.authorization === 'Bearer tok-repository:bearer/app:pull') return ok(DIGEST);
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="http://${host}/token",service="test",scope="repository:bearer/app:pull"`,
      });
      return void res.end();
    }
    res.writeHead(500).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('headManifest', () => {
  it('answers Basic challenges with the credentials', async () => {
    seen.length = 0;
    const head = await headManifest({
      registry: host,
      repository: 'basic/app',
      reference: 'v1',
      login: { username: 'alice', password: 'pw' },
    });
    expect(head).toEqual({ digest: DIGEST, mediaType: null, size: 524 });
    expect(seen).toEqual([
      `HEAD /v2/basic/app/manifests/v1 -`,
      `HEAD /v2/basic/app/manifests/v1 ${GOOD}`,
    ]);
  });

  it('gets a Bearer token for the challenge’s scope, with Basic credentials', async () => {
    seen.length = 0;
    const head = await headManifest({
      registry: host,
      repository: 'bearer/app',
      reference: 'v1',
      login: { username: 'alice', password: 'pw' },
    });
    expect(head.digest).toBe(DIGEST);
    expect(seen[1]).toBe(
      `GET /token?service=test&scope=repository%3Abearer%2Fapp%3Apull&account=alice ${GOOD}`,
    );
  });

  it('says null for a missing manifest, AUTH_FAILED for refused credentials', async () => {
    const login = { username: 'alice', password: 'pw' };
    expect(
      (await headManifest({ registry: host, repository: 'basic/app', reference: 'missing', login }))
        .digest,
    ).toBeNull();
    const err = await headManifest({
      registry: host,
      repository: 'bearer/app',
      reference: 'v1',
      login: { username: 'alice', password: 'wrong' },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HangarError);
    expect(err).toMatchObject({ code: 'AUTH_FAILED' });
    await expect(
      headManifest({ registry: host, repository: 'basic/app', reference: 'v1' }),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });
});

describe('registryBaseUrl', () => {
  it('uses HTTPS except on loopback, and Docker Hub’s registry host', () => {
    expect(registryBaseUrl('docker.io')).toBe('https://registry-1.docker.io');
    expect(registryBaseUrl('ghcr.io')).toBe('https://ghcr.io');
    expect(registryBaseUrl('localhost:5000')).toBe('http://localhost:5000');
    expect(registryBaseUrl('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(registryBaseUrl('127.3.2.1')).toBe('http://127.3.2.1');
    expect(registryBaseUrl('[::1]:5000')).toBe('http://[::1]:5000');
  });

  it('never takes a name that only looks like loopback for loopback', () => {
    for (const registry of [
      '127.example.com',
      '127.example.com:5000',
      '127.0.0.1.nip.io:5000',
      'localhost.example.com',
      '127.1:5000',
      '1270.0.0.1',
    ]) {
      expect(registryBaseUrl(registry), registry).toBe(`https://${registry}`);
    }
    expect(registryBaseUrl('127.example.com', true)).toBe('http://127.example.com');
  });
});
