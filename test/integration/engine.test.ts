/**
 * The engine connection against a real private dockerd and a real private Podman service: version
 * negotiation, losing the daemon, reconnecting by itself, telling a server that is not Docker
 * apart, and Podman's images listed as Podman lists them.
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
import { createCore } from '../../electron/core/core.js';
import { startPrivateDaemon, type PrivateDaemon } from '../harness/daemon.js';
import { seedImages, type SeededImage } from '../harness/image-tar.js';
import type { PodmanHandle } from '../harness/podman.js';
import { sharedPodman } from '../harness/shared.js';
import { indexView, oracleView } from '../support/oracle.js';
import { runHangar } from '../support/hangar-cli.js';

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

describe('Engine and index against a private Podman service', () => {
  let podman: PodmanHandle;
  let engine: Engine | undefined;
  let seeded: SeededImage[] = [];

  beforeAll(async () => {
    podman = sharedPodman();
    seeded = await seedImages(podman, [
      { tags: ['enginetest/one:1', 'enginetest/one:2'], labels: { team: 'a' } },
      { tags: ['enginetest/two:1'] },
      { tags: [] },
      { tags: [] },
    ]);
    await podman.cli(['tag', 'enginetest/two:1', 'enginetest/moved:here']);
  });

  afterAll(async () => {
    engine?.stop();
    await podman?.cli(['rmi', '-f', ...seeded.map((s) => s.id)], { allowFail: true });
  });

  it('detects Podman 4 and its Docker-compatible API version', async () => {
    engine = engineFor(podman.host, { backoff: { initialMs: 100, maxMs: 300 } });
    const status = await engine.start();
    expect(status).toMatchObject({ state: 'reachable', kind: 'podman', os: 'linux' });
    expect(status.state === 'reachable' && status.version).toMatch(/^4\./);
    expect(status.state === 'reachable' && status.apiVersion).toBe('1.41');
  });

  it('`hangar images --json --all` lists exactly what `podman images -a` lists', async () => {
    // `podman images -a`: image id → sorted tags.
    const expected = (await oracleView((a) => podman.cli(a))).tags;
    // What was seeded is there, under the names Podman gives short names: localhost/…
    for (const image of seeded) expect(expected[image.id]).toBeDefined();
    expect(expected[seeded[0]?.id ?? '']).toEqual([
      'localhost/enginetest/one:1',
      'localhost/enginetest/one:2',
    ]);

    const run = await runHangar(['images', '--json', '--all', '--host', podman.host]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const images = JSON.parse(run.stdout) as Array<{ id: string; repoTags: string[] }>;
    expect(Object.fromEntries(images.map((i) => [i.id, [...i.repoTags].sort()]))).toEqual(expected);
  });

  it('the index equals the CLI: tags, dangling images and containers', async () => {
    await podman.cli(['create', '--name', 'enginetest-c', '--network', 'none', 'enginetest/one:1']);
    const core = await createCore({ host: podman.host });
    try {
      await core.ready();
      const oracle = await oracleView((a) => podman.cli(a));
      expect(oracle.dangling).toEqual(expect.arrayContaining([seeded[2]?.id, seeded[3]?.id]));
      expect(oracle.containers[seeded[0]?.id ?? '']).toEqual(['enginetest-c:created']);
      const view = indexView((await core.handlers['images:snapshot']()).images);
      expect(view).toEqual(oracle);
    } finally {
      await core.close();
      await podman.cli(['rm', '-f', 'enginetest-c'], { allowFail: true });
    }
  });
});
