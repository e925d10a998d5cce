import https from 'node:https';
import { describe, expect, it } from 'vitest';
import { HangarError } from '../../../shared/errors.js';
import { resolveEndpoint, type ResolveInput, type ResolvedEngine } from './resolve.js';
import { SshDialAgent } from './ssh-dial.js';

const HOME = '/home/u';
/** sha256("remote1"), computed independently with `printf remote1 | sha256sum`. */
const REMOTE1_HASH = 'e0de706a7deed95a1dbbd5165af012b68bed0d6d5b342ecee8522eaed74a2352';

/** An in-memory file system: paths that exist, with their text. */
function io(files: Record<string, string> = {}): Pick<ResolveInput, 'exists' | 'readFile'> {
  return {
    exists: (p) => p in files,
    readFile: (p) => {
      const text = files[p];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return text;
    },
  };
}

function resolve(
  over: Partial<ResolveInput> & { files?: Record<string, string> } = {},
): ResolvedEngine {
  const { files, ...rest } = over;
  return resolveEndpoint({ env: {}, homeDir: HOME, platform: 'linux', ...io(files), ...rest });
}

/** The TLS agent of a client's options, if it has one. */
function httpsAgent(options: ResolvedEngine['options']): https.Agent | undefined {
  return options.agent instanceof https.Agent ? options.agent : undefined;
}

function meta(host: string, skipTlsVerify = false): string {
  return JSON.stringify({
    Name: 'x',
    Metadata: {},
    Endpoints: { docker: { Host: host, SkipTLSVerify: skipTlsVerify } },
  });
}

const remote1Meta = `${HOME}/.docker/contexts/meta/${REMOTE1_HASH}/meta.json`;
const remote1Tls = `${HOME}/.docker/contexts/tls/${REMOTE1_HASH}/docker`;
const withRemote1 = {
  [remote1Meta]: meta('tcp://10.1.2.3:2399'),
  [`${HOME}/.docker/config.json`]: JSON.stringify({ currentContext: 'remote1' }),
};

function validationError(fn: () => unknown): HangarError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HangarError);
    expect((err as HangarError).code).toBe('VALIDATION');
    expect((err as HangarError).message).not.toContain('\n');
    return err as HangarError;
  }
  throw new Error('expected a VALIDATION error');
}

describe('resolveEndpoint precedence', () => {
  const env = { DOCKER_HOST: 'tcp://from-env:2375', DOCKER_CONTEXT: 'remote1' };

  it('takes --host over everything', () => {
    const r = resolve({ flagHost: 'unix:///tmp/flag.sock', env, files: withRemote1 });
    expect(r.endpoint).toEqual({ host: 'unix:///tmp/flag.sock', source: '--host', tls: false });
    expect(r.options.socketPath).toBe('/tmp/flag.sock');
    expect(r.options.host).toBeUndefined();
  });

  it('takes DOCKER_HOST over DOCKER_CONTEXT and currentContext', () => {
    const r = resolve({ env, files: withRemote1 });
    expect(r.endpoint).toEqual({ host: 'tcp://from-env:2375', source: 'DOCKER_HOST', tls: false });
    expect(r.options).toMatchObject({ host: 'from-env', port: 2375, protocol: 'http' });
    expect(r.options.socketPath).toBeUndefined();
  });

  it('takes DOCKER_CONTEXT over currentContext', () => {
    const files = {
      ...withRemote1,
      [`${HOME}/.docker/config.json`]: JSON.stringify({ currentContext: 'nope' }),
    };
    const r = resolve({ env: { DOCKER_CONTEXT: 'remote1' }, files });
    expect(r.endpoint).toEqual({
      host: 'tcp://10.1.2.3:2399',
      source: 'context remote1',
      tls: false,
    });
  });

  it('reads currentContext from config.json, the meta file named by the sha256 of the name', () => {
    const r = resolve({ files: withRemote1 });
    expect(r.endpoint.source).toBe('context remote1');
    expect(r.options).toMatchObject({ host: '10.1.2.3', port: 2399, protocol: 'http' });
  });

  it('honours DOCKER_CONFIG for config.json and contexts', () => {
    const files = {
      '/cfg/config.json': JSON.stringify({ currentContext: 'remote1' }),
      [`/cfg/contexts/meta/${REMOTE1_HASH}/meta.json`]: meta('ssh://me@box:2222'),
    };
    const r = resolve({ env: { DOCKER_CONFIG: '/cfg', SSH_AUTH_SOCK: '/agent.sock' }, files });
    expect(r.endpoint).toEqual({
      host: 'ssh://me@box:2222',
      source: 'context remote1',
      tls: false,
    });
    expect(r.options).toMatchObject({ protocol: 'http', host: 'box', port: 2222 });
    expect(r.options.agent).toBeInstanceOf(SshDialAgent);
    expect((r.options.agent as SshDialAgent).target).toEqual({
      host: 'box',
      port: 2222,
      username: 'me',
      agent: '/agent.sock',
    });
  });

  it('treats the context named default as the default socket, with no file', () => {
    const files = {
      [`${HOME}/.docker/config.json`]: JSON.stringify({ currentContext: 'default' }),
      '/var/run/docker.sock': '',
    };
    expect(resolve({ files }).endpoint).toEqual({
      host: 'unix:///var/run/docker.sock',
      source: 'default',
      tls: false,
    });
  });

  it('supports --context, and refuses it together with --host', () => {
    const r = resolve({ flagContext: 'remote1', files: withRemote1, env });
    expect(r.endpoint.source).toBe('context remote1');
    const err = validationError(() =>
      resolve({ flagContext: 'remote1', flagHost: 'tcp://x:1', files: withRemote1 }),
    );
    expect(err.message).toBe('Conflicting options: either specify --host or --context, not both');
  });

  it('ignores empty variables, as the CLI does', () => {
    const files = { '/var/run/docker.sock': '' };
    const r = resolve({ env: { DOCKER_HOST: '', DOCKER_CONTEXT: '' }, files });
    expect(r.endpoint.source).toBe('default');
  });
});

describe('resolveEndpoint default socket', () => {
  it("prefers Docker Desktop's ~/.docker/run/docker.sock when it exists", () => {
    const files = { [`${HOME}/.docker/run/docker.sock`]: '', '/var/run/docker.sock': '' };
    expect(resolve({ files }).endpoint.host).toBe(`unix://${HOME}/.docker/run/docker.sock`);
  });

  it('uses /var/run/docker.sock next', () => {
    const files = { '/var/run/docker.sock': '', '/run/user/1000/podman/podman.sock': '' };
    const r = resolve({ files, env: { XDG_RUNTIME_DIR: '/run/user/1000' } });
    expect(r.endpoint).toEqual({
      host: 'unix:///var/run/docker.sock',
      source: 'default',
      tls: false,
    });
  });

  it('falls back to the rootless Podman socket, then the rootful one', () => {
    const env = { XDG_RUNTIME_DIR: '/run/user/1000' };
    const both = { '/run/user/1000/podman/podman.sock': '', '/run/podman/podman.sock': '' };
    expect(resolve({ env, files: both }).endpoint).toEqual({
      host: 'unix:///run/user/1000/podman/podman.sock',
      source: 'podman socket',
      tls: false,
    });
    const rootful = { '/run/podman/podman.sock': '' };
    expect(resolve({ env, files: rootful }).endpoint).toEqual({
      host: 'unix:///run/podman/podman.sock',
      source: 'podman socket',
      tls: false,
    });
  });

  it('names /var/run/docker.sock when no socket exists at all', () => {
    const r = resolve({ env: { XDG_RUNTIME_DIR: '/run/user/1000' } });
    expect(r.endpoint).toEqual({
      host: 'unix:///var/run/docker.sock',
      source: 'default',
      tls: false,
    });
    expect(r.options.socketPath).toBe('/var/run/docker.sock');
  });

  it('uses the docker_engine named pipe on Windows', () => {
    const r = resolve({ platform: 'win32', homeDir: 'C:\\Users\\u' });
    expect(r.endpoint).toEqual({
      host: 'npipe:////./pipe/docker_engine',
      source: 'default',
      tls: false,
    });
    expect(r.options.socketPath).toBe('//./pipe/docker_engine');
  });
});

describe('resolveEndpoint schemes', () => {
  it('accepts npipe:// on Windows only', () => {
    const r = resolve({ platform: 'win32', flagHost: 'npipe:////./pipe/podman-machine' });
    expect(r.options.socketPath).toBe('//./pipe/podman-machine');
    const err = validationError(() => resolve({ flagHost: 'npipe:////./pipe/docker_engine' }));
    expect(err.message).toContain('works only on Windows');
  });

  it('rejects an unknown scheme in one line naming the address', () => {
    const err = validationError(() => resolve({ env: { DOCKER_HOST: 'foo://x' } }));
    expect(err.message).toBe(
      'Unsupported engine address "foo://x": use unix://, tcp://, npipe:// or ssh://',
    );
    expect(validationError(() => resolve({ flagHost: 'http://x:2375' })).message).toContain(
      '"http://x:2375"',
    );
  });

  it('reads a bare host:port as tcp and fills the default port', () => {
    expect(resolve({ flagHost: 'box:2375' }).endpoint.host).toBe('tcp://box:2375');
    expect(resolve({ flagHost: 'tcp://box' }).endpoint.host).toBe('tcp://box:2375');
    const r = resolve({ flagHost: 'tcp://[::1]:2375' });
    expect(r.endpoint.host).toBe('tcp://[::1]:2375');
    expect(r.options.host).toBe('::1');
  });

  it('uses the default socket for a bare unix://', () => {
    expect(resolve({ flagHost: 'unix://' }).options.socketPath).toBe('/var/run/docker.sock');
  });

  it('supports ssh://, defaulting to port 22 and the ssh-agent', () => {
    const r = resolve({ flagHost: 'ssh://box', env: { SSH_AUTH_SOCK: '/a.sock' } });
    expect(r.endpoint).toEqual({ host: 'ssh://box:22', source: '--host', tls: false });
    expect(r.options).toMatchObject({ protocol: 'http', host: 'box', port: 22 });
    expect((r.options.agent as SshDialAgent).target).toEqual({
      host: 'box',
      port: 22,
      username: undefined,
      agent: '/a.sock',
    });
  });
});

describe('resolveEndpoint TLS', () => {
  const certs = { '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT', '/certs/key.pem': 'KEY' };

  it('turns TLS on for any non-empty DOCKER_TLS_VERIFY, even "0", with DOCKER_CERT_PATH', () => {
    const env = { DOCKER_HOST: 'tcp://box', DOCKER_TLS_VERIFY: '0', DOCKER_CERT_PATH: '/certs' };
    const r = resolve({ env, files: certs });
    expect(r.endpoint).toEqual({ host: 'tcp://box:2376', source: 'DOCKER_HOST', tls: true });
    expect(r.options).toMatchObject({ protocol: 'https', ca: 'CA', cert: 'CERT', key: 'KEY' });
    expect(r.options.agent).toBeUndefined();
  });

  it('looks for the TLS files in the config dir when DOCKER_CERT_PATH is unset', () => {
    const files = {
      [`${HOME}/.docker/ca.pem`]: 'CA',
      [`${HOME}/.docker/cert.pem`]: 'CERT',
      [`${HOME}/.docker/key.pem`]: 'KEY',
    };
    const r = resolve({ env: { DOCKER_HOST: 'tcp://box:2376', DOCKER_TLS_VERIFY: '1' }, files });
    expect(r.options).toMatchObject({ protocol: 'https', ca: 'CA' });
  });

  it('names the missing TLS file', () => {
    const env = {
      DOCKER_HOST: 'tcp://box:2376',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: '/certs',
    };
    const files = { '/certs/ca.pem': 'CA', '/certs/key.pem': 'KEY' };
    const err = validationError(() => resolve({ env, files }));
    expect(err.message).toMatch(/^TLS file missing: \/certs\/cert\.pem /);
  });

  it('uses TLS without verification on port 2376 when DOCKER_TLS_VERIFY is unset', () => {
    const r = resolve({ env: { DOCKER_HOST: 'tcp://box:2376' } });
    expect(r.endpoint.tls).toBe(true);
    expect(r.options.protocol).toBe('https');
    expect(r.options.agent).toBeInstanceOf(https.Agent);
    expect(httpsAgent(r.options)?.options.rejectUnauthorized).toBe(false);
  });

  it('ignores TLS settings for unix sockets', () => {
    const r = resolve({ flagHost: 'unix:///s.sock', env: { DOCKER_TLS_VERIFY: '1' } });
    expect(r.endpoint.tls).toBe(false);
    expect(r.options.protocol).toBeUndefined();
  });

  it("loads a context's TLS files from contexts/tls/<hash>/docker", () => {
    const files = {
      ...withRemote1,
      [`${remote1Tls}/ca.pem`]: 'CA',
      [`${remote1Tls}/cert.pem`]: 'CERT',
      [`${remote1Tls}/key.pem`]: 'KEY',
    };
    const r = resolve({ files });
    expect(r.endpoint).toEqual({
      host: 'tcp://10.1.2.3:2399',
      source: 'context remote1',
      tls: true,
    });
    expect(r.options).toMatchObject({ protocol: 'https', ca: 'CA', cert: 'CERT', key: 'KEY' });
    expect(r.options.agent).toBeUndefined();
  });

  it('honours a context with SkipTLSVerify', () => {
    const files = { ...withRemote1, [remote1Meta]: meta('tcp://10.1.2.3:2399', true) };
    const r = resolve({ files });
    expect(r.endpoint.tls).toBe(true);
    expect(httpsAgent(r.options)?.options.rejectUnauthorized).toBe(false);
  });

  it('refuses a context with a cert but no key', () => {
    const files = { ...withRemote1, [`${remote1Tls}/cert.pem`]: 'CERT' };
    expect(validationError(() => resolve({ files })).message).toBe(
      `TLS file missing: ${remote1Tls}/key.pem (docker context "remote1")`,
    );
  });
});

describe('resolveEndpoint context errors', () => {
  it('says which context does not exist', () => {
    const err = validationError(() => resolve({ env: { DOCKER_CONTEXT: 'ghost' } }));
    expect(err.message).toMatch(/^Docker context "ghost" does not exist \(no .*\/meta\.json\)$/);
  });

  it('reports a broken config.json in one line', () => {
    const files = { [`${HOME}/.docker/config.json`]: '{ not json' };
    expect(validationError(() => resolve({ files })).message).toMatch(
      /^Cannot read \/home\/u\/\.docker\/config\.json: invalid JSON/,
    );
  });

  it('reports a context without a docker endpoint', () => {
    const files = {
      ...withRemote1,
      [remote1Meta]: JSON.stringify({ Name: 'remote1', Endpoints: {} }),
    };
    expect(validationError(() => resolve({ files })).message).toContain('has no docker endpoint');
  });

  it('validates the address inside a context', () => {
    const files = { ...withRemote1, [remote1Meta]: meta('foo://bar') };
    expect(validationError(() => resolve({ files })).message).toContain(
      'Unsupported engine address',
    );
  });
});
