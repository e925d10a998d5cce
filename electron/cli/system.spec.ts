import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isSqliteWarning } from './quiet-warnings.js';
import { browserCommand, findPackageRoot } from './system.js';

describe('browserCommand', () => {
  const url = 'http://127.0.0.1:4242/?token=abc';

  it('uses the platform opener', () => {
    expect(browserCommand(url, 'linux')).toEqual(['xdg-open', [url]]);
    expect(browserCommand(url, 'darwin')).toEqual(['open', [url]]);
    expect(browserCommand(url, 'win32')).toEqual(['cmd', ['/c', 'start', '""', url]]);
  });
});

describe('findPackageRoot', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("finds the folder of Hangar's package.json, skipping other packages", async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hangar-root-'));
    const nested = path.join(dir, 'dist', 'cli');
    await mkdir(nested, { recursive: true });
    await writeFile(path.join(dir, 'package.json'), '{"name":"hangar"}');
    await writeFile(path.join(dir, 'dist', 'package.json'), '{"name":"something-else"}');
    expect(findPackageRoot(nested)).toBe(dir);
  });

  it('finds this repository from its own sources', () => {
    expect(findPackageRoot(import.meta.dirname)).toBe(
      path.resolve(import.meta.dirname, '..', '..'),
    );
  });
});

describe('isSqliteWarning', () => {
  it('matches only the node:sqlite experimental warning', () => {
    const sqlite = Object.assign(new Error('SQLite is an experimental feature'), {
      name: 'ExperimentalWarning',
    });
    const other = Object.assign(new Error('Fetch is experimental'), {
      name: 'ExperimentalWarning',
    });
    const deprecation = Object.assign(new Error('sqlite thing'), { name: 'DeprecationWarning' });
    expect(isSqliteWarning(sqlite)).toBe(true);
    expect(isSqliteWarning(other)).toBe(false);
    expect(isSqliteWarning(deprecation)).toBe(false);
  });
});
