/**
 * The update check between two real machines and real registries: one private daemon publishes
 * `app:1` to the shared registry, another pulls it. After a new `app:1` is pushed, the second
 * reads "update available", pulls the update, then reads "up to date"; an image with no repo
 * digest reads unknown with its reason; a registry that went away marks only its own images; and
 * `hangar outdated` exits 1 while any tag is behind, saying when the newer image was built.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_UPDATE_CHECK_SETTINGS, type UpdateStatus } from '../../shared/updates.js';
import { request } from '../../electron/cli/core-client.js';
import { createCore, type Core } from '../../electron/core/core.js';
import { startPrivateDaemon, type PrivateDaemon } from '../harness/daemon.js';
import { buildScratchImage, seedImages } from '../harness/image-tar.js';
import { startRegistry, type TestRegistry } from '../harness/registry.js';
import { sharedRegistryHost } from '../harness/shared.js';
import { eventually } from '../support/oracle.js';
import { runHangar } from '../support/hangar-cli.js';

describe('update check', () => {
  let publisher: PrivateDaemon;
  let machine: PrivateDaemon;
  let gone: TestRegistry;
  let core: Core;
  const repo = `upd-${randomUUID().slice(0, 8)}`;
  let app: string;
  let elsewhere: string;
  const localOnly = `${repo}-local:1`;

  async function publish(ref: string): Promise<void> {
    await buildScratchImage(publisher, { tag: ref, files: { a: randomBytes(100_000) } });
    await publisher.cli(['push', ref]);
  }
  const statusOf = (all: UpdateStatus[], tag: string) => {
    const s = all.find((x) => x.tag === tag);
    if (!s) throw new Error(`no status for ${tag}: ${JSON.stringify(all)}`);
    return s;
  };
  /** Checks again once the index has the image the engine now holds under `tag`. */
  async function freshCheck(tag: string, id: string): Promise<UpdateStatus[]> {
    await eventually(
      async () =>
        (await request(core, 'images:snapshot')).images.find((i) => i.repoTags.includes(tag)),
      (i) => i?.id === id && i.repoDigests.length > 0,
      15_000,
    );
    return request(core, 'images:updates', { refresh: true });
  }
  const idOn = async (d: PrivateDaemon, ref: string) =>
    (await d.cli(['image', 'inspect', '--format', '{{.Id}}', ref])).stdout.trim();

  beforeAll(async () => {
    [publisher, machine, gone] = await Promise.all([
      startPrivateDaemon({ name: 'upd-pub' }),
      startPrivateDaemon({ name: 'upd-mach' }),
      startRegistry(),
    ]);
    app = `${sharedRegistryHost()}/${repo}/app:1`;
    elsewhere = `${gone.host}/${repo}/other:1`;
    await publish(app);
    await publish(elsewhere);
    await machine.cli(['pull', app]);
    await machine.cli(['pull', elsewhere]);
    await seedImages(machine, [{ tags: [localOnly] }]);
    await gone.stop();
    core = await createCore({ host: machine.host });
    await core.ready();
  }, 240_000);

  afterAll(async () => {
    await core?.close();
    await Promise.all([publisher?.destroy(), machine?.destroy()]);
  });

  it('reads up to date, then update available after a new push, then up to date after the pull', async () => {
    const first = await freshCheck(app, await idOn(machine, app));
    expect(statusOf(first, app)).toMatchObject({ state: 'upToDate', reason: null });
    expect(statusOf(first, app).remoteDigest).toBe(statusOf(first, app).localDigests[0]);

    await publish(app); // a new app:1 in the registry
    const behind = await request(core, 'images:updates', { refresh: true });
    const s = statusOf(behind, app);
    expect(s.state).toBe('updateAvailable');
    expect(s.remoteDigest).not.toBeNull();
    expect(s.localDigests).not.toContain(s.remoteDigest);
    // When the registry's image was created: its config blob's `created`, as the publisher has it.
    const created = (
      await publisher.cli(['image', 'inspect', '--format', '{{.Created}}', app])
    ).stdout.trim();
    expect(s.remoteCreated).toBe(new Date(created).toISOString());
    // Only an update available reads it.
    expect(statusOf(behind, localOnly).remoteCreated).toBeNull();

    const cli = await runHangar(['outdated', '--host', machine.host]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(
      new RegExp(`${app.replace(/[.]/g, '\\.')} +update available \\(built .+ ago\\)`),
    );
    const cliJson = await runHangar(['outdated', app, '--json', '--host', machine.host]);
    expect(cliJson.code).toBe(1);
    expect(JSON.parse(cliJson.stdout)).toMatchObject([
      { tag: app, state: 'updateAvailable', remoteCreated: s.remoteCreated },
    ]);

    const started = await request(core, 'images:pull', app);
    const pulled = await eventually(
      () => request(core, 'tasks:get', started.id),
      (t) => t.state !== 'running',
      60_000,
    );
    expect(pulled.state).toBe('succeeded');
    const after = await freshCheck(app, await idOn(publisher, app));
    expect(statusOf(after, app)).toMatchObject({ state: 'upToDate', remoteDigest: s.remoteDigest });
    const json = await runHangar(['outdated', app, '--json', '--host', machine.host]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject([{ tag: app, state: 'upToDate' }]);
  });

  it('an image with no repo digest is unknown with its reason; a registry gone marks only its images', async () => {
    const all = await request(core, 'images:updates', { refresh: true });
    expect(statusOf(all, `${localOnly}`)).toMatchObject({
      state: 'unknown',
      remoteDigest: null,
    });
    expect(statusOf(all, localOnly).reason).toMatch(/^no registry digest/);
    const off = statusOf(all, elsewhere);
    expect(off.state).toBe('unknown');
    expect(off.reason).toMatch(/^registry unreachable: /);
    expect(statusOf(all, app).state).toBe('upToDate');
  });

  it('remembers checks for the max age, and the setting says how long', async () => {
    const before = await request(core, 'images:knownUpdates');
    const again = await request(core, 'images:updates', { tags: [app] });
    expect(again).toHaveLength(1);
    expect(again[0]?.checkedAt).toBe(statusOf(before, app).checkedAt);
    const saved = await request(core, 'images:setUpdateSettings', {
      maxAgeMinutes: 1,
      background: false,
      concurrency: 2,
    });
    expect(saved).toEqual({ maxAgeMinutes: 1, background: false, concurrency: 2 });
    expect(await request(core, 'images:updateSettings')).toEqual(saved);
    await expect(
      request(core, 'images:setUpdateSettings', {
        maxAgeMinutes: 0,
        background: false,
        concurrency: 2,
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await request(core, 'images:setUpdateSettings', DEFAULT_UPDATE_CHECK_SETTINGS);
  });
});
