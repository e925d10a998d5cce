/**
 * Tag, untag and remove against the shared real dockerd and the shared real Podman service, each
 * checked with its own CLI; and the CLI commands `tag`, `untag`, `rm`, `ref` as a user runs them
 * (`node bin/hangar.mjs …`). A name is given as the engine lists it (Podman: `localhost/…` for a
 * loaded image); where Podman cannot do what Docker does, the test says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../electron/cli/core-client.js';
import { createCore, type Core } from '../../electron/core/core.js';
import type { EngineHandle } from '../harness/engine-handle.js';
import { buildScratchImage, busyboxImage, seedImages } from '../harness/image-tar.js';
import { loadedName, SHARED_ENGINES, taggedName } from '../support/engines.js';
import { eventually, withAlgorithm } from '../support/oracle.js';
import { runHangar } from '../support/hangar-cli.js';

const hangar = (args: string[]) => runHangar(args);

describe.each(SHARED_ENGINES)('tag, untag, rm on $kind', ({ kind, shared }) => {
  let daemon: EngineHandle;
  let core: Core;
  const ids: Record<string, string> = {};
  /** `name` as this engine lists it once loaded, or once tagged through the API. */
  const loaded = (name: string) => loadedName(kind, name);
  const tagged = (name: string) => taggedName(kind, name);

  const cli = async (args: string[]) => (await daemon.cli(args)).stdout.trim();
  const idOf = async (ref: string) =>
    withAlgorithm(await cli(['inspect', '--format', '{{.Id}}', ref]));
  const tagsOf = async (id: string) =>
    JSON.parse(await cli(['image', 'inspect', '--format', '{{json .RepoTags}}', id]))
      .sort()
      .join(',') as string;
  const exists = async (ref: string) =>
    (await daemon.cli(['image', 'inspect', ref], { allowFail: true })).code === 0;
  const imageOf = async (container: string) =>
    withAlgorithm(await cli(['inspect', '--format', '{{.Image}}', container]));
  /** Waits until the index shows what the daemon has for these refs. */
  async function synced(check: () => Promise<boolean>): Promise<void> {
    expect(await eventually(check, Boolean, 10_000)).toBe(true);
  }
  const indexTags = async (id: string) =>
    (await request(core, 'images:snapshot')).images.find((r) => r.id === id)?.repoTags ?? [];

  beforeAll(async () => {
    daemon = shared();
    const seeded = await seedImages(daemon, [
      { tags: ['tagtest/src:1'] },
      { tags: ['tagtest/other:1'] },
      { tags: ['tagtest/two:a', 'tagtest/two:b'] },
      { tags: ['tagtest/last:1'] },
      { tags: ['tagtest/used:1'] },
      { tags: ['tagtest/rm:1'] },
      { tags: ['tagtest/rmmulti:1', 'tagtest/rmmulti:2'] },
    ]);
    for (const s of seeded) ids[loaded(s.tags[0] ?? '')] = s.id;
    // A label of its own: other files build busybox too, and the build cache would share the image.
    ids.busybox = await busyboxImage(daemon, 'tagtest/busybox:1', { 'hangar.test': 'tags' });
    await daemon.cli([
      'create',
      '--name',
      'tagtest-stopped',
      '--network',
      'none',
      'tagtest/used:1',
    ]);
    await daemon.cli([
      'run',
      '-d',
      '--name',
      'tagtest-web',
      '--network',
      'none',
      'tagtest/busybox:1',
      '/bin/busybox',
      'sleep',
      '600',
    ]);
    core = await createCore({ host: daemon.host });
    await core.ready();
    await synced(async () =>
      (await indexTags(ids.busybox ?? '')).includes(loaded('tagtest/busybox:1')),
    );
  });

  afterAll(async () => {
    await core?.close();
    await daemon?.cli(['rm', '-f', 'tagtest-web', 'tagtest-stopped'], { allowFail: true });
  });

  it('tags an image, normalising the name, and says when a tag moved', async () => {
    const src = ids[loaded('tagtest/src:1')] ?? '';
    const r = await request(core, 'images:tag', loaded('tagtest/src:1'), 'docker.io/tagtest/dst');
    expect(r).toEqual({
      id: src,
      tag: 'tagtest/dst:latest',
      full: 'docker.io/tagtest/dst:latest',
      movedFrom: null,
    });
    const dst = tagged('tagtest/dst:latest');
    expect(await tagsOf(src)).toBe([dst, loaded('tagtest/src:1')].sort().join(','));
    await synced(async () => (await indexTags(src)).includes(dst));
    const moved = await request(core, 'images:tag', loaded('tagtest/other:1'), 'tagtest/dst');
    expect(moved.movedFrom).toBe(src);
    expect(await tagsOf(moved.id)).toBe([dst, loaded('tagtest/other:1')].sort().join(','));
  });

  it('refuses a bad target with the grammar’s words before any daemon call', async () => {
    const all = async () => (await cli(['images', '-q', '--no-trunc', '-a'])).split('\n').sort();
    const before = await all();
    await expect(
      request(core, 'images:tag', loaded('tagtest/src:1'), 'Tagtest/Bad'),
    ).rejects.toMatchObject({
      code: 'INVALID_REFERENCE',
      message: 'invalid reference format: repository name (Tagtest/Bad) must be lowercase',
    });
    await expect(
      request(core, 'images:tag', loaded('tagtest/src:1'), `tagtest/x:${'v'.repeat(129)}`),
    ).rejects.toMatchObject({ code: 'INVALID_REFERENCE', message: /tag is 129 characters long/ });
    await expect(
      request(core, 'images:tag', loaded('tagtest/src:1'), `tagtest/x@sha256:${'a'.repeat(64)}`),
    ).rejects.toMatchObject({ code: 'INVALID_REFERENCE', message: /cannot contain a digest/ });
    await expect(
      request(core, 'images:tag', 'tagtest/nope:1', 'tagtest/x:1'),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await all()).toEqual(before);
  });

  it('untag of one of several tags keeps the image and its other tags', async () => {
    const preview = await request(core, 'images:untagPreview', loaded('tagtest/two:a'));
    expect(preview).toMatchObject({
      tag: loaded('tagtest/two:a'),
      remainingTags: [loaded('tagtest/two:b')],
      lastTag: false,
      becomesDangling: false,
    });
    const r = await request(core, 'images:untag', loaded('tagtest/two:a'));
    expect(r).toMatchObject({ untagged: [loaded('tagtest/two:a')], becameDangling: false });
    expect(await tagsOf(r.id)).toBe(loaded('tagtest/two:b'));
  });

  it('untag of the last tag: the preview warns, and the image stays, dangling, with no leftovers', async () => {
    const preview = await request(core, 'images:untagPreview', loaded('tagtest/last:1'));
    expect(preview).toMatchObject({ lastTag: true, becomesDangling: true, remainingTags: [] });
    expect(preview.message).toBe(
      'This is the last tag: the image becomes dangling (untagged). It stays until you remove or prune it.',
    );
    const before = (await cli(['images', '-a', '-q', '--no-trunc'])).split('\n').sort();
    const r = await request(core, 'images:untag', loaded('tagtest/last:1'));
    expect(r.untagged).toContain(loaded('tagtest/last:1'));
    expect(r).toMatchObject({ becameDangling: true });
    expect(await exists(r.id)).toBe(true);
    expect(await cli(['images', '-q', '--no-trunc', '-f', 'dangling=true'])).toContain(r.id);
    // Docker: the throwaway child that held the image is gone too (Podman needs none): the set
    // of images is unchanged.
    expect((await cli(['images', '-a', '-q', '--no-trunc'])).split('\n').sort()).toEqual(before);
  });

  it('untag of the last tag of an image a container uses keeps it for the container', async () => {
    const id = await idOf(loaded('tagtest/used:1'));
    const preview = await request(core, 'images:untagPreview', loaded('tagtest/used:1'));
    expect(preview.containers).toEqual(['tagtest-stopped']);
    await request(core, 'images:untag', loaded('tagtest/used:1'));
    expect(await exists(id)).toBe(true);
    expect(await imageOf('tagtest-stopped')).toBe(id);
  });

  it('rm refuses an image in use, naming the container; on Docker force works for a stopped one only', async () => {
    const stoppedImage = await imageOf('tagtest-stopped');
    const [no] = await request(core, 'images:remove', [stoppedImage]);
    expect(no).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT_IN_USE',
        message: expect.stringContaining('used by container tagtest-stopped (created)'),
      },
    });
    const [yes] = await request(core, 'images:remove', [stoppedImage], { force: true });
    if (kind === 'docker') {
      expect(yes).toMatchObject({ ok: true, id: stoppedImage, deleted: [stoppedImage] });
      expect(await exists(stoppedImage)).toBe(false);
    } else {
      // Podman's forced delete would remove the container with the image: Hangar refuses it.
      expect(yes).toMatchObject({
        ok: false,
        error: {
          code: 'CONFLICT_IN_USE',
          message: expect.stringContaining(
            'used by container tagtest-stopped (created): remove the container first. Podman cannot remove an image a container uses without removing the container too, so force does not apply.',
          ),
        },
      });
      expect(await exists(stoppedImage)).toBe(true);
      expect(await imageOf('tagtest-stopped')).toBe(stoppedImage);
    }

    const [refused] = await request(core, 'images:remove', [loaded('tagtest/busybox:1')]);
    expect(refused).toMatchObject({
      ok: false,
      id: ids.busybox,
      error: {
        code: 'CONFLICT_IN_USE',
        message: expect.stringContaining('used by container tagtest-web (running)'),
      },
    });
    // Forced, a running container is still a hard conflict: Docker's words, container named;
    // Hangar's own refusal on Podman, whose forced delete would remove the running container.
    const [hard] = await request(core, 'images:remove', [ids.busybox ?? ''], { force: true });
    expect(hard).toMatchObject({ ok: false, error: { code: 'CONFLICT_IN_USE' } });
    if (hard?.ok !== false) throw new Error('expected a failure');
    expect(hard.error.message).toMatch(
      kind === 'docker'
        ? /\(cannot be forced\) - image is being used by running container tagtest-web \([0-9a-f]{12}\)$/
        : /used by container tagtest-web \(running\): remove the container first\. Podman cannot/,
    );
    expect(await exists(ids.busybox ?? '')).toBe(true);
    expect(await cli(['inspect', '--format', '{{.State.Status}}', 'tagtest-web'])).toBe('running');
  });

  it('rm with noprune keeps untagged parents on Docker; Podman, which has no noprune, deletes them along and the outcome says so', async () => {
    const top = await buildScratchImage(daemon, {
      tag: 'tagtest/chain:1',
      dockerfile: 'FROM scratch\nCOPY a /a\nCOPY b /b\n',
      files: { a: 'tags chain a\n', b: 'tags chain b\n' },
      noCache: true,
    });
    const parent = withAlgorithm(await cli(['image', 'inspect', '--format', '{{.Parent}}', top]));
    expect(parent).toMatch(/^sha256:[0-9a-f]{64}$/);
    await synced(async () => (await indexTags(top)).length === 1);
    const [out] = await request(core, 'images:remove', [loaded('tagtest/chain:1')], {
      noprune: true,
    });
    expect(await exists(top)).toBe(false);
    if (kind === 'docker') {
      expect(out).toMatchObject({ ok: true, id: top, deleted: [top] });
      expect(await exists(parent)).toBe(true);
    } else {
      expect(out).toMatchObject({ ok: true, id: top, deleted: [top, parent] });
      expect(await exists(parent)).toBe(false);
    }
  });

  it('rm removes several at once, one outcome each; a tag among others only untags', async () => {
    const rmId = await idOf(loaded('tagtest/rm:1'));
    const out = await request(core, 'images:remove', [
      loaded('tagtest/rm:1'),
      loaded('tagtest/rmmulti:1'),
      'tagtest/ghost:1',
    ]);
    expect(out[0]).toMatchObject({
      ok: true,
      id: rmId,
      untagged: [loaded('tagtest/rm:1')],
      deleted: [rmId],
    });
    expect(out[1]).toMatchObject({
      ok: true,
      untagged: [loaded('tagtest/rmmulti:1')],
      deleted: [],
    });
    expect(out[2]).toMatchObject({ ok: false, id: null, error: { code: 'NOT_FOUND' } });
    expect(await exists(rmId)).toBe(false);
    expect(await exists(loaded('tagtest/rmmulti:2'))).toBe(true);
  });

  describe('CLI', () => {
    it('hangar tag / untag / rm', async () => {
      const host = daemon.host;
      const tag = await hangar([
        'tag',
        loaded('tagtest/rmmulti:2'),
        'tagtest/cli:1',
        '--host',
        host,
      ]);
      expect(tag.stderr).toBe('');
      expect(tag.stdout).toMatch(/^Tagged [0-9a-f]{12} as tagtest\/cli:1\n$/);
      expect(tag.code).toBe(0);
      const bad = await hangar(['tag', loaded('tagtest/rmmulti:2'), 'UPPER:1', '--host', host]);
      expect(bad).toMatchObject({ code: 2, stdout: '' });
      expect(bad.stderr).toBe(
        'hangar: invalid reference format: repository name (library/UPPER) must be lowercase\n',
      );
      const untag = await hangar(['untag', 'tagtest/cli:1', '--json', '--host', host]);
      expect(JSON.parse(untag.stdout)).toMatchObject({
        tag: tagged('tagtest/cli:1'),
        becameDangling: false,
      });
      const busybox = loaded('tagtest/busybox:1');
      const rm = await hangar(['rm', busybox, '--host', host]);
      expect(rm.code).toBe(2);
      expect(rm.stderr).toMatch(
        new RegExp(
          `^hangar: ${busybox}: Image ${busybox} is used by container tagtest-web \\(running\\)`,
        ),
      );
      const usage = await hangar(['rm']);
      expect(usage).toMatchObject({ code: 2, stderr: 'hangar: rm needs at least one ID\n' });
    });
  });
});

describe('hangar ref', () => {
  it('hangar ref prints how each name normalises, and fails for a bad one', async () => {
    const r = await hangar(['ref', 'ubuntu', 'localhost:5000/a/b:v1', 'one___x', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        input: 'ubuntu',
        valid: true,
        domain: 'docker.io',
        path: 'library/ubuntu',
        tag: 'latest',
        digest: null,
        familiar: 'ubuntu:latest',
        full: 'docker.io/library/ubuntu:latest',
      },
      {
        input: 'localhost:5000/a/b:v1',
        valid: true,
        domain: 'localhost:5000',
        path: 'a/b',
        tag: 'v1',
        digest: null,
        familiar: 'localhost:5000/a/b:v1',
        full: 'localhost:5000/a/b:v1',
      },
      {
        input: 'one___x',
        valid: false,
        error: expect.stringMatching(
          /^invalid reference format: path component 'one___x' has an invalid separator/,
        ),
      },
    ]);
  });
});
