import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HangarError } from '../../../shared/errors.js';
import { DEFAULT_REMOTE_CACHE_SETTINGS } from '../../../shared/registry-cache.js';
import type { ProbedImage, RegistryCacheService } from '../registry/cache-service.js';
import { HangarStore } from '../store/store.js';
import {
  judgeRemoteLevel,
  MOVED_MESSAGE,
  planLevels,
  type RemoteJudgeInput,
} from './remote-levels.js';

const LOC = 'localhost:5000/team/cache';
const KEY = 'k'.repeat(64);
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 24, 12);
const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

/** A registry level as a map of tag or digest → image (pure logic: no registry needed). */
function fakeRegistry(images: Record<string, ProbedImage | Error>): RegistryCacheService {
  return {
    probe: async (location: string, reference: string) => {
      const found = images[reference];
      if (found instanceof Error) throw found;
      return found ? { ...found, reference: `${location}:${reference}` } : null;
    },
  } as unknown as RegistryCacheService;
}

const image = (digest: string, created: number | null): ProbedImage => ({
  reference: '',
  digest,
  imageId: `sha256:${digest.slice(-8).padStart(64, 'c')}`,
  created,
  size: 1234,
});

describe('planLevels', () => {
  it('asks global before project, skips unset levels, and lets call options override', () => {
    const s = { ...DEFAULT_REMOTE_CACHE_SETTINGS, project: 'r/p', global: 'r/g' };
    expect(planLevels(s).levels).toEqual([
      { level: 'global', location: 'r/g' },
      { level: 'project', location: 'r/p' },
    ]);
    expect(planLevels(s).pushTo).toBe('r/p');
    expect(planLevels(s, { global: null }).levels).toEqual([{ level: 'project', location: 'r/p' }]);
    expect(planLevels(s, { project: null }).pushTo).toBeNull();
    expect(planLevels(s, { pushAfterBuild: false }).pushTo).toBeNull();
    expect(planLevels(DEFAULT_REMOTE_CACHE_SETTINGS).levels).toEqual([]);
    expect(planLevels(s, { onMoved: 'newest', pull: false })).toMatchObject({
      onMoved: 'newest',
      pull: false,
    });
    // The same location twice is asked once, as the project level.
    expect(planLevels({ ...s, global: 'r/p' }).levels).toEqual([
      { level: 'project', location: 'r/p' },
    ]);
  });
});

describe('judgeRemoteLevel', () => {
  let dir: string;
  let store: HangarStore;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'hangar-levels-'));
    store = HangarStore.open(path.join(dir, 'hangar.db'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const judge = (registry: RegistryCacheService, over: Partial<RemoteJudgeInput> = {}) =>
    judgeRemoteLevel({
      registry,
      store,
      artifact: 'app',
      key: KEY,
      level: 'project',
      location: LOC,
      ttlHours: 24,
      onMoved: 'pinned',
      now: NOW,
      ...over,
    });

  it('judges the TTL at its boundaries: exactly the TTL is a HIT, a millisecond more is too old', async () => {
    const at = (created: number | null) => fakeRegistry({ [KEY]: image(D1, created) });
    expect((await judge(at(NOW - 24 * HOUR))).outcome.status).toBe('HIT');
    const old = await judge(at(NOW - 24 * HOUR - 1));
    expect(old.outcome).toMatchObject({
      status: 'HIT_TOO_OLD',
      reason: 'image is 24 h old (TTL 24 h)',
    });
    expect(old.hit).toBeNull();
    expect((await judge(at(NOW - 3 * HOUR), { ttlHours: 2.5 })).outcome.reason).toBe(
      'image is 3 h old (TTL 2.5 h)',
    );
    // Created in the future (clock skew) is fresh, not negative.
    expect((await judge(at(NOW + HOUR))).outcome.status).toBe('HIT');
    // No TTL: any age is a HIT.
    expect((await judge(at(NOW - 9000 * HOUR), { ttlHours: null })).outcome.status).toBe('HIT');
    // No creation time with a TTL: the age is unknown, so it is not trusted.
    const unknown = await judge(at(null));
    expect(unknown.outcome.status).toBe('HIT_TOO_OLD');
    expect(unknown.outcome.reason).toMatch(/no creation time/);
    expect((await judge(at(null), { ttlHours: null })).outcome.status).toBe('HIT');
  });

  it('a HIT names exactly the digest to pull and the image id the engine will give it', async () => {
    const v = await judge(fakeRegistry({ [KEY]: image(D1, NOW) }));
    expect(v.hit).toEqual({
      level: 'project',
      reference: `${LOC}@${D1}`,
      tag: `${LOC}:${KEY}`,
      digest: D1,
      imageId: image(D1, NOW).imageId,
      created: NOW,
      size: 1234,
    });
    expect(v.outcome).toMatchObject({ reference: `${LOC}:${KEY}`, digest: D1, reason: null });
  });

  it('no tag is a MISS; an unusable registry is a MISS with its reason, not an error', async () => {
    const none = await judge(fakeRegistry({}));
    expect(none.outcome).toMatchObject({ status: 'MISS', reason: `no tag ${LOC}:${KEY}` });
    const down = await judge(
      fakeRegistry({
        [KEY]: new HangarError('AUTH_FAILED', 'localhost:5000 needs a login: run docker login.'),
      }),
    );
    expect(down.outcome).toMatchObject({
      status: 'MISS',
      reason: 'registry not usable: localhost:5000 needs a login: run docker login.',
    });
  });

  it('a cancelled lookup stays cancelled instead of becoming a MISS', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(
      judge(fakeRegistry({ [KEY]: new Error('aborted') }), { signal: ac.signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('a moved tag: pinned uses the pinned digest, newest the tag, and a gone pin falls back to newest', async () => {
    store.pins.put({
      artifact: 'app',
      location: LOC,
      key: KEY,
      level: 'project',
      digest: D1,
      usedAt: 1,
    });
    const both = fakeRegistry({ [KEY]: image(D2, NOW), [D1]: image(D1, NOW - HOUR) });

    const pinned = await judge(both);
    expect(pinned.hit?.digest).toBe(D1);
    expect(pinned.moved).toMatchObject({ pinnedDigest: D1, currentDigest: D2, used: 'pinned' });
    expect(pinned.moved?.message.startsWith(MOVED_MESSAGE)).toBe(true);
    expect(pinned.outcome.reason).toBe(pinned.moved?.message);

    const newest = await judge(both, { onMoved: 'newest' });
    expect(newest.hit?.digest).toBe(D2);
    expect(newest.moved).toMatchObject({ used: 'newest' });

    const gone = await judge(fakeRegistry({ [KEY]: image(D2, NOW) }));
    expect(gone.hit?.digest).toBe(D2);
    expect(gone.moved?.used).toBe('newest');
    expect(gone.moved?.message).toMatch(/pinned digest 111111111111 is gone/);

    // The pinned image is judged by its own age: an old pin is too old even if the tag is fresh.
    const oldPin = fakeRegistry({ [KEY]: image(D2, NOW), [D1]: image(D1, NOW - 48 * HOUR) });
    expect((await judge(oldPin)).outcome.status).toBe('HIT_TOO_OLD');

    // Same digest as pinned: nothing moved.
    const same = await judge(fakeRegistry({ [KEY]: image(D1, NOW) }));
    expect(same.moved).toBeNull();
    // A pin of another artifact does not count for this one.
    expect((await judge(both, { artifact: 'other' })).moved).toBeNull();
  });

  it('a deleted tag whose pinned digest is still there is a HIT on the pin', async () => {
    store.pins.put({
      artifact: 'app',
      location: LOC,
      key: KEY,
      level: 'global',
      digest: D1,
      usedAt: 1,
    });
    const v = await judge(fakeRegistry({ [D1]: image(D1, NOW) }), { level: 'global' });
    expect(v.outcome.status).toBe('HIT');
    expect(v.outcome.reason).toMatch(/^tag deleted from the registry; using the digest pinned/);
    expect(v.hit).toMatchObject({ level: 'global', digest: D1 });
    expect(
      (await judge(fakeRegistry({ [D1]: image(D1, NOW) }), { level: 'global', onMoved: 'newest' }))
        .outcome.status,
    ).toBe('MISS');
  });
});
