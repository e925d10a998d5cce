import { describe, expect, it } from 'vitest';
import {
  computeKey,
  keyOf,
  sha256,
  streamKey,
  type HashedEntry,
  type KeyConfig,
} from './artifact-key.js';
import { describeChanges, diffInputs } from './input-diff.js';

const config: KeyConfig = {
  name: 'app',
  dockerfile: 'Dockerfile',
  target: null,
  platform: null,
  buildArgs: { VERSION: '1', A: 'x' },
};
const files: HashedEntry[] = [
  { rel: 'src/b.txt', type: 'file', mode: 0o644, digest: sha256('b') },
  { rel: 'src', type: 'dir', mode: 0o755, digest: '' },
  { rel: 'a.txt', type: 'file', mode: 0o644, digest: sha256('a') },
  { rel: 'link', type: 'symlink', mode: 0o777, digest: sha256('link\0/etc/passwd') },
];
const df = sha256('FROM scratch\n');

describe('computeKey', () => {
  it('is a pure function of the inputs: order of files and build args does not matter', () => {
    const a = computeKey(config, df, files);
    const b = computeKey(
      { ...config, buildArgs: { A: 'x', VERSION: '1' } },
      df,
      [...files].reverse(),
    );
    expect(a.key).toMatch(/^[0-9a-f]{64}$/);
    expect(b.key).toBe(a.key);
    expect(keyOf(a.inputs)).toBe(a.key);
    const sorted = [...files].sort((x, y) => (x.rel < y.rel ? -1 : 1));
    expect(
      streamKey(
        config,
        df,
        sorted,
        sorted.map((f) => f.digest),
      ),
    ).toBe(a.key);
    expect(() =>
      streamKey(
        config,
        df,
        files,
        files.map((f) => f.digest),
      ),
    ).toThrow(/out of order/);
    expect(a.inputs.map((i) => `${i.kind}:${i.name}`)).toEqual([
      'config:name',
      'config:dockerfilePath',
      'config:target',
      'config:platform',
      'buildArg:A',
      'buildArg:VERSION',
      'dockerfile:Dockerfile',
      'file:a.txt',
      'file:link',
      'file:src',
      'file:src/b.txt',
    ]);
  });

  it('changes with every input: content, mode, path, arg value, target, platform, Dockerfile, name', () => {
    const base = computeKey(config, df, files).key;
    const variants = [
      computeKey(
        config,
        df,
        files.map((f) => (f.rel === 'a.txt' ? { ...f, digest: sha256('A') } : f)),
      ),
      computeKey(
        config,
        df,
        files.map((f) => (f.rel === 'a.txt' ? { ...f, mode: 0o755 } : f)),
      ),
      computeKey(
        config,
        df,
        files.map((f) => (f.rel === 'a.txt' ? { ...f, rel: 'c.txt' } : f)),
      ),
      computeKey({ ...config, buildArgs: { ...config.buildArgs, VERSION: '2' } }, df, files),
      computeKey({ ...config, target: 'prod' }, df, files),
      computeKey({ ...config, platform: 'linux/arm64' }, df, files),
      computeKey(config, sha256('FROM scratch\nENV X=1\n'), files),
      computeKey({ ...config, name: 'other' }, df, files),
    ].map((r) => r.key);
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('never puts a build arg value into the inputs', () => {
    const { inputs } = computeKey({ ...config, buildArgs: { TOKEN: 's3cr3t' } }, df, []);
    expect(JSON.stringify(inputs)).not.toContain('s3cr3t');
  });

  it('rejects two entries with one path', () => {
    expect(() =>
      computeKey(config, df, [files[2] as HashedEntry, files[2] as HashedEntry]),
    ).toThrow(/duplicate context path a\.txt/);
  });
});

describe('diffInputs and describeChanges', () => {
  const before = computeKey(config, df, files).inputs;

  it('names a modified file', () => {
    const after = computeKey(
      config,
      df,
      files.map((f) => (f.rel === 'src/b.txt' ? { ...f, digest: sha256('B') } : f)),
    ).inputs;
    const changes = diffInputs(before, after);
    expect(changes).toEqual([{ kind: 'file', name: 'src/b.txt', change: 'modified' }]);
    expect(describeChanges(changes)).toBe('inputs changed: file src/b.txt');
  });

  it('counts files, names build args, and says added/removed', () => {
    const after = computeKey({ ...config, buildArgs: { VERSION: '2', NEW: 'y' } }, df, [
      ...files.filter((f) => f.rel !== 'a.txt'),
      { rel: 'z.txt', type: 'file', mode: 0o644, digest: sha256('z') },
      { rel: 'y.txt', type: 'file', mode: 0o644, digest: sha256('y') },
    ]).inputs;
    const changes = diffInputs(before, after);
    expect(changes).toEqual([
      { kind: 'buildArg', name: 'A', change: 'removed' },
      { kind: 'buildArg', name: 'NEW', change: 'added' },
      { kind: 'buildArg', name: 'VERSION', change: 'modified' },
      { kind: 'file', name: 'a.txt', change: 'removed' },
      { kind: 'file', name: 'y.txt', change: 'added' },
      { kind: 'file', name: 'z.txt', change: 'added' },
    ]);
    expect(describeChanges(changes)).toBe('inputs changed: 3 files, build args A, NEW, VERSION');
  });

  it('says the Dockerfile, target and one build arg', () => {
    const after = computeKey(
      { ...config, target: 'prod', buildArgs: { ...config.buildArgs, VERSION: '9' } },
      sha256('FROM busybox\n'),
      files,
    ).inputs;
    expect(describeChanges(diffInputs(before, after))).toBe(
      'inputs changed: target, Dockerfile, build arg VERSION',
    );
  });

  it('reports a moved Dockerfile once, as its path', () => {
    const after = computeKey({ ...config, dockerfile: 'prod.Dockerfile' }, df, files).inputs;
    const changes = diffInputs(before, after);
    expect(changes).toEqual([{ kind: 'config', name: 'dockerfilePath', change: 'modified' }]);
    expect(describeChanges(changes)).toBe('inputs changed: Dockerfile path');
  });

  it('finds nothing between equal inputs', () => {
    expect(diffInputs(before, before)).toEqual([]);
  });
});
