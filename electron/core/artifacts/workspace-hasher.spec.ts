import {
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { artifactSpec } from '../../../shared/artifacts.js';
import { HangarStore } from '../store/store.js';
import { RACY_WINDOW_MS } from './file-digests.js';
import { describeChanges, diffInputs } from './input-diff.js';
import { hashWorkspace, resolveContext } from './workspace-hasher.js';

let root: string;
let home: string;
let store: HangarStore;
beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'hangar-ws-')));
  home = mkdtempSync(path.join(tmpdir(), 'hangar-home-'));
  store = HangarStore.open(path.join(home, 'hangar.db'));
});
afterEach(() => {
  store.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

const OLD = new Date(Date.now() - 60_000);
function write(rel: string, content: string, old = true): void {
  const abs = path.join(root, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, content);
  if (old) utimesSync(abs, OLD, OLD); // outside the racy window: memoizable
}

const spec = (over = {}) => artifactSpec({ name: 'app', context: root, ...over });

describe('hashWorkspace', () => {
  it('re-reads nothing for an unchanged workspace, and the key is stable', async () => {
    write('Dockerfile', 'FROM scratch\nCOPY . /\n');
    for (let i = 0; i < 20; i++) write(`src/f${i}.txt`, `file ${i}`);
    const cold = await hashWorkspace(store, spec());
    expect(cold.stats).toMatchObject({ files: 22, filesRead: 21 });
    const warm = await hashWorkspace(store, spec());
    expect(warm.key).toBe(cold.key);
    expect(warm.stats.filesRead).toBe(0);
    expect(warm.stats.bytesRead).toBe(0);
  });

  it('notices a same-size rewrite (mtime moves) and names the file', async () => {
    write('Dockerfile', 'FROM scratch\n');
    write('a.txt', 'aaaa');
    const before = await hashWorkspace(store, spec());
    write('a.txt', 'bbbb', false);
    const after = await hashWorkspace(store, spec());
    expect(after.key).not.toBe(before.key);
    expect(after.stats.filesRead).toBe(1);
    expect(describeChanges(diffInputs(before.inputs(), after.inputs()))).toBe(
      'inputs changed: file a.txt',
    );
  });

  it('does not memoize a file changed within the racy window', async () => {
    write('Dockerfile', 'FROM scratch\n');
    write('fresh.txt', 'x', false);
    await hashWorkspace(store, spec());
    expect(store.fileHashes.under(root, path.sep).has(path.join(root, 'fresh.txt'))).toBe(false);
    expect(store.fileHashes.under(root, path.sep).has(path.join(root, 'Dockerfile'))).toBe(true);
    // A rewrite with the same size and (in a coarse clock) the same mtime is still seen.
    writeFileSync(path.join(root, 'fresh.txt'), 'y');
    const now = Date.now() + RACY_WINDOW_MS;
    const again = await hashWorkspace(store, spec(), { now: () => now });
    expect(again.stats.filesRead).toBe(1);
  });

  it('sees a mode change, ignores excluded files, and never follows links out of the context', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'hangar-out-'));
    try {
      write('Dockerfile', 'FROM scratch\n');
      write('.dockerignore', 'ignored.txt\n');
      write('run.sh', 'echo');
      write('ignored.txt', 'one');
      writeFileSync(path.join(outside, 'secret'), 'outside one');
      symlinkSync(path.join(outside, 'secret'), path.join(root, 'link'));
      const a = await hashWorkspace(store, spec());
      expect(a.entries.map((e) => e.rel)).toEqual([
        '.dockerignore',
        'Dockerfile',
        'link',
        'run.sh',
      ]);
      write('ignored.txt', 'two, longer');
      writeFileSync(path.join(outside, 'secret'), 'outside two, longer');
      expect((await hashWorkspace(store, spec())).key).toBe(a.key);
      chmodSync(path.join(root, 'run.sh'), 0o755);
      const c = await hashWorkspace(store, spec());
      expect(diffInputs(a.inputs(), c.inputs())).toEqual([
        { kind: 'file', name: 'run.sh', change: 'modified' },
      ]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('refuses a Dockerfile outside the context, also through a link', () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'hangar-out-'));
    try {
      writeFileSync(path.join(outside, 'Dockerfile'), 'FROM scratch\n');
      symlinkSync(path.join(outside, 'Dockerfile'), path.join(root, 'Dockerfile'));
      expect(() => resolveContext({ context: root, dockerfile: '../x/Dockerfile' })).toThrow(
        `The Dockerfile ../x/Dockerfile is outside the build context ${root}.`,
      );
      expect(() => resolveContext({ context: root, dockerfile: 'Dockerfile' })).toThrow(
        /is outside the build context/,
      );
      expect(() => resolveContext({ context: root, dockerfile: 'nope' })).toThrow(
        `No Dockerfile at nope in the build context ${root}.`,
      );
      expect(() =>
        resolveContext({ context: path.join(root, 'missing'), dockerfile: 'D' }),
      ).toThrow(/does not exist/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('resolves a Dockerfile in a subfolder to a /-separated path', () => {
    write('docker/prod.Dockerfile', 'FROM scratch\n');
    expect(resolveContext({ context: root, dockerfile: 'docker/prod.Dockerfile' }).dockerfile).toBe(
      'docker/prod.Dockerfile',
    );
  });
});
