// A real registry (Debian's docker-registry, distribution 2.8) on a free loopback port, storage in
// a temp dir, deletes enabled, optionally behind htpasswd basic auth. Docker treats registries on
// 127.0.0.0/8 as insecure, so a private daemon can push to it over plain HTTP without config.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { makeServiceDir } from './mounts.js';
import {
  isRunning,
  onProcessExit,
  requireExecutable,
  spawnService,
  tailFile,
  terminate,
  terminatePidSync,
} from './proc.js';

export interface RegistryCredentials {
  user: string;
  password: string;
}

/** Token auth (distribution's `auth.token`): clients get a JWT from `realm` (see token-server.ts). */
export interface RegistryTokenAuth {
  realm: string;
  service: string;
  issuer: string;
  /** PEM file of the certificate whose key signs the tokens. */
  rootCertBundle: string;
}

export interface StartRegistryOptions {
  /** Require basic auth with these credentials (htpasswd, bcrypt). */
  htpasswd?: RegistryCredentials;
  /** Require Bearer tokens from a token server. */
  token?: RegistryTokenAuth;
  /** Allow `DELETE` of manifests and blobs (default true; false answers 405 UNSUPPORTED). */
  deleteEnabled?: boolean;
  /** How long to wait for GET /v2/ (default 20 s). */
  readyTimeoutMs?: number;
}

export interface TestRegistry {
  /** '127.0.0.1:PORT': use as the registry part of image references. */
  readonly host: string;
  /** 'http://127.0.0.1:PORT' */
  readonly url: string;
  /** Temp dir holding the config, the log and the storage. */
  readonly dir: string;
  /** Stops the registry and removes its dir. */
  stop(): Promise<void>;
}

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export async function startRegistry(opts: StartRegistryOptions = {}): Promise<TestRegistry> {
  const binary = requireExecutable('docker-registry', 'docker-registry');
  const dir = makeServiceDir('hr-');
  const unregister = onProcessExit(() => rmSync(dir, { recursive: true, force: true }));
  try {
    if (opts.htpasswd) {
      const { user, password } = opts.htpasswd;
      writeFileSync(path.join(dir, 'htpasswd'), `${user}:${bcryptHash(password)}\n`);
    }
    // A port found free can be taken before the registry binds it: try a few.
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      try {
        const registry = await launch(binary, dir, port, opts);
        unregister();
        return registry;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  } catch (error) {
    unregister();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function launch(
  binary: string,
  dir: string,
  port: number,
  opts: StartRegistryOptions,
): Promise<TestRegistry> {
  const host = `127.0.0.1:${port}`;
  const configFile = path.join(dir, 'config.yml');
  const logFile = path.join(dir, 'registry.log');
  writeFileSync(configFile, registryConfig(dir, host, opts));
  const child = spawnService(binary, ['serve', configFile], logFile);
  const pid = child.pid;
  if (pid !== undefined) writeFileSync(path.join(dir, 'registry.pid'), String(pid));
  const unregister = onProcessExit(() => {
    if (pid !== undefined && isRunning(child)) terminatePidSync(pid, 5_000);
    rmSync(dir, { recursive: true, force: true });
  });
  const url = `http://${host}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (!isRunning(child)) {
      unregister();
      throw new Error(
        `docker-registry exited before it was ready; log tail:\n${tailFile(logFile)}`,
      );
    }
    // 200 without auth, 401 with: either way it is serving.
    const status = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1_000) }).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200 || status === 401) break;
    if (Date.now() > deadline) {
      await terminate(child, 5_000);
      unregister();
      throw new Error(`docker-registry did not answer ${url}/v2/; log tail:\n${tailFile(logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    host,
    url,
    dir,
    async stop() {
      await terminate(child, 5_000);
      unregister();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function registryConfig(dir: string, addr: string, opts: StartRegistryOptions): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${path.join(dir, 'data')}`,
    '  delete:',
    `    enabled: ${opts.deleteEnabled === false ? 'false' : 'true'}`,
    'http:',
    `  addr: ${addr}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
  ];
  if (opts.htpasswd) {
    lines.push(
      'auth:',
      '  htpasswd:',
      '    realm: hangar-test',
      `    path: ${path.join(dir, 'htpasswd')}`,
    );
  } else if (opts.token) {
    lines.push(
      'auth:',
      '  token:',
      `    realm: ${opts.token.realm}`,
      `    service: ${opts.token.service}`,
      `    issuer: ${opts.token.issuer}`,
      `    rootcertbundle: ${opts.token.rootCertBundle}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** bcrypt through libc's crypt(3) (libxcrypt) via perl, which every Debian has. */
function bcryptHash(password: string): string {
  const random = randomBytes(21);
  let salt = '';
  for (const byte of random) salt += BCRYPT_ALPHABET[byte % 64];
  // The last salt char carries only 2 significant bits: pick one whose low 4 bits are zero.
  salt += '.Oeu'[(random[0] ?? 0) % 4];
  const result = spawnSync(
    'perl',
    ['-e', 'print crypt($ARGV[0], $ARGV[1])', password, `$2b$05$${salt}`],
    {
      encoding: 'utf8',
    },
  );
  const hash = result.stdout;
  if (result.status !== 0 || !hash.startsWith('$2b$05$') || hash.length !== 60) {
    throw new Error(`cannot make a bcrypt hash with perl's crypt(): ${result.stderr || hash}`);
  }
  return hash;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
