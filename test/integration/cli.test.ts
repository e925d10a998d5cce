/**
 * The `hangar` CLI as a user runs it (`node bin/hangar.mjs …`), against the harness's private
 * daemon, with the docker CLI as the oracle. No mocks: a real core, a real dockerd.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyboxImage, seedImages } from '../harness/image-tar.js';
import { sharedDaemon } from '../harness/shared.js';
import {
  HANGAR_BIN,
  ROOT,
  runHangar,
  startHangar,
  type HangarProcess,
} from '../support/hangar-cli.js';

const JSON_KEYS = [
  'id',
  'repoTags',
  'repoDigests',
  'parentId',
  'created',
  'size',
  'containers',
  'dangling',
];

interface ImageJson {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  containers: Array<{ id: string; name: string; state: string }>;
  dangling: boolean;
}

interface DeltaJson {
  version: number;
  upserts: ImageJson[];
  removals: string[];
}

const lines = (text: string) => text.split('\n').filter(Boolean);

describe('hangar CLI against a private daemon', () => {
  const daemon = sharedDaemon();
  const host = daemon.host;
  const running: HangarProcess[] = [];
  let work: string;
  let taggedId = '';
  let doomedId = '';
  let busyboxId = '';

  const start = (args: string[]) => {
    const cli = startHangar(args);
    running.push(cli);
    return cli;
  };

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'hangar-cli-'));
    const seeded = await seedImages(daemon, [
      { tags: ['hangar-cli/app:v1', 'hangar-cli/app:v2'], labels: { test: 'cli' } },
      { tags: ['hangar-cli/doomed:1'] },
      { tags: [] },
    ]);
    taggedId = seeded[0]?.id ?? '';
    doomedId = seeded[1]?.id ?? '';
    busyboxId = await busyboxImage(daemon, 'hangar-cli/busybox:1');
    await daemon.docker(['create', '--name', 'hangar-cli-c1', '--network', 'none', busyboxId]);
  });

  afterAll(async () => {
    for (const cli of running) cli.kill('SIGKILL');
    await daemon.docker(['rm', '-f', 'hangar-cli-c1'], { allowFail: true });
    await rm(work, { recursive: true, force: true });
  });

  it('images --json lists exactly what `docker images` lists, in the documented shape', async () => {
    const res = await runHangar(['images', '--json', '--host', host]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const images = JSON.parse(res.stdout) as ImageJson[];
    for (const image of images) expect(Object.keys(image)).toEqual(JSON_KEYS);

    const oracleIds = lines((await daemon.docker(['images', '-q', '--no-trunc'])).stdout);
    expect(images.map((i) => i.id).sort()).toEqual([...new Set(oracleIds)].sort());
    const oracleTags = lines(
      (await daemon.docker(['images', '--format', '{{.Repository}}:{{.Tag}}'])).stdout,
    ).filter((t) => !t.includes('<none>'));
    expect(images.flatMap((i) => i.repoTags).sort()).toEqual(oracleTags.sort());

    const app = images.find((i) => i.id === taggedId);
    expect(app?.repoTags).toEqual(['hangar-cli/app:v1', 'hangar-cli/app:v2']);
    expect(app?.dangling).toBe(false);
    const withContainer = images.find((i) => i.id === busyboxId);
    expect(withContainer?.containers).toEqual([
      { id: expect.stringMatching(/^[0-9a-f]{64}$/), name: 'hangar-cli-c1', state: 'created' },
    ]);
  });

  it('images --dangling --json lists what `docker images -f dangling=true` lists', async () => {
    const res = await runHangar(['images', '--dangling', '--json', '--host', host]);
    expect(res.code).toBe(0);
    const images = JSON.parse(res.stdout) as ImageJson[];
    const oracle = lines(
      (await daemon.docker(['images', '-q', '--no-trunc', '-f', 'dangling=true'])).stdout,
    );
    expect(images.map((i) => i.id).sort()).toEqual([...new Set(oracle)].sort());
    expect(images.length).toBeGreaterThan(0);
    expect(images.every((i) => i.dangling && i.repoTags.length === 0)).toBe(true);
  });

  it('images prints a docker-like table', async () => {
    const res = await runHangar(['images', '--host', host]);
    expect(res.code).toBe(0);
    const [header, ...rows] = lines(res.stdout);
    expect(header).toMatch(/^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE\s+STATUS$/);
    const short = taggedId.slice('sha256:'.length, 'sha256:'.length + 12);
    expect(rows).toContainEqual(
      expect.stringMatching(new RegExp(`^hangar-cli/app\\s+v1\\s+${short}\\s`)),
    );
    expect(rows).toContainEqual(expect.stringMatching(/^hangar-cli\/busybox\s+1\s.*in use \(1\)$/));
  });

  it('fails with one line and exit 2 when the engine is unreachable', async () => {
    const res = await runHangar(['images', '--host', `unix://${path.join(work, 'no.sock')}`]);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(lines(res.stderr)).toHaveLength(1);
    expect(res.stderr).toMatch(/^hangar: .*no\.sock/);
  });

  it('fails with one line and exit 2 for a bad --host or a bad flag', async () => {
    const scheme = await runHangar(['images', '--host', 'gopher://x']);
    expect(scheme.code).toBe(2);
    expect(scheme.stderr).toMatch(/^hangar: unsupported --host scheme 'gopher:\/\/'.*\n$/);
    expect(lines(scheme.stderr)).toHaveLength(1);
    const flag = await runHangar(['images', '--frobnicate']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe('hangar: unknown option --frobnicate\n');
  });

  it('events --json prints one delta per line as the docker CLI changes images', async () => {
    const cli = start(['events', '--json', '--host', host]);
    await cli.waitFor(() => (cli.stderr.includes('Watching') ? true : undefined), 'ready');

    await daemon.docker(['tag', taggedId, 'hangar-cli/app:v3']);
    const tagged = await cli.waitForJson<DeltaJson>(
      (d) => d.upserts.some((u) => u.repoTags.includes('hangar-cli/app:v3')),
      'the tag delta',
    );
    expect(Object.keys(tagged)).toEqual(['version', 'upserts', 'removals']);
    const upsert = tagged.upserts.find((u) => u.id === taggedId);
    expect(upsert && Object.keys(upsert)).toEqual(JSON_KEYS);

    await daemon.docker(['rmi', doomedId]);
    const removed = await cli.waitForJson<DeltaJson>(
      (d) => d.removals.includes(doomedId),
      'the removal delta',
    );
    expect(removed.version).toBeGreaterThan(tagged.version);

    cli.kill('SIGINT');
    expect(await cli.exit).toBe(0);
  });

  it('events prints human lines without --json', async () => {
    const cli = start(['events', '--host', host]);
    await cli.waitFor(() => (cli.stderr.includes('Watching') ? true : undefined), 'ready');
    await daemon.docker(['tag', taggedId, 'hangar-cli/app:human']);
    await cli.waitFor(
      () => (cli.stdout.includes(`+ tag hangar-cli/app:human ${taggedId}\n`) ? true : undefined),
      'the + tag line',
    );
    await daemon.docker(['rmi', 'hangar-cli/app:human']);
    await cli.waitFor(
      () => (cli.stdout.includes(`- untag hangar-cli/app:human ${taggedId}\n`) ? true : undefined),
      'the - untag line',
    );
    cli.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
  });

  it('web serves the UI and the API with the printed token, until SIGINT', async () => {
    const staticDir = path.join(work, 'renderer');
    await rm(staticDir, { recursive: true, force: true });
    await mkdir(staticDir, { recursive: true });
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>cli web</title>');
    const cli = start(['web', '--no-open', '--port', '0', '--static', staticDir, '--host', host]);
    const url = await cli.waitFor(
      () => /^(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)\n/.exec(cli.stdout)?.[1],
      'the URL',
    );
    const token = new URL(url).searchParams.get('token') ?? '';
    const origin = new URL(url).origin;

    const entry = await fetch(url, { redirect: 'manual' });
    expect(entry.status).toBe(303);
    const cookie = (entry.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = await fetch(`${origin}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('cli web');

    expect((await fetch(`${origin}/`)).status).toBe(401);
    const snapshot = await fetch(`${origin}/api/invoke/images:snapshot`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ args: [] }),
    });
    const result = (await snapshot.json()) as { ok: boolean; value: { images: ImageJson[] } };
    expect(result.ok).toBe(true);
    expect(result.value.images.map((i) => i.id)).toContain(taggedId);

    cli.kill('SIGINT');
    expect(await cli.exit).toBe(0);
  });
});

/** A command run to its end, stdin a closed pipe. */
function runProcess(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** This machine's PATH without the node_modules/.bin folders npm and vitest put first. */
const machinePath = (process.env.PATH ?? '')
  .split(path.delimiter)
  .filter((dir) => !dir.includes(`node_modules${path.sep}.bin`))
  .join(path.delimiter);

function onMachinePath(name: string): string | null {
  for (const dir of machinePath.split(path.delimiter)) {
    const file = path.join(dir, name);
    if (dir !== '' && existsSync(file)) return file;
  }
  return null;
}

/** The machine's own Node when it is older than the CLI needs (22.13), else null. */
function olderNode(): string | null {
  const node = onMachinePath('node');
  if (node === null) return null;
  const [major = 0, minor = 0] = execFileSync(node, ['-p', 'process.versions.node'], {
    encoding: 'utf8',
  })
    .trim()
    .split('.')
    .map(Number);
  return major < 22 || (major === 22 && minor < 13) ? node : null;
}

describe('a failing command prints one line on stderr, as the README runs it', () => {
  const daemon = sharedDaemon();
  const noSocket = `unix://${path.join(tmpdir(), 'hangar-no-engine', 'docker.sock')}`;
  const unreachable = `hangar: Cannot reach Docker at ${noSocket}: no such socket (is the engine running?)\n`;
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'hangar-cli-fail-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it.skipIf(onMachinePath('npx') === null)(
    '`npx hangar …` with a fresh npm cache, npm on the machine’s own Node',
    async () => {
      const cache = path.join(work, 'npm-cache');
      const res = await runProcess('npx', ['hangar', 'images', '--host', noSocket], {
        env: { ...process.env, PATH: machinePath, npm_config_cache: cache },
      });
      expect(res).toEqual({ code: 2, stdout: '', stderr: unreachable });
    },
  );

  it.skipIf(olderNode() === null)(
    'bin/hangar.mjs started by an older Node runs under the pinned one',
    async () => {
      const res = await runProcess(olderNode() ?? '', [HANGAR_BIN, 'images', '--host', noSocket]);
      expect(res).toEqual({ code: 2, stdout: '', stderr: unreachable });
    },
  );

  it.skipIf(olderNode() === null)(
    'without the pinned Node, an older Node is told in one line which Node is needed',
    async () => {
      const lone = path.join(work, 'lone', 'bin');
      await mkdir(lone, { recursive: true });
      await copyFile(HANGAR_BIN, path.join(lone, 'hangar.mjs'));
      const node = olderNode() ?? '';
      const version = execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' });
      const res = await runProcess(node, [path.join(lone, 'hangar.mjs'), 'images']);
      expect(res).toEqual({
        code: 2,
        stdout: '',
        stderr: `hangar: needs Node 22.13 or newer, not ${version.trim()} (run npm install, then npx hangar …)\n`,
      });
    },
  );

  it('a value that starts with a dash is judged as a value', async () => {
    const res = await runHangar(['cache', 'enforce', '--max-size', '-5']);
    expect(res).toEqual({
      code: 2,
      stdout: '',
      stderr: "hangar: --max-size is a size such as 10GB, 500MB or 2GiB, not '-5'\n",
    });
  });

  it('--json also prints the failure as JSON on stdout', async () => {
    const res = await runHangar(['images', '--json', '--host', noSocket]);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(unreachable);
    expect(JSON.parse(res.stdout)).toEqual({
      error: { code: 'ENGINE_UNREACHABLE', message: unreachable.slice(8, -1) },
    });
  });

  it('history import stops reading /dev/urandom at 16 MiB and names it', async () => {
    const res = await runHangar(['history', 'import', '/dev/urandom', '--json']);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(
      'hangar: cannot import /dev/urandom: it is larger than the 16 MiB an FTL file may be\n',
    );
    expect(JSON.parse(res.stdout)).toMatchObject({ error: { code: 'VALIDATION' } });
  });

  // Root reads every file; without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH it is held to the
  // permission bits like any user (and still owns the daemon's socket).
  const asUser = [
    '--inh-caps=-dac_override,-dac_read_search',
    '--bounding-set=-dac_override,-dac_read_search',
  ];
  const canDropCaps =
    process.getuid?.() === 0 && spawnSync('setpriv', [...asUser, 'true']).status === 0;

  it.skipIf(!canDropCaps)(
    'build: an unreadable file or folder in the context is named, with exit 2, never "engine unreachable"',
    async () => {
      const ctx = path.join(work, 'ctx');
      await mkdir(path.join(ctx, 'sub'), { recursive: true });
      await writeFile(path.join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY . /\n');
      await writeFile(path.join(ctx, 'sub', 'a.txt'), 'a\n');
      await writeFile(path.join(ctx, 'unreadable.txt'), 'secret\n');
      await chmod(path.join(ctx, 'unreadable.txt'), 0o000);
      const build = () =>
        runProcess('setpriv', [
          ...asUser,
          process.execPath,
          HANGAR_BIN,
          'build',
          ctx,
          '-t',
          'hangar-cli/unreadable:1',
          '--json',
          '--host',
          daemon.host,
        ]);
      const file = await build();
      expect(file.code).toBe(2);
      const fileLine = `Cannot read ${path.join(ctx, 'unreadable.txt')}: permission denied.`;
      expect(file.stderr.split('\n').filter((l) => l.startsWith('hangar: '))).toEqual([
        `hangar: ${fileLine}`,
      ]);
      expect(JSON.parse(file.stdout)).toEqual({ error: { code: 'VALIDATION', message: fileLine } });

      await chmod(path.join(ctx, 'unreadable.txt'), 0o644);
      await chmod(path.join(ctx, 'sub'), 0o000);
      const folder = await build();
      await chmod(path.join(ctx, 'sub'), 0o755);
      expect(folder.code).toBe(2);
      const folderLine = `Cannot read ${path.join(ctx, 'sub')}: permission denied.`;
      expect(JSON.parse(folder.stdout)).toEqual({
        error: { code: 'VALIDATION', message: folderLine },
      });
      expect(folder.stderr).toContain(`hangar: ${folderLine}\n`);
    },
  );
});
