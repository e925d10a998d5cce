/**
 * The web host over the real core and the harness's private daemon: requests reach the daemon
 * through `dispatch()`, and changes made by the docker CLI arrive as server-sent events. Also
 * where `hangar web` listens (127.0.0.1 only) and who may open the event stream.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FTL_FILE_MAX_BYTES } from '../../shared/history.js';
import type { IndexDelta, IndexSnapshot } from '../../shared/model.js';
import { tokenCookieName } from '../../shared/web-protocol.js';
import { createCore, type Core } from '../../electron/core/core.js';
import { IMPORT_BODY_LIMIT, startWebHost, type WebHost } from '../../electron/web/server.js';
import { openStream, rawRequest } from '../support/web-client.js';
import { seedImages } from '../harness/image-tar.js';
import { sharedDaemon } from '../harness/shared.js';
import { startWebHostProcess } from '../support/web-host-process.js';

/** How a TCP connection to `address:port` ends: `connected`, or the error code. */
function tryConnect(address: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/** This machine's addresses other than 127.0.0.1: another loopback one, and every interface's. */
function otherLocalAddresses(): string[] {
  const own = Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && !i.internal && !i.address.startsWith('fe80:'))
    .map((i) => i?.address ?? '');
  const v6 = Object.values(networkInterfaces())
    .flat()
    .some((i) => i?.address === '::1');
  return ['127.0.0.2', ...(v6 ? ['::1'] : []), ...own];
}

describe('web host over the real core', () => {
  const daemon = sharedDaemon();
  let core: Core;
  let host: WebHost;
  let work: string;
  let imageId = '';

  const invoke = async (channel: string, args: unknown[]) => {
    const res = await rawRequest(host.port, {
      method: 'POST',
      path: `/api/invoke/${channel}`,
      headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ args }),
    });
    expect(res.status).toBe(200);
    return JSON.parse(res.body) as { ok: boolean; value?: unknown; error?: { code: string } };
  };

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'hangar-webhost-'));
    await mkdir(path.join(work, 'renderer'));
    await writeFile(path.join(work, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
    const [seeded] = await seedImages(daemon, [{ tags: ['hangar-web/app:v1'] }]);
    imageId = seeded?.id ?? '';
    core = await createCore({ host: daemon.host, env: { HANGAR_HOME: path.join(work, 'home') } });
    await core.ready();
    host = await startWebHost({ core, staticDir: path.join(work, 'renderer') });
  });

  afterAll(async () => {
    await host?.close();
    await core?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('answers images:snapshot and images:inspect from the daemon', async () => {
    const snapshot = await invoke('images:snapshot', []);
    expect(snapshot.ok).toBe(true);
    const images = (snapshot.value as IndexSnapshot).images;
    expect(images.find((i) => i.id === imageId)?.repoTags).toEqual(['hangar-web/app:v1']);

    const inspect = await invoke('images:inspect', ['hangar-web/app:v1']);
    expect(inspect).toMatchObject({ ok: true, value: { Id: imageId } });
  });

  it('passes the daemon’s errors and validation errors through as results', async () => {
    expect(await invoke('images:inspect', ['hangar-web/none:404'])).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await invoke('images:inspect', ['bad name!'])).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('streams an index:delta when the docker CLI tags an image', async () => {
    const stream = await openStream(host.port, '/api/events', {
      cookie: `${tokenCookieName(host.port)}=${host.token}`,
    });
    try {
      expect(stream.status).toBe(200);
      await stream.waitFor(': connected');
      await daemon.docker(['tag', imageId, 'hangar-web/app:sse']);
      const text = await stream.waitFor('hangar-web/app:sse', 15_000);
      const frame = text
        .split('\n\n')
        .find((f) => f.startsWith('event: index:delta\n') && f.includes('hangar-web/app:sse'));
      const data = frame?.split('\n').find((l) => l.startsWith('data: '));
      const delta = JSON.parse(data?.slice('data: '.length) ?? 'null') as IndexDelta;
      expect(delta.upserts.find((u) => u.id === imageId)?.repoTags).toContain('hangar-web/app:sse');
    } finally {
      stream.close();
      await daemon.docker(['rmi', 'hangar-web/app:sse'], { allowFail: true });
    }
  });

  it('still refuses requests without the token', async () => {
    const res = await rawRequest(host.port, {
      method: 'POST',
      path: '/api/invoke/images:snapshot',
      headers: { 'content-type': 'application/json' },
      body: '{"args":[]}',
    });
    expect(res.status).toBe(401);
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(host.address).toEqual({ address: '127.0.0.1', family: 'IPv4', port: host.port });
    expect(await tryConnect('127.0.0.1', host.port)).toBe('connected');
    for (const address of otherLocalAddresses()) {
      expect(await tryConnect(address, host.port), address).toBe('ECONNREFUSED');
    }
  });

  it('`hangar web` answers on 127.0.0.1 and refuses connections to the machine’s other addresses', async () => {
    const web = await startWebHostProcess(daemon.host);
    try {
      expect(web.origin).toBe(`http://127.0.0.1:${web.port}`);
      expect(await tryConnect('127.0.0.1', web.port)).toBe('connected');
      for (const address of otherLocalAddresses()) {
        expect(await tryConnect(address, web.port), address).toBe('ECONNREFUSED');
      }
    } finally {
      await web.stop();
    }
  });

  it('refuses the event stream to another origin, even with the session cookie', async () => {
    const cookie = `${tokenCookieName(host.port)}=${host.token}`;
    for (const origin of [`http://127.0.0.1:${host.port + 1}`, 'https://evil.example']) {
      const res = await rawRequest(host.port, { path: '/api/events', headers: { cookie, origin } });
      expect(res.status, origin).toBe(403);
      expect(JSON.parse(res.body), origin).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED', message: 'Requests from other origins are refused.' },
      });
    }
  });

  it('imports a 1.5 MB FTL file, as the CLI would', async () => {
    const entry = (i: number) => ({
      type: 'docker_layer_cache',
      level: i % 2 === 0 ? 'project' : 'global',
      hash: i.toString(16).padStart(64, '0'),
      status: i % 3 === 0 ? 'HIT' : 'MISS',
    });
    const cacheStats = Array.from({ length: 14_000 }, (_, i) => entry(i));
    const text = JSON.stringify({ cacheStats }, null, 2);
    expect(text.length).toBeGreaterThan(1.5 * 1024 * 1024);
    const report = await invoke('history:import', [
      { files: [{ name: 'build.json', text, modifiedAt: null }], artifact: 'web-import' },
    ]);
    expect(report).toMatchObject({ ok: true, value: { imported: 14_000 } });
  });

  it('refuses an import over the limit with a 413 in words', async () => {
    const text = 'x'.repeat(IMPORT_BODY_LIMIT);
    const res = await rawRequest(host.port, {
      method: 'POST',
      path: '/api/invoke/history:import',
      headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ args: [{ files: [{ name: 'big.json', text, modifiedAt: null }] }] }),
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message:
          'An FTL import sent to the web host is at most 33 MiB of JSON at once, and each file at most 16 MiB: import fewer or smaller files.',
      },
    });
    // Under the body limit but over the file limit: refused by the import's own check.
    const over = await invoke('history:import', [
      {
        files: [{ name: 'big.json', text: 'x'.repeat(FTL_FILE_MAX_BYTES + 1), modifiedAt: null }],
        artifact: null,
      },
    ]);
    expect(over).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('at most 16 MiB') },
    });
  });
});
