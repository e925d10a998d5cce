import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from './engine.js';
import { contextHash } from './contexts.js';
import { FakeApiServer, engineLike } from '../../../test/support/fake-api-server.js';
import { nodeFileReader, resolveEndpoint } from './resolve.js';
import { DOCKER_20_10_VERSION } from './version-fixtures.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A self-signed certificate for 127.0.0.1, written as cert.pem and key.pem in `dir`. */
function selfSigned(dir: string): { cert: string; key: string } {
  mkdirSync(dir, { recursive: true });
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return {
    cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    key: readFileSync(path.join(dir, 'key.pem'), 'utf8'),
  };
}

describe.skipIf(!hasOpenssl())('Engine over TLS (a loopback TLS server)', () => {
  let dir: string;
  let server: FakeApiServer;
  let pair: { cert: string; key: string };
  const engines: Engine[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hangar-tls-'));
    pair = selfSigned(path.join(dir, 'server'));
    server = new FakeApiServer(engineLike(DOCKER_20_10_VERSION), pair);
    await server.listen();
  });

  afterAll(async () => {
    for (const engine of engines) engine.stop();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(env: Record<string, string>, configDir?: string): Promise<Engine> {
    const resolved = resolveEndpoint({
      env,
      homeDir: dir,
      configDir,
      platform: 'linux',
      ...nodeFileReader,
    });
    const engine = new Engine(resolved);
    engines.push(engine);
    await engine.start();
    return engine;
  }

  /** A DOCKER_CERT_PATH folder whose ca.pem is `ca` (client cert and key: the server's pair). */
  function certPath(name: string, ca: string): string {
    const folder = path.join(dir, name);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'ca.pem'), ca);
    writeFileSync(path.join(folder, 'cert.pem'), pair.cert);
    writeFileSync(path.join(folder, 'key.pem'), pair.key);
    return folder;
  }

  it('verifies the engine against DOCKER_CERT_PATH/ca.pem when DOCKER_TLS_VERIFY is set', async () => {
    const env = {
      DOCKER_HOST: `tcp://127.0.0.1:${server.port}`,
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: certPath('good', pair.cert),
    };
    const engine = await start(env);
    expect(engine.status()).toMatchObject({
      state: 'reachable',
      endpoint: { host: `tcp://127.0.0.1:${server.port}`, source: 'DOCKER_HOST', tls: true },
      apiVersion: '1.41',
    });
    await expect(engine.client().listImages()).resolves.toEqual([]);
  });

  it('names a certificate it cannot trust', async () => {
    const other = selfSigned(path.join(dir, 'other'));
    const env = {
      DOCKER_HOST: `tcp://127.0.0.1:${server.port}`,
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: certPath('wrong-ca', other.cert),
    };
    const status = (await start(env)).status();
    expect(status).toMatchObject({ state: 'unreachable' });
    expect((status as { reason: string }).reason).toMatch(
      new RegExp(
        `^Cannot reach Docker at tcp://127\\.0\\.0\\.1:${server.port}: TLS error: .*self-signed`,
      ),
    );
  });

  it('skips verification for a context with SkipTLSVerify', async () => {
    const config = path.join(dir, 'docker-config');
    const metaDir = path.join(config, 'contexts', 'meta', contextHash('tls-skip'));
    mkdirSync(metaDir, { recursive: true });
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'tls-skip' }));
    writeFileSync(
      path.join(metaDir, 'meta.json'),
      JSON.stringify({
        Name: 'tls-skip',
        Endpoints: { docker: { Host: `tcp://127.0.0.1:${server.port}`, SkipTLSVerify: true } },
      }),
    );
    const engine = await start({}, config);
    expect(engine.status()).toMatchObject({
      state: 'reachable',
      endpoint: { source: 'context tls-skip', tls: true },
    });
    await expect(engine.client().listImages()).resolves.toEqual([]);
    await expect(engine.eventsClient().listImages()).resolves.toEqual([]);
  });
});
