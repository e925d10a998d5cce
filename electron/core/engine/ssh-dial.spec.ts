// The ssh transport against a real SSH server (ssh2's, in this process) that joins each
// `docker system dial-stdio` session to a fake engine API on a unix socket.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeApiServer, engineLike } from '../../../test/support/fake-api-server.js';
import { startSshEngine, type SshEngine } from '../../../test/support/ssh-engine.js';
import { Engine, type EngineOptions } from './engine.js';
import { resolveEndpoint } from './resolve.js';
import { DIAL_STDIO } from './ssh-dial.js';
import { DOCKER_20_10_VERSION } from './version-fixtures.js';

let dir: string;
let api: FakeApiServer;
let ssh: SshEngine;
const engines: Engine[] = [];

/** Node's warnings (DEP0170 and the like) raised while the tests run. */
const warnings: string[] = [];
const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);

beforeAll(async () => {
  process.on('warning', onWarning);
  dir = mkdtempSync(path.join(os.tmpdir(), 'hangar-ssh-'));
  const engine = engineLike(DOCKER_20_10_VERSION);
  api = new FakeApiServer((method, url) =>
    url.includes('/containers/json') ? 'hang' : engine(method, url),
  );
  await api.listen(path.join(dir, 'api.sock'));
  ssh = await startSshEngine(path.join(dir, 'api.sock'));
});

afterEach(() => {
  for (const engine of engines.splice(0)) engine.stop();
});

afterAll(async () => {
  process.off('warning', onWarning);
  await ssh.close();
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

function engineAt(host: string, opts: EngineOptions = {}): Engine {
  const resolved = resolveEndpoint({
    flagHost: host,
    env: {},
    platform: 'linux',
    exists: () => false,
    readFile: () => '',
  });
  const engine = new Engine(resolved, { random: () => 0.5, ...opts });
  engines.push(engine);
  return engine;
}

describe('ssh:// engines', () => {
  it('says why an ssh engine cannot be reached, and Node warns of nothing', async () => {
    const status = await engineAt('ssh://nobody@127.0.0.1:1').start();
    expect(status).toMatchObject({
      state: 'unreachable',
      reason: 'Cannot reach Docker at ssh://nobody@127.0.0.1:1: connection refused',
    });
    const v6 = await engineAt('ssh://nobody@[::1]:1').start();
    expect(v6).toMatchObject({
      state: 'unreachable',
      reason: 'Cannot reach Docker at ssh://nobody@[::1]:1: connection refused',
    });
    await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    expect(warnings).toEqual([]);
  });

  it('talks to the engine through sessions running `docker system dial-stdio`', async () => {
    const engine = engineAt(ssh.host);
    expect(await engine.start()).toMatchObject({ state: 'reachable', kind: 'docker' });
    // An ordinary call has an idle timeout, which the session must take like a socket.
    expect(await engine.client().listImages()).toEqual([]);
    expect(ssh.commands.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ssh.commands)).toEqual(new Set([DIAL_STDIO]));
    expect(warnings).toEqual([]);
  });

  it('logs in as the local user when the address names none', async () => {
    const engine = engineAt(`ssh://127.0.0.1:${ssh.port}`);
    expect(await engine.start()).toMatchObject({ state: 'reachable' });
    expect(ssh.users.at(-1)).toBe(os.userInfo().username);
  });

  it('ends a call the engine never answers by its idle timeout', async () => {
    const engine = engineAt(ssh.host, { callTimeoutMs: 200 });
    await engine.start();
    await expect(engine.client().listContainers()).rejects.toThrow(/socket hang up|aborted/i);
  });
});
