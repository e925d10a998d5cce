import { describe, expect, it } from 'vitest';
import { cacheSize, planPolicy, type PolicyEntry } from './policy.js';

const H = 3_600_000;
const NOW = 1_000 * H;

function e(key: string, over: Partial<PolicyEntry> = {}): PolicyEntry {
  return {
    key,
    artifact: 'app',
    imageId: `sha256:${key}`,
    size: 100,
    createdAt: NOW - H,
    storedAt: NOW - 10 * H,
    lastHitAt: null,
    pinned: false,
    present: true,
    ttlHours: null,
    inUseBy: [],
    foreignTags: [],
    ...over,
  };
}

const plan = (entries: PolicyEntry[], maxSizeBytes: number | null, removeImages = true) =>
  planPolicy(entries, { maxSizeBytes, removeImages, now: NOW });

describe('planPolicy', () => {
  it('evicts least recently hit unpinned entries until under the size, sparing pinned ones', () => {
    const entries = [
      e('hit-recently', { lastHitAt: NOW - H }),
      e('never-hit-old', { storedAt: NOW - 50 * H }),
      e('hit-long-ago', { lastHitAt: NOW - 40 * H }),
      e('pinned-oldest', { storedAt: NOW - 99 * H, pinned: true }),
    ];
    const p = plan(entries, 200);
    expect(p.actions.map((a) => [a.key, a.reason])).toEqual([
      ['never-hit-old', 'lru'],
      ['hit-long-ago', 'lru'],
    ]);
    expect(p.sizeBefore).toBe(400);
    expect(p.sizeAfter).toBe(200);
    expect(p.reclaimedBytes).toBe(200);
    expect(p.skipped).toEqual([]);
  });

  it('drops entries whose image is gone and expires old ones, before counting size', () => {
    const p = plan(
      [
        e('gone', { present: false }),
        e('expired', { ttlHours: 24, createdAt: NOW - 25 * H }),
        e('fresh', { ttlHours: 24, createdAt: NOW - 23 * H }),
        e('pinned-gone', { present: false, pinned: true }),
      ],
      null,
    );
    expect(p.actions.map((a) => [a.key, a.reason, a.image])).toEqual([
      ['gone', 'image-missing', 'none'],
      ['expired', 'expired', 'remove'],
    ]);
    expect(p.skipped).toEqual([
      { key: 'pinned-gone', artifact: 'app', reason: 'pinned (image gone)' },
    ]);
  });

  it('never removes an image a container uses, another entry shares, or someone else tagged', () => {
    const p = plan(
      [
        e('used', { inUseBy: ['web-1'], storedAt: 1 }),
        e('shared-a', { imageId: 'sha256:same', storedAt: 2 }),
        e('shared-b', { imageId: 'sha256:same', storedAt: NOW, lastHitAt: NOW }),
        e('tagged', { foreignTags: ['app:latest'], storedAt: 3 }),
        e('free', { storedAt: 4 }),
      ],
      100,
    );
    expect(p.actions.map((a) => [a.key, a.image, a.note])).toEqual([
      ['used', 'keep', 'used by web-1'],
      ['shared-a', 'keep', 'shared with entry shared-b'],
      ['tagged', 'keep', 'also tagged app:latest'],
      ['free', 'remove', null],
    ]);
    expect(p.reclaimedBytes).toBe(100);
  });

  it('counts an image shared by two keys once', () => {
    expect(cacheSize([e('a', { imageId: 'x' }), e('b', { imageId: 'x' }), e('c')])).toBe(200);
    expect(cacheSize([e('gone', { present: false })])).toBe(0);
  });

  it('keeps images when not asked to remove them, and says when pinned entries keep it over size', () => {
    const p = plan([e('a', { storedAt: 1 }), e('p', { pinned: true, size: 500 })], 100, false);
    expect(p.actions.map((a) => [a.key, a.image])).toEqual([['a', 'keep']]);
    expect(p.reclaimedBytes).toBe(0);
    expect(p.skipped).toEqual([
      { key: 'p', artifact: 'app', reason: 'pinned (over the size limit)' },
    ]);
  });

  it('does nothing when everything fits', () => {
    expect(plan([e('a'), e('b')], 1_000).actions).toEqual([]);
  });
});
