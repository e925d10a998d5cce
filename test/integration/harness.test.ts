// The harness itself, against the real private dockerd, Podman service and registry: seeded images
// load with the right tags and labels, builds and containers work, pushes land, a daemon and a
// Podman service survive a restart, and nothing of a Podman service outlives its owner.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildScratchImage,
  busyboxImage,
  DockerCliError,
  ping,
  PodmanCliError,
  seedImages,
  startPodmanService,
  startPrivateDaemon,
  startRegistry,
  writeImageTarball,
  type PodmanService,
  type PrivateDaemon,
  type SeedImage,
  type SeededImage,
} from '../harness/index.js';
import { sweepStaleDirs } from '../harness/mounts.js';
import { sharedDaemon, sharedPodman, sharedRegistryHost } from '../harness/shared.js';
import { ROOT } from '../support/hangar-cli.js';

const daemon = sharedDaemon();
const lines = (text: string): string[] => text.split('\n').filter((line) => line.trim() !== '');

describe('seeding images by docker load', () => {
  const images: SeedImage[] = Array.from({ length: 200 }, (_, i) => ({
    tags:
      i % 5 === 4
        ? []
        : [`harness/seed-${i % 13}:v${i}`, ...(i % 3 === 0 ? [`harness/alt:${i}`] : [])],
    labels: { 'harness.index': String(i), 'harness.kind': i % 2 ? 'odd' : 'even' },
    created: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
    content: `layer ${i % 10}\n`,
  }));
  let seeded: SeededImage[] = [];

  beforeAll(async () => {
    seeded = await seedImages(daemon, images);
  });

  afterAll(async () => {
    await daemon.docker(['rmi', '-f', ...new Set(seeded.map((image) => image.id))], {
      allowFail: true,
    });
  });

  it('loads every image with its tags, and the untagged ones as dangling', async () => {
    const listed = await daemon.docker([
      'images',
      '-a',
      '--no-trunc',
      '--format',
      '{{.ID}} {{.Repository}}:{{.Tag}}',
    ]);
    const tagsById = new Map<string, string[]>();
    for (const line of lines(listed.stdout)) {
      const [id, ref] = line.split(' ') as [string, string];
      tagsById.set(id, [...(tagsById.get(id) ?? []), ref]);
    }
    for (const image of seeded) {
      const expected = image.tags.length > 0 ? image.tags : ['<none>:<none>'];
      expect(tagsById.get(image.id)?.sort()).toEqual([...expected].sort());
    }
    expect(seeded.filter((image) => image.tags.length === 0)).toHaveLength(40);

    const dangling = new Set(
      lines((await daemon.docker(['images', '-q', '--no-trunc', '-f', 'dangling=true'])).stdout),
    );
    for (const image of seeded) expect(dangling.has(image.id)).toBe(image.tags.length === 0);
  });

  it('keeps labels and created times, and ids are the sha256 of the configs', async () => {
    const ids = seeded.map((image) => image.id);
    const inspected = await daemon.docker([
      'image',
      'inspect',
      '--format',
      '{{.Id}} {{.Created}} {{json .Config.Labels}}',
      ...ids,
    ]);
    const rows = lines(inspected.stdout);
    expect(rows).toHaveLength(200);
    rows.forEach((row, i) => {
      const [id, created, labels] = row.split(' ') as [string, string, string];
      expect(id).toBe(ids[i]);
      expect(new Date(created).getTime()).toBe(images[i]?.created?.getTime());
      expect(JSON.parse(labels)).toEqual(images[i]?.labels);
    });
  });

  it('writes a tarball that tar itself reads', async () => {
    const file = path.join(daemon.dir, 'harness-format.tar');
    const [one] = await writeImageTarball(file, [{ tags: ['harness/format'], content: 'x' }]);
    const entries = execFileSync('tar', ['-tf', file], { encoding: 'utf8' });
    expect(lines(entries)).toEqual(
      expect.arrayContaining(['manifest.json', 'repositories', `${one?.id.slice(7)}.json`]),
    );
    expect(one?.tags).toEqual(['harness/format:latest']);
  });
});

describe('builds and containers', () => {
  it('builds a FROM scratch image with the classic builder', async () => {
    const id = await buildScratchImage(daemon, {
      tag: 'harness/scratch:1',
      files: { 'hello.txt': 'hello\n', 'sub/dir/a.txt': 'a' },
      labels: { 'harness.built': 'yes' },
    });
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    const out = await daemon.docker([
      'image',
      'inspect',
      '--format',
      '{{.Id}} {{index .Config.Labels "harness.built"}}',
      'harness/scratch:1',
    ]);
    expect(out.stdout.trim()).toBe(`${id} yes`);
  });

  it('runs a busybox container with no network', async () => {
    await busyboxImage(daemon, 'harness/busybox:1');
    const created = await daemon.docker([
      'create',
      '--network',
      'none',
      'harness/busybox:1',
      '/bin/busybox',
      'true',
    ]);
    const containerId = created.stdout.trim();
    expect(containerId).toMatch(/^[0-9a-f]{64}$/);
    await daemon.docker(['start', '-a', containerId]);
    const state = await daemon.docker([
      'inspect',
      '--format',
      '{{.State.Status}} {{.State.ExitCode}}',
      containerId,
    ]);
    expect(state.stdout.trim()).toBe('exited 0');
    await daemon.docker(['rm', containerId]);

    const echoed = await daemon.docker([
      'run',
      '--rm',
      '--network',
      'none',
      'harness/busybox:1',
      '/bin/busybox',
      'echo',
      'hi there',
    ]);
    expect(echoed.stdout).toBe('hi there\n');
  });

  it('rejects with the CLI stderr, or resolves with the exit code when allowed to fail', async () => {
    const failure = daemon.docker(['image', 'inspect', 'harness/missing:nope']);
    await expect(failure).rejects.toBeInstanceOf(DockerCliError);
    await expect(failure).rejects.toThrow(/No such image/i);
    const allowed = await daemon.docker(['image', 'inspect', 'harness/missing:nope'], {
      allowFail: true,
    });
    expect(allowed.code).not.toBe(0);
    expect(allowed.stderr).toMatch(/No such image/i);
  });
});

describe('registries', () => {
  it('pushes to the shared registry over plain HTTP on loopback', async () => {
    const registry = sharedRegistryHost();
    expect(registry).toMatch(/^127\.0\.0\.1:\d+$/);
    await buildScratchImage(daemon, {
      tag: `${registry}/harness/pushed:1`,
      files: { 'p.txt': 'pushed' },
    });
    await daemon.docker(['push', `${registry}/harness/pushed:1`]);
    const res = await fetch(`http://${registry}/v2/harness/pushed/tags/list`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: 'harness/pushed', tags: ['1'] });
  });

  it('refuses a push without credentials to a registry with htpasswd, and accepts one after login', async () => {
    const registry = await startRegistry({ htpasswd: { user: 'alice', password: 's3cret pass' } });
    try {
      expect((await fetch(`${registry.url}/v2/`)).status).toBe(401);
      const basic = `Basic ${Buffer.from('alice:s3cret pass').toString('base64')}`;
      expect(
        (await fetch(`${registry.url}/v2/`, { headers: { authorization: basic } })).status,
      ).toBe(200);

      const ref = `${registry.host}/harness/private:1`;
      await buildScratchImage(daemon, { tag: ref, files: { 's.txt': 'secret' } });
      await expect(daemon.docker(['push', ref])).rejects.toThrow(
        /no basic auth credentials|unauthorized/i,
      );
      await daemon.docker(['login', '-u', 'alice', '--password-stdin', registry.host], {
        input: 's3cret pass',
      });
      await daemon.docker(['push', ref]);
      await daemon.docker(['logout', registry.host]);
    } finally {
      await registry.stop();
    }
    expect(existsSync(registry.dir)).toBe(false);
  });
});

describe('a daemon of its own', () => {
  let own: PrivateDaemon | undefined;

  afterAll(async () => {
    await own?.destroy();
  });

  it('keeps its images across stop and start, and removes everything on destroy', async () => {
    own = await startPrivateDaemon({ name: 'harness' });
    expect(own.socketPath).toBe(path.join(own.dir, 'docker.sock'));
    expect(own.host).not.toBe(daemon.host);
    const [seeded] = await seedImages(own, [{ tags: ['harness/survivor:1'], labels: { a: 'b' } }]);

    await own.stop();
    expect(existsSync(own.socketPath)).toBe(false);
    expect(await ping(own.socketPath)).toBe(false);
    await expect(own.docker(['version'], { timeoutMs: 10_000 })).rejects.toThrow(DockerCliError);

    await own.start();
    const out = await own.docker(['image', 'inspect', '--format', '{{.Id}}', 'harness/survivor:1']);
    expect(out.stdout.trim()).toBe(seeded?.id);

    await own.restart();
    expect(await ping(own.socketPath)).toBe(true);

    const dir = own.dir;
    await own.destroy();
    own = undefined;
    expect(existsSync(dir)).toBe(false);
  });
});

/** The body of `GET path` on a unix socket. */
function getText(socketPath: string, urlPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath, path: urlPath }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (t: string) => (body += t));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

/** Pids of the processes whose command line mentions `dir` (a service's, its containers'). */
function processesOf(dir: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return cmdline.includes(dir) && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('a Podman service', () => {
  let own: PodmanService | undefined;

  afterAll(async () => {
    await own?.destroy();
  });

  it('the shared one answers as Podman, loads seeds under localhost/ names, builds and runs', async () => {
    const podman = sharedPodman();
    expect(podman.socketPath).toBe(path.join(podman.dir, 'podman.sock'));
    const version = JSON.parse(await getText(podman.socketPath, '/version')) as {
      Components: Array<{ Name: string; Version: string }>;
    };
    expect(version.Components[0]).toMatchObject({
      Name: 'Podman Engine',
      Version: expect.stringMatching(/^\d+\.\d+\./),
    });
    const [one, none] = await seedImages(podman, [
      { tags: ['harness/podman:1'], labels: { a: 'b' } },
      { tags: [] },
    ]);
    const listed = await podman.cli([
      'images',
      '-a',
      '--no-trunc',
      '--format',
      '{{.ID}} {{.Repository}}:{{.Tag}}',
    ]);
    expect(lines(listed.stdout)).toEqual(
      expect.arrayContaining([
        `${one?.id} localhost/harness/podman:1`,
        `${none?.id} <none>:<none>`,
      ]),
    );
    await busyboxImage(podman, 'harness/podman-busybox:1');
    const echoed = await podman.cli([
      'run',
      '--rm',
      '--network',
      'none',
      'harness/podman-busybox:1',
      '/bin/busybox',
      'echo',
      'hi there',
    ]);
    expect(echoed.stdout).toBe('hi there\n');
    const failure = podman.cli(['image', 'inspect', 'harness/missing:nope']);
    await expect(failure).rejects.toBeInstanceOf(PodmanCliError);
    await expect(failure).rejects.toThrow(/image not known/i);
  });

  it('keeps images and containers across stop and start; destroy removes every container and the dir', async () => {
    own = await startPodmanService({ name: 'harness' });
    expect(own.host).not.toBe(sharedPodman().host);
    const [seeded] = await seedImages(own, [{ tags: ['harness/survivor:1'] }]);
    await busyboxImage(own, 'harness/busybox:1');
    await own.cli(
      ['run', '-d', '--network', 'none', '--name', 'sleeper', 'harness/busybox:1'].concat([
        '/bin/busybox',
        'sleep',
        '600',
      ]),
    );

    await own.stop();
    expect(existsSync(own.socketPath)).toBe(false);
    expect(await ping(own.socketPath)).toBe(false);
    // The container is not the service's: it runs on.
    const running = await own.cli(['inspect', '--format', '{{.State.Status}}', 'sleeper']);
    expect(running.stdout.trim()).toBe('running');

    await own.restart();
    expect(await ping(own.socketPath)).toBe(true);
    const out = await own.cli(['image', 'inspect', '--format', '{{.Id}}', 'harness/survivor:1']);
    expect(`sha256:${out.stdout.trim()}`).toBe(seeded?.id);

    const dir = own.dir;
    expect(processesOf(dir).length).toBeGreaterThanOrEqual(2); // the service, conmon
    await own.destroy();
    own = undefined;
    expect(existsSync(dir)).toBe(false);
    expect(processesOf(dir)).toEqual([]);
  });

  it('the service and its containers go with the process that started them, even after SIGKILL', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/podman-orphan.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const dir = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        out += text;
        if (out.includes('\n')) resolve(out.trim());
      });
      child.on('exit', (code) => reject(new Error(`orphan maker exited with ${code}`)));
    });
    expect(processesOf(dir).length).toBeGreaterThanOrEqual(2);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    // The kernel stops the service (pdeathsig); the container's conmon is nobody's child and
    // stays until the next harness start sweeps the dir.
    await expect
      .poll(() =>
        processesOf(dir).some((pid) =>
          readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('podman'),
        ),
      )
      .toBe(false);
    expect(existsSync(dir)).toBe(true);
    sweepStaleDirs();
    expect(existsSync(dir)).toBe(false);
    expect(processesOf(dir)).toEqual([]);
  });
});
