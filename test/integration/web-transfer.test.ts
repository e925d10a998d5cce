/**
 * Save and load through the web host over the real core and the shared real daemon: the download
 * is the `docker save` tar of the images named, the upload loads it back with the same id; an
 * upload without the token, or over the size limit (by its Content-Length or, chunked, by what
 * came), is refused and loads nothing.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadResult } from '../../shared/actions.js';
import { LOAD_PATH, SAVE_PATH } from '../../shared/web-protocol.js';
import { createCore, type Core } from '../../electron/core/core.js';
import { startWebHost, type WebHost } from '../../electron/web/server.js';
import type { DaemonHandle } from '../harness/daemon.js';
import { seedImages, type SeededImage } from '../harness/image-tar.js';
import { sharedDaemon } from '../harness/shared.js';

interface Answer {
  status: number;
  body: string;
}

/** Sends `file` as the body of POST LOAD_PATH, with a Content-Length or chunked. */
function upload(
  port: number,
  file: string,
  headers: Record<string, string>,
  chunked = false,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: LOAD_PATH,
        headers: {
          'Content-Type': 'application/x-tar',
          ...(chunked ? {} : { 'Content-Length': String(statSync(file).size) }),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    // The host may answer and close before the whole body is sent (a refusal).
    req.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err),
    );
    createReadStream(file).pipe(req);
  });
}

describe('save and load through the web host', () => {
  let daemon: DaemonHandle;
  let core: Core;
  let host: WebHost;
  let small: WebHost;
  let work: string;
  let seeded: SeededImage;
  const tag = `webload-${randomUUID().slice(0, 8)}:1`;
  const bearer = () => ({ Authorization: `Bearer ${host.token}` });
  const idOf = (ref: string) =>
    daemon
      .cli(['image', 'inspect', '--format', '{{.Id}}', ref], { allowFail: true })
      .then((r) => (r.code === 0 ? r.stdout.trim() : null));
  const archive = () => path.join(work, 'download.tar');

  beforeAll(async () => {
    daemon = sharedDaemon();
    work = mkdtempSync(path.join(tmpdir(), 'hangar-webload-'));
    [seeded] = (await seedImages(daemon, [{ tags: [tag], content: 'x'.repeat(3_000_000) }])) as [
      SeededImage,
    ];
    core = await createCore({ host: daemon.host });
    await core.ready();
    host = await startWebHost({ core, staticDir: work });
    small = await startWebHost({ core, staticDir: work, uploadLimit: 100_000 });
  }, 120_000);

  afterAll(async () => {
    await host?.close();
    await small?.close();
    await core?.close();
    await daemon?.cli(['rmi', '-f', tag], { allowFail: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('downloads the archive and uploads it back: the same image id and tag', async () => {
    const res = await fetch(
      `http://127.0.0.1:${host.port}${SAVE_PATH}?names=${encodeURIComponent(tag)}`,
      { headers: bearer() },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-tar');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.tar"$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(257, 262).toString('latin1')).toBe('ustar');
    writeFileSync(archive(), bytes);

    await daemon.cli(['rmi', '-f', tag]);
    expect(await idOf(tag)).toBeNull();
    const answer = await upload(host.port, archive(), bearer());
    expect(answer.status, answer.body).toBe(200);
    const r = JSON.parse(answer.body) as { ok: true; value: LoadResult };
    expect(r.value.tags).toEqual([tag]);
    expect(r.value.bytes).toBe(statSync(archive()).size);
    expect(await idOf(tag)).toBe(seeded.id);
  });

  it('a download of an image that does not exist is a 404 in words', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}${SAVE_PATH}?names=no-such:image`, {
      headers: bearer(),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No image no-such:image to save.' },
    });
  });

  it('refuses an upload without the token, and a download too: nothing is loaded', async () => {
    await daemon.cli(['rmi', '-f', tag]);
    const answer = await upload(host.port, archive(), {});
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await idOf(tag)).toBeNull();
    const res = await fetch(`http://127.0.0.1:${host.port}${SAVE_PATH}?names=${tag}`);
    expect(res.status).toBe(401);
    // Another origin with the right token is refused as every request is.
    const cross = await upload(host.port, archive(), {
      ...bearer(),
      Origin: 'http://evil.example',
    });
    expect(cross.status).toBe(403);
    expect(await idOf(tag)).toBeNull();
  });

  it('refuses an upload over the size limit, by Content-Length or by what came: nothing is loaded', async () => {
    const auth = { Authorization: `Bearer ${small.token}` };
    const declared = await upload(small.port, archive(), auth);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message:
          'An image archive sent to the web host is at most 100000 bytes (hangar web --upload-limit).',
      },
    });
    const chunked = await upload(small.port, archive(), auth, true);
    expect(chunked.status).toBe(413);
    expect(await idOf(tag)).toBeNull();
  });
});
