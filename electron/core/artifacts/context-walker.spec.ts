import {
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
  realpathSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ignoreRules, readIgnoreRules, walkContext } from './context-walker.js';

let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'hangar-walk-')));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(rel: string, content = rel): void {
  const abs = path.join(root, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

const rels = (ignore: string) => walkContext(root, ignoreRules(ignore)).map((e) => e.rel);

describe('walkContext', () => {
  it('lists files and folders sorted by path, with modes', () => {
    write('b.txt');
    write('a/z.txt');
    write('a/b/c.txt');
    chmodSync(path.join(root, 'b.txt'), 0o755);
    const entries = walkContext(root, ignoreRules(''));
    expect(entries.map((e) => `${e.type} ${e.rel}`)).toEqual([
      'dir a',
      'dir a/b',
      'file a/b/c.txt',
      'file a/z.txt',
      'file b.txt',
    ]);
    expect(entries.find((e) => e.rel === 'b.txt')?.mode).toBe(0o755);
    expect(entries.find((e) => e.rel === 'a/z.txt')?.size).toBe('a/z.txt'.length);
  });

  it("applies Docker's .dockerignore rules: globs, **, folders, exceptions, comments", () => {
    write('keep.txt');
    write('debug.log');
    write('node_modules/x/index.js');
    write('docs/a.md');
    write('docs/keep.md');
    write('deep/x/y/tmp.bak');
    write('README.md');
    const ignore = [
      '# comment',
      '*.log',
      'node_modules',
      'docs',
      '!docs/keep.md',
      '**/*.bak',
      'readme.md', // case-sensitive: README.md stays
    ].join('\n');
    expect(rels(ignore)).toEqual([
      'README.md',
      'deep',
      'deep/x',
      'deep/x/y',
      'docs/keep.md',
      'keep.txt',
    ]);
  });

  it('reads <context>/.dockerignore, and can exclude the .dockerignore itself', () => {
    write('.dockerignore', '.dockerignore\nsecret\n');
    write('secret');
    write('app.js');
    expect(walkContext(root, readIgnoreRules(root)).map((e) => e.rel)).toEqual(['app.js']);
  });

  it('lists a symlink as a link without following it, even out of the context', () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'hangar-outside-'));
    try {
      writeFileSync(path.join(outside, 'secret'), 'outside');
      mkdirSync(path.join(outside, 'dir'));
      writeFileSync(path.join(outside, 'dir', 'f'), 'x');
      symlinkSync(path.join(outside, 'secret'), path.join(root, 'to-file'));
      symlinkSync(path.join(outside, 'dir'), path.join(root, 'to-dir'));
      const entries = walkContext(root, ignoreRules(''));
      expect(entries.map((e) => [e.rel, e.type, e.linkTarget])).toEqual([
        ['to-dir', 'symlink', path.join(outside, 'dir')],
        ['to-file', 'symlink', path.join(outside, 'secret')],
      ]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
