/**
 * The `hangar` CLI as a user runs it (`node bin/hangar.mjs …`), against the harness's private
 * daemon, with the docker CLI as the oracle. No mocks: a real core, a real dockerd.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyboxImage, seedImages } from '../harness/image-tar.js';
import { sharedDaemon } from '../harness/shared.js';
import { runHangar, startHangar, type HangarProcess } from '../support/hangar-cli.js';

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
