/**
 * `images:pull` and `hangar pull` against a real registry (Debian's docker-registry behind
 * htpasswd) from the shared real daemon: a fresh pull with per-layer progress (download, then
 * extract), the same pull again bringing nothing new, a wrong password refused in words without
 * the password anywhere, cancel in the middle, and a malformed reference refused before any
 * request.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResult } from '../../shared/registry-cache.js';
import type { TaskInfo } from '../../shared/tasks.js';
import { request } from '../../electron/cli/core-client.js';
import { createCore, type Core } from '../../electron/core/core.js';
import type { DaemonHandle } from '../harness/daemon.js';
import { buildScratchImage } from '../harness/image-tar.js';
import { startRegistry, type TestRegistry } from '../harness/registry.js';
import { sharedDaemon } from '../harness/shared.js';
import { eventually } from '../support/oracle.js';
import { runHangar } from '../support/hangar-cli.js';
import { secretForms } from '../support/secrets.js';

const USER = 'bob';
const PASSWORD = 'pu11-s3cret';
const WRONG = 'wr0ng-pu11';

describe('pull', () => {
  let daemon: DaemonHandle;
  let core: Core;
  let registry: TestRegistry;
  let work: string;
  let right: string;
  let wrong: string;
  let small: string;
  let big: string;
  const savedConfig = process.env.DOCKER_CONFIG;

  function configDir(name: string, password: string): string {
    const dir = path.join(work, name);
    mkdirSync(dir, { recursive: true });
    const auth = Buffer.from(`${USER}:${password}`).toString('base64');
    writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ auths: { [registry.host]: { auth } } }),
    );
    return dir;
  }
  async function finished(task: TaskInfo): Promise<TaskInfo> {
    return eventually(
      () => request(core, 'tasks:get', task.id),
      (t) => t.state !== 'running',
      110_000,
    );
  }
  function result(t: TaskInfo): PullResult {
    if (t.kind !== 'pull' || !t.result)
      throw new Error(`no pull result: ${JSON.stringify(t.error)}`);
    return t.result;
  }
  const present = (ref: string) =>
    daemon.cli(['image', 'inspect', '--format', '{{.Id}}', ref]).then(
      (r) => (r.code === 0 ? r.stdout.trim() : null),
      () => null,
    );
  async function removeLocal(ref: string): Promise<void> {
    await daemon.cli(['rmi', '-f', ref]);
    expect(await present(ref)).toBeNull();
  }

  beforeAll(async () => {
    daemon = sharedDaemon();
    work = mkdtempSync(path.join(tmpdir(), 'hangar-pull-'));
    registry = await startRegistry({ htpasswd: { user: USER, password: PASSWORD } });
    right = configDir('right', PASSWORD);
    wrong = configDir('wrong', WRONG);
    small = `${registry.host}/pulltest/app:1`;
    big = `${registry.host}/pulltest/big:1`;
    await buildScratchImage(daemon, {
      tag: small,
      dockerfile: 'FROM scratch\nCOPY a /a\nCOPY b /b\n',
      files: { a: randomBytes(3_000_000), b: randomBytes(2_000_000) },
    });
    await buildScratchImage(daemon, {
      tag: big,
      dockerfile: 'FROM scratch\nCOPY a /a\nCOPY b /b\nCOPY c /c\n',
      files: { a: randomBytes(60_000_000), b: randomBytes(60_000_000), c: randomBytes(60_000_000) },
    });
    process.env.DOCKER_CONFIG = right;
    core = await createCore({ host: daemon.host });
    await core.ready();
    for (const ref of [small, big]) {
      const pushed = await finished(await request(core, 'images:push', ref));
      expect(pushed.state, JSON.stringify(pushed.error)).toBe('succeeded');
      await removeLocal(ref);
    }
  }, 180_000);

  afterAll(async () => {
    process.env.DOCKER_CONFIG = savedConfig;
    await core?.close();
    await registry?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('pulls a fresh image with per-layer progress, download then extract; again brings nothing new', async () => {
    process.env.DOCKER_CONFIG = right;
    const statuses = new Map<string, string[]>();
    const off = core.subscribe((event, payload) => {
      const task = payload as TaskInfo;
      if (!event.startsWith('task:') || task.kind !== 'pull') return;
      for (const item of task.progress.items) {
        const seen = statuses.get(item.id) ?? [];
        if (seen.at(-1) !== item.status) seen.push(item.status);
        statuses.set(item.id, seen);
      }
    });
    try {
      const task = await request(core, 'images:pull', small);
      expect(task).toMatchObject({ kind: 'pull', state: 'running', target: small });
      expect(task.title).toBe(`Pull ${small}`);
      const done = await finished(task);
      expect(done.error).toBeNull();
      const r = result(done);
      const id = await present(small);
      expect(r).toMatchObject({
        reference: small,
        imageId: id,
        layers: 2,
        layersPresent: 0,
        upToDate: false,
        platform: null,
      });
      expect(r.tags).toContain(small);
      expect(r.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
      expect(done.progress.percent).toBe(100);
      expect(done.progress.items).toHaveLength(2);
      for (const item of done.progress.items) {
        expect(item.status).toBe('Pull complete');
        expect(item.total).not.toBeNull();
        expect(item.current).toBe(item.total);
      }
      // Layers were reported while they came down and were extracted (events are throttled, so
      // not every step of every layer is seen), each ending with its pull complete.
      expect(statuses.size).toBe(2);
      const phases = [...statuses.values()].flat();
      expect(phases.some((s) => /^(Downloading|Download complete|Extracting)$/.test(s))).toBe(true);
      for (const seen of statuses.values()) expect(seen.at(-1)).toBe('Pull complete');

      const again = result(await finished(await request(core, 'images:pull', small)));
      expect(again).toMatchObject({
        reference: small,
        imageId: id,
        digest: r.digest,
        layers: 0,
        upToDate: true,
      });
    } finally {
      off();
    }
  });

  it('normalises a short reference before it starts, and the CLI prints the outcome as JSON', async () => {
    const out = await runHangar(['pull', small, '--json', '--host', daemon.host], {
      DOCKER_CONFIG: right,
    });
    expect(out.code, out.stderr).toBe(0);
    const r = JSON.parse(out.stdout) as PullResult;
    expect(r).toMatchObject({ reference: small, upToDate: true, layers: 0 });
    expect(r.imageId).toBe(await present(small));
  });

  it('a wrong password is AUTH_FAILED in words, and the password appears nowhere', async () => {
    await removeLocal(small);
    process.env.DOCKER_CONFIG = wrong;
    const failed = await finished(await request(core, 'images:pull', small));
    expect(failed.state).toBe('failed');
    expect(failed.error?.code).toBe('AUTH_FAILED');
    expect(failed.error?.message).toContain(
      `${registry.host} refused the credentials (from auths)`,
    );
    expect(await present(small)).toBeNull();

    const cli = await runHangar(['pull', small, '--host', daemon.host], { DOCKER_CONFIG: wrong });
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('refused the credentials');
    const printed = [JSON.stringify(failed), cli.stdout, cli.stderr].join('\n');
    for (const form of secretForms(USER, WRONG)) expect(printed, form).not.toContain(form);
    for (const form of secretForms(USER, PASSWORD)) expect(printed, form).not.toContain(form);
  });

  it('cancel stops a pull in the middle: the task ends cancelled and the image is not there', async () => {
    process.env.DOCKER_CONFIG = right;
    let started: TaskInfo | null = null;
    let cancelled = false;
    const off = core.subscribe((event, payload) => {
      const task = payload as TaskInfo;
      if (cancelled || event !== 'task:progress' || task.id !== started?.id) return;
      if (task.progress.items.length > 0) {
        cancelled = true;
        void request(core, 'tasks:cancel', task.id);
      }
    });
    try {
      started = await request(core, 'images:pull', big);
      const done = await finished(started);
      expect(cancelled).toBe(true);
      expect(done.state).toBe('cancelled');
      expect(done.error).toEqual({ code: 'CANCELLED', message: 'Cancelled.' });
      expect(done.result).toBeNull();
      expect(await present(big)).toBeNull();
    } finally {
      off();
    }
  });

  it('a malformed reference is refused before any request: no task, no engine reached', async () => {
    const before = (await request(core, 'tasks:list')).length;
    await expect(request(core, 'images:pull', 'Bad//Name:tag')).rejects.toMatchObject({
      code: 'INVALID_REFERENCE',
    });
    await expect(
      request(core, 'images:pull', small, { platform: 'not a platform' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await request(core, 'tasks:list')).toHaveLength(before);
    // The CLI refuses it without connecting: an engine address that answers nothing is not reached.
    const cli = await runHangar([
      'pull',
      'Bad//Name:tag',
      '--json',
      '--host',
      'unix:///nonexistent.sock',
    ]);
    expect(cli.code).toBe(2);
    expect(JSON.parse(cli.stdout)).toMatchObject({ error: { code: 'INVALID_REFERENCE' } });
    expect(cli.stderr).not.toContain('nonexistent');
  });
});
