import { describe, expect, it } from 'vitest';
import { HangarError } from '../../../shared/errors.js';
import type { ImageRecord } from '../../../shared/model.js';
import { DEFAULT_UPDATE_CHECK_SETTINGS } from '../../../shared/updates.js';
import type { ManifestHeadOptions } from '../registry/manifest-head.js';
import {
  createdOf,
  judgeUpdate,
  UpdateChecker,
  updateTargets,
  type RemoteImageOptions,
} from './update-check.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const INDEX = `sha256:${'9'.repeat(64)}`;

function image(id: string, repoTags: string[], repoDigests: string[]): ImageRecord {
  return {
    id,
    repoTags,
    repoDigests,
    parentId: null,
    created: 0,
    size: 0,
    labels: {},
    containers: [],
    dangling: false,
    intermediate: false,
  };
}

describe('updateTargets', () => {
  it('gives each tag the digests of its own repository only', () => {
    const targets = updateTargets([
      image('sha256:a', ['postgres:16', 'me/pg:16'], [`postgres@${INDEX}`, `me/pg@${D1}`]),
    ]);
    expect(targets).toEqual([
      { tag: 'postgres:16', imageId: 'sha256:a', localDigests: [INDEX] },
      { tag: 'me/pg:16', imageId: 'sha256:a', localDigests: [D1] },
    ]);
  });
});

describe('judgeUpdate', () => {
  const target = { tag: 'postgres:16', imageId: 'sha256:a', localDigests: [INDEX] };
  const head = (digest: string | null) => ({ head: { digest, mediaType: null, size: null } });

  it('compares the tag’s digest (an index’s for a multi-platform tag) with the repo digests', () => {
    expect(judgeUpdate(target, head(INDEX), 5)).toMatchObject({ state: 'upToDate', checkedAt: 5 });
    expect(judgeUpdate(target, head(D2), 5)).toMatchObject({
      state: 'updateAvailable',
      remoteDigest: D2,
    });
  });

  it('says why when it cannot tell', () => {
    expect(judgeUpdate(target, head(null), 5).reason).toMatch(/no such tag/);
    const refused = new HangarError('AUTH_FAILED', 'ghcr.io refused the credentials (HTTP 401).');
    expect(judgeUpdate(target, { error: refused }, 5).reason).toMatch(/^login needed: ghcr\.io/);
    const down = Object.assign(new TypeError('fetch failed'), {
      cause: { code: 'ECONNREFUSED' },
    });
    expect(judgeUpdate(target, { error: down }, 5)).toMatchObject({
      state: 'unknown',
      reason: 'registry unreachable: ECONNREFUSED',
    });
  });
});

describe('UpdateChecker', () => {
  function checker(
    count: number,
    concurrency: number,
    created: (opts: RemoteImageOptions) => Promise<string | null> = async () => null,
  ) {
    let now = 1_000;
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    const images = Array.from({ length: count }, (_, i) =>
      image(`sha256:${i}`, [`reg.example/app${i}:1`], [`reg.example/app${i}@${D1}`]),
    );
    const c = new UpdateChecker({
      images: () => images,
      settings: () => ({ ...DEFAULT_UPDATE_CHECK_SETTINGS, concurrency, maxAgeMinutes: 10 }),
      saveSettings: (s) => s,
      backgroundAllowed: false,
      credentials: { env: { DOCKER_CONFIG: '/nonexistent-docker-config' } },
      now: () => now,
      head: async (opts: ManifestHeadOptions) => {
        calls++;
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
        return { digest: opts.repository === 'app0' ? D2 : D1, mediaType: null, size: null };
      },
      created: async (opts) => {
        most = Math.max(most, ++inFlight);
        try {
          return await created(opts);
        } finally {
          inFlight--;
        }
      },
    });
    return {
      c,
      most: () => most,
      calls: () => calls,
      advance: (ms: number) => (now += ms),
    };
  }

  it('keeps at most `concurrency` requests in flight and remembers answers for the max age', async () => {
    const t = checker(20, 3);
    const first = await t.c.check();
    expect(t.most()).toBe(3);
    expect(t.calls()).toBe(20);
    expect(first.filter((s) => s.state === 'updateAvailable').map((s) => s.tag)).toEqual([
      'reg.example/app0:1',
    ]);
    await t.c.check();
    expect(t.calls()).toBe(20); // remembered
    await t.c.check({ tags: ['reg.example/app1:1'], refresh: true });
    expect(t.calls()).toBe(21);
    t.advance(10 * 60_000);
    await t.c.check();
    expect(t.calls()).toBe(41); // too old: asked again
  });

  it('refuses a tag no image carries', async () => {
    await expect(checker(1, 1).c.check({ tags: ['nope:1'] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('reads when the registry image was created only for an update available, by its digest', async () => {
    const asked: RemoteImageOptions[] = [];
    const t = checker(5, 2, async (opts) => {
      asked.push(opts);
      return '2026-11-29T10:00:00.000Z';
    });
    const all = await t.c.check();
    expect(asked).toEqual([
      { registry: 'reg.example', repository: 'app0', digest: D2, login: null },
    ]);
    expect(all.find((s) => s.tag === 'reg.example/app0:1')).toMatchObject({
      state: 'updateAvailable',
      remoteCreated: '2026-11-29T10:00:00.000Z',
    });
    expect(all.filter((s) => s.remoteCreated !== null)).toHaveLength(1);
    expect(t.most()).toBeLessThanOrEqual(2);
  });

  it('not learning when it was created is no failure: the update stays available, the time null', async () => {
    const t = checker(1, 1, async () => {
      throw new HangarError('REGISTRY_ERROR', 'reg.example answered HTTP 500.');
    });
    expect(await t.c.check()).toMatchObject([
      { state: 'updateAvailable', remoteDigest: D2, remoteCreated: null, reason: null },
    ]);
  });

  it('does not read the image on Docker Hub (a manifest GET there counts as a pull)', async () => {
    let asked = 0;
    const c = new UpdateChecker({
      images: () => [image('sha256:a', ['postgres:16'], [`postgres@${D1}`])],
      settings: () => DEFAULT_UPDATE_CHECK_SETTINGS,
      saveSettings: (s) => s,
      backgroundAllowed: false,
      credentials: { env: { DOCKER_CONFIG: '/nonexistent-docker-config' } },
      head: async () => ({ digest: D2, mediaType: null, size: null }),
      created: async () => {
        asked++;
        return '2026-11-29T10:00:00.000Z';
      },
    });
    expect(await c.check()).toMatchObject([{ state: 'updateAvailable', remoteCreated: null }]);
    expect(asked).toBe(0);
  });
});

describe('createdOf', () => {
  it('reads the config’s created as ISO 8601, nanoseconds cut to milliseconds', () => {
    expect(createdOf({ created: '2026-12-02T04:20:00.123456789Z' })).toBe(
      '2026-12-02T04:20:00.123Z',
    );
    expect(createdOf({ created: 'yesterday' })).toBeNull();
    expect(createdOf({})).toBeNull();
  });
});
