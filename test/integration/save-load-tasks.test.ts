/**
 * The desktop app's Save… and Load… as the core runs them (`Core.files`: a `save` and a `load`
 * task on a path the system's file dialog gave) against the shared real daemon: three images
 * saved to a file and removed come back with the same ids and tags; a file that is not an image
 * archive and a truncated one fail with the CLI's words and nothing loaded; a save cancelled in
 * the middle of the stream ends cancelled and leaves no file.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdtempSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../shared/tasks.js';
import { request } from '../../electron/cli/core-client.js';
import { createCore, type Core } from '../../electron/core/core.js';
import type { ImageFileTasks } from '../../electron/core/images/transfer-files.js';
import type { DaemonHandle } from '../harness/daemon.js';
import { seedImages, type SeededImage } from '../harness/image-tar.js';
import { sharedDaemon } from '../harness/shared.js';
import { eventually, imageIdOf } from '../support/oracle.js';

describe('save and load as tasks', () => {
  let daemon: DaemonHandle;
  let core: Core;
  let files: ImageFileTasks;
  let work: string;
  let seeded: SeededImage[];
  const suffix = randomUUID().slice(0, 8);
  const tags = [`filetask-a-${suffix}:1`, `filetask-b-${suffix}:1`, `filetask-c-${suffix}:2`];

  const idOf = (ref: string) => imageIdOf(daemon, ref);
  async function removeAll(): Promise<void> {
    await daemon.cli(['rmi', '-f', ...tags], { allowFail: true });
    for (const t of tags) expect(await idOf(t)).toBeNull();
  }
  const finished = (task: TaskInfo): Promise<TaskInfo> =>
    eventually(
      () => request(core, 'tasks:get', task.id),
      (t) => t.state !== 'running',
      110_000,
    );

  beforeAll(async () => {
    daemon = sharedDaemon();
    work = mkdtempSync(path.join(tmpdir(), 'hangar-filetasks-'));
    seeded = await seedImages(
      daemon,
      tags.map((t) => ({ tags: [t], content: randomBytes(4_000_000).toString('hex') })),
    );
    core = await createCore({ host: daemon.host });
    await core.ready();
    if (!core.files) throw new Error('createCore built no file tasks');
    files = core.files;
  }, 120_000);

  afterAll(async () => {
    await core?.close();
    await daemon?.cli(['rmi', '-f', ...tags], { allowFail: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('saves three images to a file as a task; loading it as a task brings the same ids and tags back', async () => {
    const file = path.join(work, 'three.tar');
    const saved = await finished(files.save(tags, file));
    expect(saved.state, JSON.stringify(saved.error)).toBe('succeeded');
    expect(saved.kind).toBe('save');
    expect(saved.target).toBe(file);
    expect(saved.result).toEqual({
      file,
      images: tags,
      ids: seeded.map((s) => s.id),
      bytes: statSync(file).size,
    });
    expect(saved.progress.percent).toBe(100);
    await removeAll();

    const loaded = await finished(files.load(file));
    expect(loaded.state, JSON.stringify(loaded.error)).toBe('succeeded');
    if (loaded.kind !== 'load' || !loaded.result) throw new Error('no load result');
    expect([...loaded.result.tags].sort()).toEqual([...tags].sort());
    expect(loaded.result.bytes).toBe(statSync(file).size);
    expect(loaded.progress.message).toContain(`Loaded ${loaded.result.tags.join(', ')}`);
    for (const [i, t] of tags.entries()) expect(await idOf(t)).toBe(seeded[i]?.id);
  });

  it('a file that is not an image archive fails the load with the words the CLI uses', async () => {
    const file = path.join(work, 'notes.txt');
    writeFileSync(file, 'these are my notes, not an image\n'.repeat(100));
    const loaded = await finished(files.load(file));
    expect(loaded.state).toBe('failed');
    expect(loaded.error).toMatchObject({ code: 'VALIDATION' });
    expect(loaded.error?.message).toContain(`${file} is not an image archive`);
    expect(loaded.result).toBeNull();
  });

  it('a truncated archive fails the load with nothing loaded', async () => {
    const file = path.join(work, 'cut.tar');
    const saved = await finished(files.save(tags, file));
    expect(saved.state, JSON.stringify(saved.error)).toBe('succeeded');
    truncateSync(file, Math.floor(statSync(file).size / 2));
    await removeAll();
    const loaded = await finished(files.load(file));
    expect(loaded.state).toBe('failed');
    expect(loaded.error?.message).toContain(`Loading ${file} failed`);
    expect(loaded.error?.message).toContain('No image from it was loaded.');
    expect(loaded.result).toBeNull();
    for (const t of tags) expect(await idOf(t)).toBeNull();
    // The images back for the tests after this one, from the archive the first test wrote.
    await daemon.cli(['load', '-q', '-i', path.join(work, 'three.tar')]);
    for (const t of tags) expect(await idOf(t)).not.toBeNull();
  });

  it('a missing archive names the path', async () => {
    const file = path.join(work, 'none.tar');
    const loaded = await finished(files.load(file));
    expect(loaded.state).toBe('failed');
    expect(loaded.error).toEqual({
      code: 'NOT_FOUND',
      message: `Cannot read ${file}: it does not exist.`,
    });
  });

  it('a save of an image that does not exist names it and leaves no file', async () => {
    const file = path.join(work, 'nothing.tar');
    const saved = await finished(files.save([`no-such-${suffix}:1`], file));
    expect(saved.state).toBe('failed');
    expect(saved.error).toMatchObject({ code: 'NOT_FOUND' });
    expect(saved.error?.message).toBe(`No image no-such-${suffix}:1 to save.`);
    expect(existsSync(file)).toBe(false);
  });

  it('a save cancelled while the archive streams ends cancelled and leaves no file', async () => {
    // A FIFO holds the save in the middle of its stream for as long as nobody reads it.
    const fifo = path.join(work, 'held.tar');
    execFileSync('mkfifo', [fifo]);
    const task = files.save(tags, fifo);
    const reader = createReadStream(fifo);
    const first = await new Promise<Buffer>((resolve, reject) => {
      reader.once('data', (chunk) => {
        reader.pause();
        resolve(chunk as Buffer);
      });
      reader.once('error', reject);
    });
    expect(first.length).toBeGreaterThan(0);
    const running = await request(core, 'tasks:get', task.id);
    expect(running.state).toBe('running');
    await request(core, 'tasks:cancel', task.id);
    reader.destroy();
    const ended = await finished(task);
    expect(ended.state).toBe('cancelled');
    expect(ended.result).toBeNull();
    expect(existsSync(fifo)).toBe(false);
  });
});
