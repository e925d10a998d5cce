import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HangarError } from '../../../shared/errors.js';
import {
  authKeyFor,
  convertToHostname,
  resolveCredentials,
  toAuthConfig,
  type HelperRunner,
} from './credentials.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function configDir(config: unknown): NodeJS.ProcessEnv {
  const dir = mkdtempSync(path.join(tmpdir(), 'hangar-cred-'));
  dirs.push(dir);
  writeFileSync(
    path.join(dir, 'config.json'),
    typeof config === 'string' ? config : JSON.stringify(config),
  );
  return { DOCKER_CONFIG: dir };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A fake helper process: answers from a table, like `docker-credential-*` would. */
function helpers(table: Record<string, Record<string, { Username: string; Secret: string }>>) {
  const calls: string[] = [];
  const run: HelperRunner = async (helper, server) => {
    calls.push(`${helper} ${server}`);
    const store = table[helper];
    if (!store) throw new Error(`docker-credential-${helper} is not on the PATH`);
    const entry = store[server];
    if (!entry) throw new Error('credentials not found in native keychain');
    return JSON.stringify({ ServerURL: server, ...entry });
  };
  return { run, calls };
}

describe('resolveCredentials', () => {
  it('reads auths: standard base64 user:password, split at the first colon', async () => {
    const env = configDir({ auths: { '127.0.0.1:5000': { auth: b64('alice:se:cret') } } });
    expect(await resolveCredentials('127.0.0.1:5000', { env })).toEqual({
      serverAddress: '127.0.0.1:5000',
      source: 'auths',
      username: 'alice',
      password: 'se:cret',
    });
  });

  it('matches legacy keys with a scheme or path, and Docker Hub under its v1 URL', async () => {
    const env = configDir({
      auths: {
        'https://reg.example.com/v2/': { auth: b64('bob:pw') },
        'https://index.docker.io/v1/': { auth: b64('hub:pw') },
      },
    });
    expect((await resolveCredentials('reg.example.com', { env }))?.username).toBe('bob');
    expect((await resolveCredentials('docker.io', { env }))?.username).toBe('hub');
    expect(await resolveCredentials('other.io', { env })).toBeNull();
  });

  it('prefers credHelpers for the registry, then credsStore, and never the file then', async () => {
    const env = configDir({
      auths: { 'a.io': { auth: b64('file:pw') }, 'b.io': { auth: b64('file:pw') } },
      credsStore: 'store',
      credHelpers: { 'a.io': 'special' },
    });
    const h = helpers({
      special: { 'a.io': { Username: 'sp', Secret: 's1' } },
      store: { 'c.io': { Username: 'st', Secret: 's2' } },
    });
    expect(await resolveCredentials('a.io', { env, runHelper: h.run })).toMatchObject({
      username: 'sp',
      password: 's1',
      source: 'credHelpers special',
    });
    expect(await resolveCredentials('c.io', { env, runHelper: h.run })).toMatchObject({
      username: 'st',
      source: 'credsStore store',
    });
    // Not in the store: anonymous, like the CLI (the file entry is not used).
    expect(await resolveCredentials('b.io', { env, runHelper: h.run })).toBeNull();
    expect(h.calls).toEqual(['special a.io', 'store c.io', 'store b.io']);
  });

  it('turns a <token> username into an identity token', async () => {
    const env = configDir({ credsStore: 'store' });
    const h = helpers({ store: { 'docker.io': { Username: '<token>', Secret: 'refresh' } } });
    const h2 = helpers({
      store: { 'https://index.docker.io/v1/': { Username: '<token>', Secret: 'refresh' } },
    });
    expect(await resolveCredentials('docker.io', { env, runHelper: h.run })).toBeNull();
    expect(await resolveCredentials('docker.io', { env, runHelper: h2.run })).toEqual({
      serverAddress: 'https://index.docker.io/v1/',
      source: 'credsStore store',
      identityToken: 'refresh',
    });
  });

  it('fails clearly when the helper is missing or broken, without secrets in the message', async () => {
    const env = configDir({ credsStore: 'gone' });
    const err = await resolveCredentials('x.io', { env, runHelper: helpers({}).run }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HangarError);
    expect((err as HangarError).code).toBe('AUTH_FAILED');
    expect((err as HangarError).message).toBe(
      'Cannot get the credentials for x.io from docker-credential-gone: docker-credential-gone is not on the PATH',
    );
  });

  it('has no credentials without a config file, and refuses a broken one', async () => {
    expect(await resolveCredentials('x.io', { env: { DOCKER_CONFIG: '/nonexistent' } })).toBeNull();
    const env = configDir('{not json');
    await expect(resolveCredentials('x.io', { env })).rejects.toThrow(/not valid JSON/);
    const bad = configDir({ auths: { 'x.io': { auth: b64('nocolon') } } });
    await expect(resolveCredentials('x.io', { env: bad })).rejects.toThrow(/malformed/);
  });
});

describe('helpers', () => {
  it('keys and hostnames like the CLI', () => {
    expect(authKeyFor('docker.io')).toBe('https://index.docker.io/v1/');
    expect(authKeyFor('localhost:5000')).toBe('localhost:5000');
    expect(convertToHostname('http://h:1/v1/')).toBe('h:1');
  });

  it('toAuthConfig is {} for anonymous and carries only what is set', () => {
    expect(toAuthConfig(null)).toEqual({});
    expect(
      toAuthConfig({ serverAddress: 'h', source: 'auths', username: 'u', password: 'p' }),
    ).toEqual({ serveraddress: 'h', username: 'u', password: 'p' });
    expect(toAuthConfig({ serverAddress: 'h', source: 'x', identityToken: 't' })).toEqual({
      serveraddress: 'h',
      identitytoken: 't',
    });
  });
});
