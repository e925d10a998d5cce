/**
 * `hangar save` and `hangar load` against the shared real daemon: three images saved to a file,
 * removed, loaded back with the same ids and tags; `-o -` writes the archive to stdout; a
 * truncated archive fails cleanly with nothing reported as loaded (and nothing tagged); a file
 * that is not an image archive is refused before anything reaches the engine.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadResult } from '../../shared/actions.js';
import type { DaemonHandle } from '../harness/daemon.js';
import { seedImages, type SeededImage } from '../harness/image-tar.js';
import { sharedDaemon } from '../harness/shared.js';
import { runHangar } from '../support/hangar-cli.js';
import { imageIdOf } from '../support/oracle.js';

describe('save and load', () => {
  let daemon: DaemonHandle;
  let work: string;
  let seeded: SeededImage[];
  const suffix = randomUUID().slice(0, 8);
  const tags = [`saveload-a-${suffix}:1`, `saveload-b-${suffix}:1`, `saveload-c-${suffix}:2`];

  const idOf = (ref: string) => imageIdOf(daemon, ref);
  async function removeAll(): Promise<void> {
    await daemon.cli(['rmi', '-f', ...tags], { allowFail: true });
    for (const t of tags) expect(await idOf(t)).toBeNull();
  }

  beforeAll(async () => {
    daemon = sharedDaemon();
    work = mkdtempSync(path.join(tmpdir(), 'hangar-saveload-'));
    seeded = await seedImages(
      daemon,
      tags.map((t) => ({ tags: [t], content: randomBytes(1_500_000).toString('hex') })),
    );
  }, 120_000);

  afterAll(async () => {
    await daemon?.cli(['rmi', '-f', ...tags], { allowFail: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('saves three images, and loading the file brings the same ids and tags back', async () => {
    const file = path.join(work, 'three.tar');
    const saved = await runHangar(['save', ...tags, '-o', file, '--json', '--host', daemon.host]);
    expect(saved.code, saved.stderr).toBe(0);
    expect(JSON.parse(saved.stdout)).toMatchObject({
      file,
      images: tags,
      ids: seeded.map((s) => s.id),
      bytes: statSync(file).size,
    });
    expect(saved.stderr).toMatch(/^Saved .* of .*%\)$/m);
    await removeAll();

    const loaded = await runHangar(['load', file, '--json', '--host', daemon.host]);
    expect(loaded.code, loaded.stderr).toBe(0);
    const r = JSON.parse(loaded.stdout) as LoadResult;
    expect([...r.tags].sort()).toEqual([...tags].sort());
    expect(r.bytes).toBe(statSync(file).size);
    for (const [i, t] of tags.entries()) expect(await idOf(t)).toBe(seeded[i]?.id);
    expect(loaded.stderr).toContain(`Loaded image: ${tags[0]}`);
  });

  it('-o - writes the archive to stdout', async () => {
    const out = await runHangar(['save', tags[0] ?? '', '-o', '-', '--host', daemon.host]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('manifest.json');
    expect(out.stdout.slice(257, 262)).toBe('ustar');
  });

  it('a truncated archive fails cleanly: nothing reported as loaded, nothing tagged', async () => {
    const file = path.join(work, 'cut.tar');
    const saved = await runHangar(['save', ...tags, '-o', file, '--host', daemon.host]);
    expect(saved.code, saved.stderr).toBe(0);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    await removeAll();
    const loaded = await runHangar(['load', file, '--json', '--host', daemon.host]);
    expect(loaded.code).toBe(2);
    const failure = JSON.parse(loaded.stdout) as { error: { code: string; message: string } };
    expect(failure.error.message).toContain(`Loading ${file} failed`);
    expect(failure.error.message).toContain('No image from it was loaded.');
    expect(loaded.stderr).not.toContain('Loaded image');
    for (const t of tags) expect(await idOf(t)).toBeNull();
  });

  it('a file that is not an image archive says so', async () => {
    const file = path.join(work, 'notes.txt');
    writeFileSync(file, 'these are my notes, not an image\n'.repeat(100));
    const loaded = await runHangar(['load', file, '--host', daemon.host]);
    expect(loaded.code).toBe(2);
    expect(loaded.stderr).toContain(`${file} is not an image archive`);
    expect(readFileSync(file, 'utf8')).toContain('my notes');
  });

  it('saving an image that does not exist names it and leaves no file', async () => {
    const file = path.join(work, 'none.tar');
    const out = await runHangar(['save', `no-such-${suffix}:1`, '-o', file, '--host', daemon.host]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`No image no-such-${suffix}:1 to save.`);
    expect(() => statSync(file)).toThrow();
  });
});
