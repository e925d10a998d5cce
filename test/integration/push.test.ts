/**
 * Push to real registries (Debian's docker-registry) from the shared real daemon: htpasswd basic
 * auth with the right and the wrong password, "already pushed", credentials through a fake
 * `docker-credential-hangartest` on the PATH (credsStore and credHelpers), a registry killed in
 * the middle of a push (a clear error; a retry after its restart succeeds), cancel, and the CLI.
 * Also that the password never reaches what the CLI prints or the files of HANGAR_HOME.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushResult } from '../../shared/actions.js';
import type { TaskInfo } from '../../shared/tasks.js';
import { request } from '../../electron/cli/core-client.js';
import { createCore, type Core } from '../../electron/core/core.js';
import { MANIFEST_ACCEPT } from '../../electron/core/registry/manifest-head.js';
import type { DaemonHandle } from '../harness/daemon.js';
import { buildScratchImage, seedImages } from '../harness/image-tar.js';
import { freePort, startRegistry, type TestRegistry } from '../harness/registry.js';
import { sharedDaemon } from '../harness/shared.js';
import { eventually } from '../support/oracle.js';
import { runHangar } from '../support/hangar-cli.js';
import { filesHolding, secretForms } from '../support/secrets.js';

const USER = 'alice';
const PASSWORD = 'pa55-w0rd';

/** A registry we can kill and start again on the same port and storage. */
class RestartableRegistry {
  private child: ChildProcess | null = null;
  constructor(
    readonly dir: string,
    readonly host: string,
  ) {
    writeFileSync(
      path.join(dir, 'config.yml'),
      [
        'version: 0.1',
        'log:',
        '  level: error',
        '  accesslog:',
        '    disabled: true',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${path.join(dir, 'data')}`,
        'http:',
        `  addr: ${host}`,
        `  secret: ${randomBytes(8).toString('hex')}`,
        '',
      ].join('\n'),
    );
  }
  async start(): Promise<void> {
    this.child = spawn('docker-registry', ['serve', path.join(this.dir, 'config.yml')], {
      stdio: 'ignore',
    });
    const ok = await eventually(
      () =>
        fetch(`http://${this.host}/v2/`).then(
          (r) => r.status === 200,
          () => false,
        ),
      Boolean,
      20_000,
    );
    if (!ok) throw new Error('registry did not start');
  }
  kill(): void {
    this.child?.kill('SIGKILL');
    this.child = null;
  }
}

describe('push', () => {
  let daemon: DaemonHandle;
  let core: Core;
  let registry: TestRegistry;
  let work: string;
  const savedEnv = { DOCKER_CONFIG: process.env.DOCKER_CONFIG, PATH: process.env.PATH };

  /** Writes a docker config dir and points the core (which reads the environment) at it. */
  function useConfig(name: string, config: unknown): string {
    const dir = path.join(work, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
    process.env.DOCKER_CONFIG = dir;
    return dir;
  }
  const basic = (user: string, password: string) =>
    Buffer.from(`${user}:${password}`).toString('base64');

  async function finished(task: TaskInfo): Promise<TaskInfo> {
    return eventually(
      () => request(core, 'tasks:get', task.id),
      (t) => t.state !== 'running',
      110_000,
    );
  }
  async function push(ref: string): Promise<TaskInfo> {
    return finished(await request(core, 'images:push', ref));
  }
  function result(t: TaskInfo): PushResult {
    if (t.kind !== 'push' || !t.result)
      throw new Error(`no push result: ${JSON.stringify(t.error)}`);
    return t.result;
  }
  async function registryDigest(host: string, repo: string, tag: string, auth?: string) {
    const res = await fetch(`http://${host}/v2/${repo}/manifests/${tag}`, {
      method: 'HEAD',
      headers: { accept: MANIFEST_ACCEPT, ...(auth ? { authorization: `Basic ${auth}` } : {}) },
    });
    return res.headers.get('docker-content-digest');
  }
  const repoDigestsOf = async (ref: string) =>
    (await request(core, 'images:snapshot')).images.find((r) => r.repoTags.includes(ref))
      ?.repoDigests ?? [];

  beforeAll(async () => {
    daemon = sharedDaemon();
    work = mkdtempSync(path.join(tmpdir(), 'hangar-push-'));
    registry = await startRegistry({ htpasswd: { user: USER, password: PASSWORD } });
    const reg = registry.host;
    await seedImages(daemon, [
      { tags: [`${reg}/pushtest/app:1`], content: randomBytes(300_000).toString('hex') },
      { tags: [`${reg}/pushtest/helper:1`, `${reg}/pushtest/helper:2`] },
      { tags: [`${reg}/pushtest/cli:1`] },
      { tags: [`${reg}/pushtest/creds:1`] },
    ]);
    core = await createCore({ host: daemon.host });
    await core.ready();
    await eventually(
      async () => (await request(core, 'images:snapshot')).images.length,
      (n) => n >= 3,
      10_000,
    );
  });

  afterAll(async () => {
    process.env.DOCKER_CONFIG = savedEnv.DOCKER_CONFIG;
    process.env.PATH = savedEnv.PATH;
    await core?.close();
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('pushes with the right password: per-layer progress, the registry’s digest', async () => {
    useConfig('right', { auths: { [registry.host]: { auth: basic(USER, PASSWORD) } } });
    const ref = `${registry.host}/pushtest/app:1`;
    const task = await request(core, 'images:push', ref);
    expect(task).toMatchObject({
      kind: 'push',
      state: 'running',
      target: ref,
      title: `Push ${ref}`,
    });
    const done = await finished(task);
    expect(done.error).toBeNull();
    const r = result(done);
    expect(r).toMatchObject({
      ref,
      registry: registry.host,
      repository: `${registry.host}/pushtest/app`,
      tag: '1',
      alreadyPushed: false,
      layers: 1,
    });
    expect(r.digest).toBe(
      await registryDigest(registry.host, 'pushtest/app', '1', basic(USER, PASSWORD)),
    );
    expect(done.progress.percent).toBe(100);
    for (const item of done.progress.items) {
      expect(item.status).toBe('Pushed');
      expect(item.total).not.toBeNull();
      expect(item.current).toBe(item.total);
    }
    // Nothing secret in what the renderer can see.
    expect(JSON.stringify(done)).not.toContain(PASSWORD);
    expect(JSON.stringify(done)).not.toContain(basic(USER, PASSWORD));
  });

  it('a second push of the same digest is skipped: already pushed', async () => {
    const ref = `${registry.host}/pushtest/app:1`;
    await eventually(
      () => repoDigestsOf(ref),
      (d) => d.length > 0,
      10_000,
    );
    const r = result(await push(ref));
    expect(r.alreadyPushed).toBe(true);
    expect(r.layers).toBe(0);
    expect(r.digest).toBe(
      await registryDigest(registry.host, 'pushtest/app', '1', basic(USER, PASSWORD)),
    );
  });

  it('a wrong password, or none, is AUTH_FAILED naming the registry', async () => {
    useConfig('wrong', { auths: { [registry.host]: { auth: basic(USER, 'nope') } } });
    const wrong = await push(`${registry.host}/pushtest/helper:1`);
    expect(wrong.state).toBe('failed');
    expect(wrong.error?.code).toBe('AUTH_FAILED');
    expect(wrong.error?.message).toContain(`${registry.host} refused the credentials (from auths)`);
    expect(JSON.stringify(wrong)).not.toContain('nope');
    useConfig('none', {});
    const none = await push(`${registry.host}/pushtest/helper:1`);
    expect(none.error?.code).toBe('AUTH_FAILED');
    expect(none.error?.message).toContain('none found: docker login first');
  });

  describe('a credential helper on the PATH', () => {
    let calls: string;
    beforeAll(() => {
      const bin = path.join(work, 'bin');
      mkdirSync(bin, { recursive: true });
      calls = path.join(work, 'helper-calls.txt');
      const script = [
        '#!/bin/sh',
        '[ "$1" = get ] || exit 1',
        'url=$(cat)',
        `echo "$url" >> ${calls}`,
        `if [ "$url" = "${registry.host}" ]; then`,
        `  printf '{"ServerURL":"%s","Username":"${USER}","Secret":"${PASSWORD}"}' "$url"`,
        'else',
        '  echo "credentials not found in native keychain"; exit 1',
        'fi',
        '',
      ].join('\n');
      writeFileSync(path.join(bin, 'docker-credential-hangartest'), script, { mode: 0o755 });
      process.env.PATH = `${bin}:${savedEnv.PATH ?? ''}`;
    });

    it('credsStore: the helper is asked with the server address on stdin', async () => {
      useConfig('store', { auths: { [registry.host]: {} }, credsStore: 'hangartest' });
      const r = result(await push(`${registry.host}/pushtest/helper:1`));
      expect(r.alreadyPushed).toBe(false);
      expect(readFileSync(calls, 'utf8')).toBe(`${registry.host}\n`);
    });

    it('credHelpers wins over credsStore for its registry', async () => {
      useConfig('helpers', {
        credsStore: 'absent-store',
        credHelpers: { [registry.host]: 'hangartest' },
      });
      const r = result(await push(`${registry.host}/pushtest/helper:2`));
      expect(r.digest).toBe(
        await registryDigest(registry.host, 'pushtest/helper', '2', basic(USER, PASSWORD)),
      );
      expect(readFileSync(calls, 'utf8')).toBe(`${registry.host}\n${registry.host}\n`);
      // The store is used for other registries: a missing helper is a clear AUTH_FAILED.
      useConfig('store-missing', { credsStore: 'absent-store' });
      const failed = await push(`${registry.host}/pushtest/helper:2`);
      expect(failed.error).toEqual({
        code: 'AUTH_FAILED',
        message: `Cannot get the credentials for ${registry.host} from docker-credential-absent-store: docker-credential-absent-store is not on the PATH`,
      });
    });
  });

  it('the CLI pushes with progress on stderr and the result as JSON on stdout', async () => {
    const config = useConfig('cli', {
      auths: { [registry.host]: { auth: basic(USER, PASSWORD) } },
    });
    const ref = `${registry.host}/pushtest/cli:1`;
    const out = await runHangar(['push', ref, '--json', '--host', daemon.host], {
      DOCKER_CONFIG: config,
    });
    expect(out.code).toBe(0);
    const r = JSON.parse(out.stdout) as PushResult;
    expect(r).toMatchObject({ ref, alreadyPushed: false });
    expect(r.digest).toBe(
      await registryDigest(registry.host, 'pushtest/cli', '1', basic(USER, PASSWORD)),
    );
    expect(out.stderr).toMatch(/[0-9a-f]{12}: Pushed/);
    expect(out.stderr).not.toContain(PASSWORD);
  });

  it('the password reaches neither what the CLI prints nor the files of HANGAR_HOME', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'hangar-creds-home-'));
    const ctx = realpathSync(mkdtempSync(path.join(tmpdir(), 'hangar-creds-ctx-')));
    try {
      writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY . /app/\n');
      writeFileSync(path.join(ctx, 'a.txt'), `creds ${Math.random()}`);
      const right = useConfig('creds-right', {
        auths: { [registry.host]: { auth: basic(USER, PASSWORD) } },
      });
      const wrongPassword = 'wr0ng-s3cret';
      const wrong = useConfig('creds-wrong', {
        auths: { [registry.host]: { auth: basic(USER, wrongPassword) } },
      });
      const cache = `${registry.host}/pushtest/builds`;
      const runs: [string[], string][] = [
        [['push', `${registry.host}/pushtest/creds:1`, '--json'], right],
        [['build', ctx, '-t', 'creds-app:dev', '--cache-registry', cache], right],
        [['build', ctx, '-t', 'creds-app:dev', '--cache-registry', cache, '--json'], right],
        [['registry-cache', 'ls', cache, '--json'], right],
        [['push', `${registry.host}/pushtest/creds:1`], wrong],
        [['push', `${registry.host}/pushtest/creds:1`, '--json'], wrong],
        [['registry-cache', 'ls', cache], wrong],
      ];
      const printed: string[] = [];
      const codes: (number | null)[] = [];
      for (const [args, config] of runs) {
        const out = await runHangar([...args, '--host', daemon.host], {
          DOCKER_CONFIG: config,
          HANGAR_HOME: home,
        });
        codes.push(out.code);
        printed.push(`$ hangar ${args.join(' ')}\n${out.stdout}\n${out.stderr}`);
      }
      // The runs did what they say: the right password works, the wrong one is refused.
      expect(codes, printed.join('\n')).toEqual([0, 0, 0, 0, 2, 2, 2]);
      expect(printed.join('\n')).toContain('refused the credentials');
      expect(printed.join('\n')).toContain(`${cache}:`);

      const forms = [...secretForms(USER, PASSWORD), ...secretForms(USER, wrongPassword)];
      for (const text of printed) {
        for (const form of forms) expect(text, form).not.toContain(form);
      }
      expect(readdirSync(home)).toContain('hangar.db');
      expect(filesHolding(home, forms)).toEqual([]);
    } finally {
      rmSync(home, { recursive: true, force: true });
      rmSync(ctx, { recursive: true, force: true });
    }
  }, 180_000);

  describe('a registry that goes away mid-push', () => {
    let flaky: RestartableRegistry;
    let ref: string;

    beforeAll(async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'hangar-flaky-'));
      flaky = new RestartableRegistry(dir, `127.0.0.1:${await freePort()}`);
      await flaky.start();
      ref = `${flaky.host}/pushtest/big:1`;
      await buildScratchImage(daemon, {
        tag: ref,
        dockerfile: 'FROM scratch\nCOPY a /a\nCOPY b /b\n',
        files: { a: randomBytes(40_000_000), b: randomBytes(40_000_000) },
      });
      useConfig('anon', {});
    });

    afterAll(() => {
      flaky?.kill();
      if (flaky) rmSync(flaky.dir, { recursive: true, force: true });
    });

    /** Starts a push and kills the registry as soon as bytes are flowing. */
    async function pushAndKill(): Promise<TaskInfo> {
      let killed = false;
      const off = core.subscribe((event, payload) => {
        if (killed || event !== 'task:progress') return;
        const task = payload as TaskInfo;
        if (task.kind === 'push' && task.progress.items.some((i) => i.current > 0)) {
          killed = true;
          flaky.kill();
        }
      });
      try {
        const task = await request(core, 'images:push', ref);
        await eventually(async () => killed, Boolean, 30_000);
        expect(killed).toBe(true);
        return task;
      } finally {
        off();
      }
    }

    it('shows the daemon retrying, and cancel stops the push', async () => {
      const task = await pushAndKill();
      const retrying = await eventually(
        () => request(core, 'tasks:get', task.id),
        (t) => t.progress.items.some((i) => /^Retrying in \d+ seconds?$/.test(i.status)),
        20_000,
      );
      expect(retrying.state).toBe('running');
      await request(core, 'tasks:cancel', task.id);
      const done = await finished(task);
      expect(done.state).toBe('cancelled');
      expect(done.error).toEqual({ code: 'CANCELLED', message: 'Cancelled.' });
      await flaky.start();
    });

    it('fails with a clear error once the daemon gives up; a retry after restart succeeds', async () => {
      const task = await pushAndKill();
      const done = await finished(task); // the daemon retries for about 50 s before it gives up
      expect(done.state).toBe('failed');
      expect(done.error?.code).toBe('REGISTRY_ERROR');
      expect(done.error?.message).toMatch(
        new RegExp(
          `^Pushing to ${flaky.host.replace(/\./g, '\\.')} failed: .*(connection refused|EOF|reset)`,
        ),
      );
      await flaky.start();
      const again = result(await push(ref));
      expect(again.alreadyPushed).toBe(false);
      expect(again.layers).toBe(2);
      expect(again.digest).toBe(await registryDigest(flaky.host, 'pushtest/big', '1'));
    }, 150_000);
  });
});
