import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineStatus } from '../../../shared/model.js';
import { HangarError } from '../../../shared/errors.js';
import { Engine, type EngineOptions } from './engine.js';
import {
  FakeApiServer,
  engineLike,
  notAnEngine,
  type FakeHandler,
} from '../../../test/support/fake-api-server.js';
import { resolveEndpoint } from './resolve.js';
import { DOCKER_20_10_VERSION, PODMAN_4_3_VERSION } from './version-fixtures.js';

let dir: string;
let socket: string;
const servers: FakeApiServer[] = [];
const engines: Engine[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hangar-engine-'));
  socket = path.join(dir, 'api.sock');
});

afterEach(async () => {
  vi.unstubAllEnvs();
  for (const engine of engines.splice(0)) engine.stop();
  for (const server of servers.splice(0)) await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(handler: FakeHandler): Promise<FakeApiServer> {
  const server = new FakeApiServer(handler);
  servers.push(server);
  await server.listen(socket);
  return server;
}

/** An engine on the test socket; the clock reads 0, so `retryAt` is the backoff delay. */
function engineOn(opts: EngineOptions = {}): { engine: Engine; seen: EngineStatus[] } {
  const resolved = resolveEndpoint({
    flagHost: `unix://${socket}`,
    env: {},
    platform: 'linux',
    exists: () => false,
    readFile: () => '',
  });
  const engine = new Engine(resolved, { now: () => 0, random: () => 0.5, ...opts });
  engines.push(engine);
  const seen: EngineStatus[] = [];
  engine.onStatus((s) => seen.push(s));
  return { engine, seen };
}

function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (check()) resolve();
      else if (Date.now() > deadline) reject(new Error('condition not met in time'));
      else setTimeout(tick, 5);
    };
    tick();
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function reason(status: EngineStatus): string {
  if (status.state !== 'unreachable') throw new Error(`expected unreachable, got ${status.state}`);
  return status.reason;
}

describe('Engine connecting', () => {
  it('pings, reads /version, pins the API version and reports Docker', async () => {
    const server = await serve(engineLike(DOCKER_20_10_VERSION));
    const { engine, seen } = engineOn();
    expect(engine.status().state).toBe('connecting');
    const status = await engine.start();
    expect(status).toEqual({
      state: 'reachable',
      endpoint: { host: `unix://${socket}`, source: '--host', tls: false },
      kind: 'docker',
      version: '20.10.24+dfsg1',
      apiVersion: '1.41',
      os: 'linux',
      arch: 'amd64',
    });
    expect(seen).toEqual([status]);
    expect(server.requests).toEqual(['GET /_ping', 'GET /version']);
    await engine.client().listImages();
    await engine.eventsClient().listImages();
    expect(server.requests.slice(2)).toEqual(['GET /v1.41/images/json', 'GET /v1.41/images/json']);
  });

  it('detects Podman', async () => {
    await serve(engineLike(PODMAN_4_3_VERSION));
    const { engine } = engineOn();
    expect(await engine.start()).toMatchObject({
      state: 'reachable',
      kind: 'podman',
      version: '4.3.1',
    });
  });

  it('pins a newer engine down to API 1.47', async () => {
    const server = await serve(
      engineLike({ ...DOCKER_20_10_VERSION, ApiVersion: '1.51', MinAPIVersion: '1.24' }),
    );
    const { engine } = engineOn();
    expect(await engine.start()).toMatchObject({ state: 'reachable', apiVersion: '1.47' });
    await engine.client().listImages();
    expect(server.requests.at(-1)).toBe('GET /v1.47/images/json');
  });

  it('says a plain HTTP server is not a Docker API, and client() throws the reason', async () => {
    await serve(notAnEngine);
    const { engine } = engineOn();
    const status = await engine.start();
    expect(reason(status)).toBe(
      `Cannot reach Docker at unix://${socket}: not a Docker API (it answered HTTP 404 to /_ping)`,
    );
    expect(status).toMatchObject({ retryAt: 500 });
    let thrown: unknown;
    try {
      engine.client();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(HangarError);
    expect(thrown).toMatchObject({ code: 'ENGINE_UNREACHABLE', message: reason(status) });
    expect(() => engine.eventsClient()).toThrow(HangarError);
  });

  it('refuses an answer to /version that is not Docker', async () => {
    await serve((_m, p) =>
      p === '/_ping' ? { status: 200, body: 'OK' } : { status: 200, body: {} },
    );
    const { engine } = engineOn();
    expect(reason(await engine.start())).toMatch(
      /not a Docker API \(its \/version answer has no ApiVersion\)$/,
    );
  });

  it('refuses an engine whose API is too old', async () => {
    await serve(engineLike({ ...DOCKER_20_10_VERSION, ApiVersion: '1.30' }));
    const { engine } = engineOn();
    expect(reason(await engine.start())).toMatch(/: its API version 1\.30 is too old/);
  });

  it('gives up on an engine that does not answer', async () => {
    await serve(() => 'hang');
    const { engine } = engineOn({ probeTimeoutMs: 100 });
    expect(reason(await engine.start())).toBe(`Cannot reach Docker at unix://${socket}: timed out`);
  });

  it('says Podman in reasons for a Podman socket found by default', async () => {
    const resolved = resolveEndpoint({
      env: {},
      homeDir: dir,
      platform: 'linux',
      exists: (p) => p === '/run/podman/podman.sock',
      readFile: () => '',
    });
    const engine = new Engine(
      { ...resolved, options: { ...resolved.options, socketPath: socket } },
      { now: () => 0 },
    );
    engines.push(engine);
    expect(reason(await engine.start())).toMatch(/^Cannot reach Podman at .*: no such socket/);
  });
});

describe('Engine reconnecting', () => {
  it('backs off (20, 40, 80, 80 … ms), emits only changes, and reconnects by itself', async () => {
    const { engine, seen } = engineOn({ backoff: { initialMs: 20, maxMs: 80 } });
    const first = await engine.start();
    expect(reason(first)).toBe(
      `Cannot reach Docker at unix://${socket}: no such socket (is the engine running?)`,
    );
    await until(() => seen.length >= 3);
    await sleep(250); // several more attempts at 80 ms: same status, so nothing emitted
    expect(seen.map((s) => (s.state === 'unreachable' ? s.retryAt : s.state))).toEqual([
      20, 40, 80,
    ]);
    await serve(engineLike(DOCKER_20_10_VERSION));
    await until(() => engine.status().state === 'reachable', 2_000);
    expect(seen.at(-1)?.state).toBe('reachable');
    expect(seen).toHaveLength(4);
  });

  it(
    're-checks on reportFailure: ignores HTTP errors, switches to unreachable when down',
    { timeout: 20_000 },
    async () => {
      const server = await serve(engineLike(DOCKER_20_10_VERSION));
      const { engine, seen } = engineOn({ backoff: { initialMs: 20, maxMs: 40 } });
      await engine.start();
      engine.reportFailure(Object.assign(new Error('no such image'), { statusCode: 404 }));
      engine.reportFailure(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
      engine.reportFailure(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
      await until(() => server.count('/version') === 2);
      expect(server.count('/_ping')).toBe(2); // one re-check for both reports, none for the 404
      expect(seen).toHaveLength(1);

      await server.close();
      engine.reportFailure(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));
      await until(() => engine.status().state === 'unreachable');
      expect(reason(engine.status())).toMatch(/no such socket/);
      expect(engine.status()).toMatchObject({ retryAt: 20 }); // the backoff starts over
      expect(seen.map((s) => s.state)).toEqual(['reachable', 'unreachable']);
    },
  );

  it('retry() connects at once instead of waiting for the backoff', async () => {
    const { engine, seen } = engineOn({ backoff: { initialMs: 60_000, maxMs: 60_000 } });
    expect(await engine.start()).toMatchObject({ state: 'unreachable', retryAt: 60_000 });
    await serve(engineLike(DOCKER_20_10_VERSION));
    const status = await engine.retry();
    expect(status.state).toBe('reachable');
    expect(seen.map((s) => s.state)).toEqual(['unreachable', 'connecting', 'reachable']);
  });

  it('stop() ends the timers and the status events', async () => {
    const { engine, seen } = engineOn({ backoff: { initialMs: 20, maxMs: 20 } });
    await engine.start();
    engine.stop();
    const server = await serve(engineLike(DOCKER_20_10_VERSION));
    await sleep(150);
    expect(server.requests).toEqual([]);
    expect(engine.status()).toMatchObject({ state: 'unreachable', retryAt: null });
    expect(seen).toHaveLength(1);
  });
});

describe('Engine clients', () => {
  it('client() has an idle timeout; eventsClient() keeps a quiet event stream open', async () => {
    await serve(engineLike(DOCKER_20_10_VERSION));
    const { engine } = engineOn({ callTimeoutMs: 100 });
    await engine.start();
    const ended = (stream: IncomingMessage): Promise<string> =>
      new Promise((resolve) => {
        stream.on('error', () => resolve('error'));
        stream.on('close', () => resolve('close'));
        stream.resume();
      });
    const timed = (await engine.client().getEvents()) as IncomingMessage;
    const idle = (await engine.eventsClient().getEvents()) as IncomingMessage;
    const idleEnd = ended(idle);
    expect(await Promise.race([ended(timed), sleep(2_000).then(() => 'still open')])).not.toBe(
      'still open',
    );
    expect(await Promise.race([idleEnd, sleep(400).then(() => 'still open')])).toBe('still open');
    idle.destroy();
  });

  it('is not redirected by the DOCKER_HOST that docker-modem reads from process.env', async () => {
    vi.stubEnv('DOCKER_HOST', 'tcp://127.0.0.1:9');
    vi.stubEnv('DOCKER_CLIENT_TIMEOUT', '50');
    const server = await serve(engineLike(DOCKER_20_10_VERSION));
    const { engine } = engineOn();
    expect(await engine.start()).toMatchObject({ state: 'reachable' });
    await engine.client().listImages();
    expect(server.requests.at(-1)).toBe('GET /v1.41/images/json');
    const idle = (await engine.eventsClient().getEvents()) as IncomingMessage;
    let ended = false;
    idle.on('close', () => (ended = true)).resume();
    await sleep(300);
    expect(ended).toBe(false);
    idle.destroy();
  });

  it('says so when docker-modem cannot be set up from process.env', async () => {
    vi.stubEnv('DOCKER_HOST', 'tcp://127.0.0.1:9');
    vi.stubEnv('DOCKER_CERT_PATH', path.join(dir, 'no-certs'));
    await serve(engineLike(DOCKER_20_10_VERSION));
    const { engine } = engineOn();
    expect(reason(await engine.start())).toMatch(
      /: the Docker client could not be set up: ENOENT: no such file or directory/,
    );
  });
});
