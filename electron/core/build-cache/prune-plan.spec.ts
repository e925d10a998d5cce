import { describe, expect, it } from 'vitest';
import type { BuildCacheRecord } from '../../../shared/build-cache.js';
import { idFilter, planBuildCachePrune, pruneBatches } from './prune-plan.js';
import { pruneExactly } from './prune-run.js';

const NOW = Date.UTC(2026, 0, 10);
const HOUR = 3_600_000;

function rec(id: string, over: Partial<BuildCacheRecord> = {}): BuildCacheRecord {
  const inUse = over.inUse ?? false;
  const shared = over.shared ?? false;
  return {
    id,
    parents: [],
    type: 'regular',
    description: `mount / from exec /bin/sh -c ${id}`,
    inUse,
    shared,
    size: 100,
    reclaimable: !inUse && !shared,
    createdAt: NOW - 10 * HOUR,
    lastUsedAt: NOW - 10 * HOUR,
    usageCount: 1,
    attribution: null,
    ...over,
  };
}

const ids = (p: { records: { id: string }[] }) => p.records.map((r) => r.id).sort();

describe('planBuildCachePrune', () => {
  it('takes every reclaimable record and names why in use and shared ones stay', () => {
    const plan = planBuildCachePrune(
      [rec('a'), rec('b', { inUse: true }), rec('c', { shared: true }), rec('d', { size: 50 })],
      {},
      NOW,
    );
    expect(ids(plan)).toEqual(['a', 'd']);
    expect(plan.reclaimBytes).toBe(150);
    expect(plan.skipped.map((s) => [s.id, s.reason])).toEqual([
      ['b', 'in use by a running build'],
      ['c', 'shared with an image: deleting it frees nothing'],
    ]);
  });

  it('keeps internal and frontend records unless --all or --type names them', () => {
    const all = [rec('r'), rec('i', { type: 'internal' }), rec('f', { type: 'frontend' })];
    expect(ids(planBuildCachePrune(all, {}, NOW))).toEqual(['r']);
    expect(ids(planBuildCachePrune(all, { all: true }, NOW))).toEqual(['f', 'i', 'r']);
    expect(ids(planBuildCachePrune(all, { types: ['internal'] }, NOW))).toEqual(['i']);
  });

  it('keeps a parent whose child stays, and the chain above it', () => {
    const plan = planBuildCachePrune(
      [
        rec('root'),
        rec('mid', { parents: ['root'] }),
        rec('leaf', { parents: ['mid'], inUse: true }),
        rec('alone'),
      ],
      {},
      NOW,
    );
    expect(ids(plan)).toEqual(['alone']);
    expect(plan.skipped.map((s) => s.id).sort()).toEqual(['leaf', 'mid', 'root']);
  });

  it('filters by last use (LastUsedAt, else CreatedAt), type and artifact', () => {
    const records = [
      rec('old'),
      rec('recent', { lastUsedAt: NOW - HOUR }),
      rec('neverUsedOld', { lastUsedAt: null, createdAt: NOW - 30 * HOUR }),
      rec('mount', { type: 'exec.cachemount' }),
      rec('api', { attribution: { artifact: 'api', step: 'RUN npm ci', buildRecordId: 1 } }),
    ];
    expect(ids(planBuildCachePrune(records, { unusedFor: '2h' }, NOW))).toEqual([
      'api',
      'mount',
      'neverUsedOld',
      'old',
    ]);
    expect(ids(planBuildCachePrune(records, { types: ['exec.cachemount'] }, NOW))).toEqual([
      'mount',
    ]);
    expect(ids(planBuildCachePrune(records, { artifact: 'api' }, NOW))).toEqual(['api']);
  });

  it('keep-storage deletes the least recently used first until the cache fits', () => {
    const records = [
      rec('newest', { lastUsedAt: NOW - HOUR }),
      rec('oldest', { lastUsedAt: NOW - 5 * HOUR }),
      rec('middle', { lastUsedAt: NOW - 3 * HOUR }),
      rec('busy', { inUse: true, lastUsedAt: NOW - 9 * HOUR }),
    ];
    // 400 bytes in all; 250 allowed: the two least recently used reclaimable records go.
    const plan = planBuildCachePrune(records, { keepStorage: 250 }, NOW);
    expect(ids(plan)).toEqual(['middle', 'oldest']);
    expect(plan.skipped.find((s) => s.id === 'newest')?.reason).toMatch(/within 250 bytes/);
    expect(ids(planBuildCachePrune(records, { keepStorage: 400 }, NOW))).toEqual([]);
  });

  it('keep-storage takes a parent only after its children', () => {
    const records = [
      rec('parent', { lastUsedAt: NOW - 9 * HOUR }),
      rec('child', { parents: ['parent'], lastUsedAt: NOW - HOUR }),
      rec('other', { lastUsedAt: NOW - 5 * HOUR }),
    ];
    // Over by 150: the parent is least recently used but held; `other` goes, then the child
    // (the next least recently used that can go) brings the cache within the size.
    expect(ids(planBuildCachePrune(records, { keepStorage: 150 }, NOW))).toEqual([
      'child',
      'other',
    ]);
  });
});

describe('idFilter', () => {
  it('anchors the alternatives and escapes what a regex would read', () => {
    expect(idFilter(['abc', 'd.f'])).toBe('^(abc|d\\.f)$');
    const re = new RegExp(idFilter(['abc', 'def']));
    expect(re.test('abc')).toBe(true);
    expect(re.test('abcd')).toBe(false);
    expect(re.test('xdef')).toBe(false);
  });
});

describe('pruneBatches', () => {
  it('puts children before their parents, in batches of the given size', () => {
    const records = [
      { id: 'root', parents: [] },
      { id: 'a1', parents: ['root'] },
      { id: 'a2', parents: ['a1'] },
      { id: 'b1', parents: ['root'] },
      { id: 'lone', parents: [] },
    ];
    const batches = pruneBatches(['root', 'a1', 'a2', 'b1', 'lone'], records, 2);
    expect(batches).toEqual([['a2', 'a1'], ['b1', 'lone'], ['root']]);
    const order = batches.flat();
    for (const r of records) {
      for (const p of r.parents) expect(order.indexOf(r.id)).toBeLessThan(order.indexOf(p));
    }
  });

  it('takes ids the listing does not know as roots, and gives no batch for no ids', () => {
    expect(pruneBatches(['x', 'y'], [], 5)).toEqual([['x', 'y']]);
    expect(pruneBatches([], [], 5)).toEqual([]);
  });
});

describe('pruneExactly', () => {
  const preview = (records: BuildCacheRecord[]) => ({
    records,
    reclaimBytes: records.reduce((n, r) => n + r.size, 0),
  });

  it('skips what changed since the preview and a parent whose child stays, and reports the rest', async () => {
    const fresh = [
      rec('a'),
      rec('b', { inUse: true }),
      rec('c', { shared: true }),
      rec('p1'),
      rec('kid', { parents: ['p1'] }),
    ];
    const asked: string[][] = [];
    const { report, deleted } = await pruneExactly(
      preview([rec('a'), rec('b'), rec('c'), rec('gone'), rec('p1')]),
      fresh,
      async (batch) => {
        asked.push(batch);
        return { CachesDeleted: batch, SpaceReclaimed: 100 * batch.length };
      },
    );
    expect(asked).toEqual([['a']]);
    expect([...deleted]).toEqual(['a']);
    expect(report.deleted).toEqual(['a']);
    expect(report.reclaimedBytes).toBe(100);
    expect(report.skipped).toEqual([
      { id: 'b', reason: 'in use by a build since the preview' },
      { id: 'c', reason: 'shared with an image since the preview' },
      { id: 'gone', reason: 'already gone' },
      { id: 'p1', reason: 'its child kid stays' },
    ]);
  });

  it('a failed request fails its batch; what the daemon kept or deleted unasked is said', async () => {
    const failing = await pruneExactly(preview([rec('a')]), [rec('a')], async () => {
      throw new Error('server error');
    });
    expect(failing.report.failed).toEqual([{ id: 'a', error: 'server error' }]);
    const odd = await pruneExactly(preview([rec('a')]), [rec('a'), rec('z')], async () => ({
      CachesDeleted: ['z'],
      SpaceReclaimed: 1,
    }));
    expect(odd.report.skipped).toEqual([
      { id: 'a', reason: 'the daemon kept it (in use when it pruned)' },
    ]);
    expect(odd.report.failed).toEqual([
      { id: 'z', error: 'the daemon deleted it though the preview kept it' },
    ]);
  });
});
