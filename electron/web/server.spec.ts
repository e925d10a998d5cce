import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventSink, Handlers } from '../../shared/contract.js';
import { HangarError } from '../../shared/errors.js';
import type { IndexDelta } from '../../shared/model.js';
import { tokenCookieName } from '../../shared/web-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../window-options.js';
import { NOT_BUILT_MESSAGE, startWebHost, type WebHost, type WebHostOptions } from './server.js';
import { openStream, rawRequest } from '../../test/support/web-client.js';

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuv';
const INDEX_HTML = '<!doctype html><title>Hangar</title>';

/** A fake core: pure logic only, no daemon. Implements the few channels the tests call. */
class FakeCore {
  readonly sinks = new Set<EventSink>();
  readonly calls: unknown[][] = [];
  readonly handlers = {
    'images:inspect': async (idOrRef: string) => {
      this.calls.push([idOrRef]);
      if (idOrRef === 'missing') throw new HangarError('NOT_FOUND', 'No such image: missing');
      return { Id: `sha256:${idOrRef}` };
    },
  } as unknown as Handlers;

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  emitDelta(delta: IndexDelta): void {
    for (const sink of this.sinks) sink('index:delta', delta);
  }

  /** `n` deltas of 64 KiB each, then one that says `last`. */
  flood(n: number): void {
    for (let i = 0; i < n; i++) {
      this.emitDelta({ version: i, upserts: [], removals: ['x'.repeat(64 * 1024)] });
    }
    this.emitDelta({ version: n, upserts: [], removals: ['last'] });
  }
}

let root: string;
let staticDir: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'hangar-web-'));
  staticDir = path.join(root, 'renderer');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), INDEX_HTML);
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log(1);');
  await writeFile(path.join(root, 'package.json'), '{"secret": "outside the static folder"}');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('startWebHost', () => {
  let core: FakeCore;
  let host: WebHost;
  const cookie = () => `${tokenCookieName(host.port)}=${TOKEN}`;
  const invoke = (channel: string, body: string, headers: Record<string, string> = {}) =>
    rawRequest(host.port, {
      method: 'POST',
      path: `/api/invoke/${channel}`,
      headers: { cookie: cookie(), 'content-type': 'application/json', ...headers },
      body,
    });

  const start = async (
    dir = staticDir,
    heartbeatMs?: number,
    more: Partial<WebHostOptions> = {},
  ) => {
    core = new FakeCore();
    host = await startWebHost({
      core,
      staticDir: dir,
      token: TOKEN,
      ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
      ...more,
    });
  };

  afterEach(async () => {
    await host.close();
  });

  it('listens on loopback and gives a URL with the token', async () => {
    await start();
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${TOKEN}`);
    expect(host.token).toBe(TOKEN);
  });

  it('generates a 32-byte base64url token when none is given', async () => {
    core = new FakeCore();
    host = await startWebHost({ core, staticDir });
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(host.url).toContain(`?token=${host.token}`);
  });

  it('refuses every route without the token', async () => {
    await start();
    for (const req of [
      { path: '/' },
      { path: '/assets/app.js' },
      { path: '/api/events' },
      { method: 'POST', path: '/api/invoke/images:inspect', body: '{"args":["x"]}' },
    ]) {
      const res = await rawRequest(host.port, req);
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect(core.calls).toEqual([]);
  });

  it('refuses a wrong token in the URL, the cookie or the header', async () => {
    await start();
    const wrong = `${TOKEN.slice(0, -1)}X`;
    expect((await rawRequest(host.port, { path: `/?token=${wrong}` })).status).toBe(401);
    const withCookie = { headers: { cookie: `${tokenCookieName(host.port)}=${wrong}` } };
    expect((await rawRequest(host.port, withCookie)).status).toBe(401);
    const withHeader = { headers: { authorization: `Bearer ${wrong}` } };
    expect((await rawRequest(host.port, withHeader)).status).toBe(401);
  });

  it('trades the token in the URL for an HttpOnly SameSite=Strict cookie named for its port, with a 303', async () => {
    await start();
    const res = await rawRequest(host.port, { path: `/?token=${TOKEN}&view=history` });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/?view=history');
    const setCookie = res.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(new RegExp(`^hangar_token_${host.port}=${TOKEN};`));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
  });

  it('serves the renderer with the cookie, with strict security headers and no CORS', async () => {
    await start();
    const res = await rawRequest(host.port, { headers: { cookie: cookie() } });
    expect(res.status).toBe(200);
    expect(res.body).toBe(INDEX_HTML);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const js = await rawRequest(host.port, {
      path: '/assets/app.js',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const missing = await rawRequest(host.port, {
      path: '/nope.js',
      headers: { cookie: cookie() },
    });
    expect(missing.status).toBe(404);
  });

  it('refuses a Host header that is not a loopback name for our port (DNS rebinding)', async () => {
    await start();
    for (const bad of ['evil.example', `evil.example:${host.port}`, '127.0.0.1:1', '10.0.0.1']) {
      const res = await rawRequest(host.port, {
        path: `/?token=${TOKEN}`,
        headers: { host: bad, cookie: cookie() },
      });
      expect(res.status, bad).toBe(403);
    }
    for (const good of [`localhost:${host.port}`, `[::1]:${host.port}`]) {
      const res = await rawRequest(host.port, { headers: { host: good, cookie: cookie() } });
      expect(res.status, good).toBe(200);
    }
  });

  it('refuses a foreign Origin and accepts our own', async () => {
    await start();
    const foreign = await invoke('images:inspect', '{"args":["abc"]}', {
      origin: 'http://evil.example',
    });
    expect(foreign.status).toBe(403);
    const nullOrigin = await invoke('images:inspect', '{"args":["abc"]}', { origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    expect(core.calls).toEqual([]);
    const own = await invoke('images:inspect', '{"args":["abc"]}', {
      origin: `http://127.0.0.1:${host.port}`,
    });
    expect(own.status).toBe(200);
  });

  it('refuses a cross-origin Origin on the event stream, also another port of 127.0.0.1', async () => {
    await start();
    for (const origin of [
      'http://evil.example',
      `http://127.0.0.1:${host.port + 1}`,
      `http://localhost:${host.port}`,
      'null',
    ]) {
      const res = await rawRequest(host.port, {
        path: `/api/events?token=${TOKEN}`,
        headers: { cookie: cookie(), origin },
      });
      expect(res.status, origin).toBe(403);
      expect(JSON.parse(res.body), origin).toMatchObject({
        error: { code: 'UNAUTHORIZED', message: 'Requests from other origins are refused.' },
      });
    }
    expect(core.sinks.size).toBe(0);
    const own = await openStream(host.port, '/api/events', {
      cookie: cookie(),
      origin: `http://127.0.0.1:${host.port}`,
    });
    expect(own.status).toBe(200);
    own.close();
  });

  it('two hosts on two ports each take only their own cookie, though the browser sends both', async () => {
    await start();
    const otherToken = `${TOKEN}-other`;
    const other = await startWebHost({ core: new FakeCore(), staticDir, token: otherToken });
    try {
      const entered = await rawRequest(other.port, { path: `/?token=${otherToken}` });
      const otherCookie = (entered.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
      expect(otherCookie).toBe(`hangar_token_${other.port}=${otherToken}`);
      // What a browser sends to either port: the cookies of 127.0.0.1, whatever port set them.
      const both = `${otherCookie}; ${cookie()}`;
      for (const port of [host.port, other.port]) {
        const res = await rawRequest(port, { headers: { cookie: both } });
        expect(res.status, String(port)).toBe(200);
      }
      // Each cookie alone reaches only the host that set it.
      expect((await rawRequest(host.port, { headers: { cookie: otherCookie } })).status).toBe(401);
      const replayed = `hangar_token_${other.port}=${TOKEN}`;
      expect((await rawRequest(host.port, { headers: { cookie: replayed } })).status).toBe(401);
      const stale = `hangar_token=${TOKEN}`;
      expect((await rawRequest(host.port, { headers: { cookie: stale } })).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('dispatches a request and answers its result', async () => {
    await start();
    const res = await invoke('images:inspect', '{"args":["abc"]}');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { Id: 'sha256:abc' } });
    expect(core.calls).toEqual([['abc']]);
  });

  it('passes validation and handler errors through as results', async () => {
    await start();
    const invalid = await invoke('images:inspect', '{"args":[42]}');
    expect(invalid.status).toBe(200);
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const tooMany = await invoke('images:inspect', '{"args":["a","b"]}');
    expect(JSON.parse(tooMany.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const missing = await invoke('images:inspect', '{"args":["missing"]}');
    expect(JSON.parse(missing.body)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No such image: missing' },
    });
    expect(core.calls).toEqual([['missing']]);
  });

  it('answers 404 for an unknown channel and an unknown API path', async () => {
    await start();
    const unknown = await invoke('images:explode', '{"args":[]}');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('images:explode') },
    });
    const api = await rawRequest(host.port, {
      path: '/api/nothing',
      headers: { cookie: cookie() },
    });
    expect(api.status).toBe(404);
  });

  it('requires POST, a JSON content type, a JSON object body and a bounded size', async () => {
    await start();
    const get = await rawRequest(host.port, {
      path: '/api/invoke/images:inspect',
      headers: { cookie: cookie() },
    });
    expect(get.status).toBe(405);
    const form = await invoke('images:inspect', 'args=abc', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect((await invoke('images:inspect', '{"args":')).status).toBe(400);
    expect((await invoke('images:inspect', '["abc"]')).status).toBe(400);
    const huge = JSON.stringify({ args: ['x'.repeat(1024 * 1024 + 10)] });
    const tooLarge = await invoke('images:inspect', huge);
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.body)).toMatchObject({
      error: { code: 'VALIDATION', message: 'A request to the web host is at most 1 MiB.' },
    });
    expect(core.calls).toEqual([]);
  });

  it('never serves a file outside the static folder', async () => {
    await start();
    for (const p of [
      '/../package.json',
      '/..%2fpackage.json',
      '/%2e%2e/package.json',
      '/assets/..%2f..%2fpackage.json',
      '/%00index.html',
      '/..\\package.json',
    ]) {
      const res = await rawRequest(host.port, { path: p, headers: { cookie: cookie() } });
      expect(res.status, p).toBeGreaterThanOrEqual(400);
      expect(res.body, p).not.toContain('secret');
    }
  });

  it('says the renderer is not built when the static folder has no index.html', async () => {
    await start(path.join(root, 'empty'));
    const res = await rawRequest(host.port, { headers: { cookie: cookie() } });
    expect(res.status).toBe(500);
    expect(res.body).toContain(NOT_BUILT_MESSAGE);
  });

  it('streams core events as SSE with heartbeats, and unsubscribes when the client leaves', async () => {
    await start(staticDir, 50);
    const stream = await openStream(host.port, '/api/events', { cookie: cookie() });
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(core.sinks.size).toBe(1);
    const delta: IndexDelta = { version: 7, upserts: [], removals: ['sha256:gone'] };
    core.emitDelta(delta);
    const text = await stream.waitFor(`data: ${JSON.stringify(delta)}\n\n`);
    expect(text).toContain(`event: index:delta\ndata: ${JSON.stringify(delta)}\n\n`);
    await stream.waitFor(': heartbeat\n\n');
    stream.close();
    await expect.poll(() => core.sinks.size).toBe(0);
  });

  it('accepts the token in the events URL (EventSource cannot send headers)', async () => {
    await start();
    const stream = await openStream(host.port, `/api/events?token=${TOKEN}`, {});
    expect(stream.status).toBe(200);
    stream.close();
  });

  it('refuses an event stream over the cap in words, and takes one again when one closes', async () => {
    await start(staticDir, undefined, { maxEventStreams: 2 });
    const headers = { cookie: cookie() };
    const a = await openStream(host.port, '/api/events', headers);
    const b = await openStream(host.port, '/api/events', headers);
    expect([a.status, b.status]).toEqual([200, 200]);
    const over = await rawRequest(host.port, { path: '/api/events', headers });
    expect(over.status).toBe(503);
    expect(over.headers['retry-after']).toBe('5');
    expect(JSON.parse(over.body)).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT_IN_USE',
        message:
          "Hangar's web host already serves 2 event streams, one per open page: close some Hangar pages, then reload this one.",
      },
    });
    expect(core.sinks.size).toBe(2);
    a.close();
    await expect.poll(() => core.sinks.size).toBe(1);
    const c = await openStream(host.port, '/api/events', headers);
    expect(c.status).toBe(200);
    b.close();
    c.close();
  });

  it('drops an event stream whose client stops reading, which frees its place', async () => {
    await start(staticDir, undefined, { maxEventStreams: 1, streamLimits: { stallMs: 50 } });
    const socket = connect(host.port, '127.0.0.1');
    try {
      await once(socket, 'connect');
      socket.write(
        `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nCookie: ${cookie()}\r\n\r\n`,
      );
      socket.pause(); // never reads a byte
      await expect.poll(() => core.sinks.size).toBe(1);
      core.flood(200); // 12.5 MiB: more than the kernel's socket buffers take
      await expect.poll(() => core.sinks.size).toBe(0);
      const next = await openStream(host.port, '/api/events', { cookie: cookie() });
      expect(next.status).toBe(200);
      next.close();
    } finally {
      socket.destroy();
    }
  });

  it('keeps a client that reads through a burst larger than its buffers', async () => {
    await start(staticDir, undefined, { streamLimits: { stallMs: 5_000 } });
    const socket = connect(host.port, '127.0.0.1');
    try {
      await once(socket, 'connect');
      socket.write(
        `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nCookie: ${cookie()}\r\n\r\n`,
      );
      let tail = '';
      let bytes = 0;
      const sawLast = new Promise<void>((resolve) =>
        socket.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          tail = (tail + chunk.toString('latin1')).slice(-64);
          if (tail.includes('"removals":["last"]')) resolve();
        }),
      );
      await expect.poll(() => core.sinks.size).toBe(1);
      core.flood(200);
      await sawLast;
      expect(bytes).toBeGreaterThan(200 * 64 * 1024);
      expect(core.sinks.size).toBe(1);
    } finally {
      socket.destroy();
    }
  }, 30_000);

  it('ends open event streams when closed', async () => {
    await start();
    const stream = await openStream(host.port, '/api/events', { cookie: cookie() });
    await stream.waitFor(': connected');
    await host.close();
    await stream.ended;
    expect(core.sinks.size).toBe(0);
  });
});
