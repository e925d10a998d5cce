/**
 * The engine connection against a real private dockerd (and a real Podman service when podman is
 * installed): version negotiation, losing the daemon, reconnecting by itself, and telling a
 * server that is not Docker apart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../shared/model.js';
import { HangarError } from '../../shared/errors.js';
import { Engine } from '../../electron/core/engine/engine.js';
import { nodeFileReader, resolveEndpoint } from '../../electron/core/engine/resolve.js';
import { startPrivateDaemon, type PrivateDaemon } from '../harness/daemon.js';
import {
  findExecutable,
  onProcessExit,
  spawnService,
  tailFile,
  terminate,
} from '../harness/proc.js';

function engineFor(host: string, opts: ConstructorParameters<typeof Engine>[1] = {}): Engine {
  const resolved = resolveEndpoint({
    flagHost: host,
    env: {},
    platform: process.platform,
    ...nodeFileReader,
  });
  return new Engine(resolved, opts);
}

function waitForStatus(
  engine: Engine,
  check: (s: EngineStatus) => boolean,
  timeoutMs = 30_000,
): Promise<EngineStatus> {
  if (check(engine.status())) return Promise.resolve(engine.status());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`status not reached in time; last: ${JSON.stringify(engine.status())}`));
    }, timeoutMs);
    const off = engine.onStatus((s) => {
      if (!check(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** How an event stream ended ('error' or 'close'), or 'still open' after `ms`. */
function endsWithin(stream: IncomingMessage, ms: number): Promise<string> {
  return Promise.race([
    new Promise<string>((resolve) => {
      stream.on('error', () => resolve('error'));
      stream.on('close', () => resolve('close'));
      stream.resume();
    }),
    sleep(ms).then(() => 'still open'),
  ]);
}

describe('Engine against a private dockerd', () => {
  let daemon: PrivateDaemon;
  let engine: Engine;

  beforeAll(async () => {
    daemon = await startPrivateDaemon({ name: 'engine' });
    engine = engineFor(daemon.host, {
      backoff: { initialMs: 100, maxMs: 500 },
      callTimeoutMs: 700,
    });
  });

  afterAll(async () => {
    engine?.stop();
    await daemon?.destroy();
  });

  it('connects and reports the daemon: Docker 20.10, API 1.41', async () => {
    const status = await engine.start();
    expect(status).toMatchObject({
      state: 'reachable',
      endpoint: { host: daemon.host, source: '--host', tls: false },
      kind: 'docker',
      apiVersion: '1.41',
      os: 'linux',
    });
    expect(status.state === 'reachable' && status.version).toMatch(/^20\.10\./);
    const version = await engine.client().version();
    expect(version.ApiVersion).toBe('1.41');
    expect(Array.isArray(await engine.client().listImages())).toBe(true);
  });

  it('keeps an idle event stream open on eventsClient(), which client() would cut', async () => {
    const quiet = (await engine.eventsClient().getEvents()) as IncomingMessage;
    const cut = (await engine.client().getEvents()) as IncomingMessage;
    const [quietEnd, cutEnd] = await Promise.all([
      endsWithin(quiet, 2_000),
      endsWithin(cut, 2_000),
    ]);
    quiet.destroy();
    expect(cutEnd).not.toBe('still open');
    expect(quietEnd).toBe('still open');
  });

  it('goes unreachable with the real reason when the daemon stops', async () => {
    await daemon.stop();
    const failure = await engine
      .client()
      .listImages()
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(failure).not.toBeNull();
    engine.reportFailure(failure);
    const status = await waitForStatus(engine, (s) => s.state === 'unreachable', 10_000);
    expect(status.state === 'unreachable' && status.reason).toMatch(
      new RegExp(`^Cannot reach Docker at ${daemon.host}: (no such socket|connection refused)`),
    );
    expect(status.state === 'unreachable' && status.retryAt).toBeGreaterThan(0);
    expect(() => engine.client()).toThrow(HangarError);
    expect(() => engine.client()).toThrow(/no such socket|connection refused/);
  });

  it('reconnects by itself once the daemon is back', async () => {
    await daemon.start();
    const status = await waitForStatus(engine, (s) => s.state === 'reachable', 30_000);
    expect(status).toMatchObject({ kind: 'docker', apiVersion: '1.41' });
    expect(Array.isArray(await engine.client().listImages())).toBe(true);
  });
});

describe('Engine against what is not Docker', () => {
  let dir: string;
  let server: http.Server;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hangar-notdocker-'));
    server = http.createServer((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('404 page not found\n');
    });
    await new Promise<void>((resolve) => server.listen(path.join(dir, 'web.sock'), resolve));
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('says a plain HTTP server on a socket is not a Docker API', async () => {
    const host = `unix://${path.join(dir, 'web.sock')}`;
    const engine = engineFor(host);
    try {
      const status = await engine.start();
      expect(status.state === 'unreachable' && status.reason).toBe(
        `Cannot reach Docker at ${host}: not a Docker API (it answered HTTP 404 to /_ping)`,
      );
    } finally {
      engine.stop();
    }
  });
});

const podman = findExecutable('podman');

describe.skipIf(!podman)('Engine against a private Podman service', () => {
  let dir: string;
  let engine: Engine | undefined;
  let stopService: (() => Promise<void>) | undefined;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hangar-podman-'));
    const child = spawnService(
      podman as string,
      [
        '--root',
        path.join(dir, 'root'),
        '--runroot',
        path.join(dir, 'run'),
        '--storage-driver',
        'vfs',
        'system',
        'service',
        '--time=0',
        `unix://${path.join(dir, 'podman.sock')}`,
      ],
      path.join(dir, 'podman.log'),
    );
    const unregister = onProcessExit(() => child.kill('SIGKILL'));
    stopService = async () => {
      await terminate(child, 10_000);
      unregister();
    };
  });

  afterAll(async () => {
    engine?.stop();
    await stopService?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('detects Podman and its Docker-compatible API version', async () => {
    engine = engineFor(`unix://${path.join(dir, 'podman.sock')}`, {
      backoff: { initialMs: 100, maxMs: 300 },
    });
    void engine.start();
    const status = await waitForStatus(engine, (s) => s.state === 'reachable', 30_000).catch(
      (err: unknown) => {
        throw new Error(`${String(err)}\npodman log:\n${tailFile(path.join(dir, 'podman.log'))}`);
      },
    );
    expect(status).toMatchObject({ state: 'reachable', kind: 'podman', os: 'linux' });
    expect(status.state === 'reachable' && status.apiVersion).toMatch(/^1\.\d+$/);
    expect(Array.isArray(await engine.client().listImages())).toBe(true);
  });
});
