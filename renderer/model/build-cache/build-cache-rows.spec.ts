import { describe, expect, it } from 'vitest';
import type { BuildCacheRecord } from '../../../shared/build-cache.js';
import {
  buildCacheSortValue,
  childrenOf,
  filterRows,
  growthMarks,
  parentChain,
  policyBytesOf,
  rowArtifacts,
  buildCacheConfirmWords,
  buildCachePruneOptionsOf,
  EMPTY_BUILD_CACHE_PRUNE_FORM,
  toBuildCacheRows,
  typeTotals,
} from './build-cache-rows.js';

const record = (id: string, over: Partial<BuildCacheRecord> = {}): BuildCacheRecord => ({
  id,
  parents: [],
  type: 'regular',
  description: `mount / from exec /bin/sh -c echo ${id}`,
  inUse: false,
  shared: false,
  size: 10,
  reclaimable: true,
  createdAt: 1,
  lastUsedAt: 2,
  usageCount: 1,
  attribution: null,
  ...over,
});

describe('build cache rows', () => {
  it('orders largest first and says who made each record, or unknown', () => {
    const rows = toBuildCacheRows([
      record('a', { size: 5 }),
      record('b', {
        size: 50,
        attribution: { artifact: 'api', step: 'RUN npm ci', buildRecordId: 3 },
      }),
    ]);
    expect(rows.map((r) => r.id)).toEqual(['b', 'a']);
    expect(rows.map((r) => r.madeBy)).toEqual(['RUN npm ci of api', 'unknown']);
  });

  it('names in use before shared before reclaimable', () => {
    const rows = toBuildCacheRows([
      record('a', { inUse: true, shared: true, reclaimable: false }),
      record('b', { shared: true, reclaimable: false }),
      record('c'),
    ]);
    expect(rows.map((r) => r.state)).toEqual(['in use', 'shared', 'reclaimable']);
  });

  it('lists the types largest first', () => {
    const t = (bytes: number) => ({
      count: 1,
      bytes,
      reclaimableBytes: 0,
      inUseBytes: 0,
      sharedBytes: 0,
    });
    expect(typeTotals({ regular: t(5), 'exec.cachemount': t(9) }).map((x) => x.type)).toEqual([
      'exec.cachemount',
      'regular',
    ]);
  });
});

describe('build cache prune form', () => {
  it('gives no filter for an empty form', () => {
    expect(buildCachePruneOptionsOf(EMPTY_BUILD_CACHE_PRUNE_FORM, 0)).toEqual({
      ok: true,
      options: {},
    });
  });

  it('passes the artifact and --all', () => {
    expect(
      buildCachePruneOptionsOf({ ...EMPTY_BUILD_CACHE_PRUNE_FORM, artifact: 'api', all: true }, 0),
    ).toEqual({ ok: true, options: { artifact: 'api', all: true } });
  });

  it('passes the duration, the type and the size', () => {
    expect(
      buildCachePruneOptionsOf({ unusedFor: ' 48h ', type: 'exec.cachemount', keepStorage: 5 }, 0),
    ).toEqual({
      ok: true,
      options: { unusedFor: '48h', types: ['exec.cachemount'], keepStorage: 5 },
    });
  });

  it('refuses a duration it cannot read, in words', () => {
    const checked = buildCachePruneOptionsOf(
      { ...EMPTY_BUILD_CACHE_PRUNE_FORM, unusedFor: 'soon' },
      0,
    );
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors.unusedFor).toMatch(/“soon” is not a time/);
  });

  it('names the count and size on the confirm button', () => {
    expect(buildCacheConfirmWords(0, '0 B')).toBe('Nothing to delete');
    expect(buildCacheConfirmWords(1, '2 kB')).toBe('Delete 1 build cache record, 2 kB');
    expect(buildCacheConfirmWords(3, '2 kB')).toBe('Delete 3 build cache records, 2 kB');
  });

  const api = { artifact: 'api', step: 'RUN make', buildRecordId: 1 };
  const web = { artifact: 'web', step: 'RUN make', buildRecordId: 2 };

  it('filters by type and artifact, and lists the attributed artifacts', () => {
    const rows = toBuildCacheRows([
      record('a', { attribution: api }),
      record('b', { type: 'exec.cachemount', attribution: api }),
      record('c', { attribution: web }),
      record('d'),
    ]);
    expect(rowArtifacts(rows)).toEqual(['api', 'web']);
    const ids = (f: { type: string | null; artifact: string | null }) =>
      filterRows(rows, f).map((r) => r.id);
    expect(ids({ type: null, artifact: null })).toEqual(['a', 'b', 'c', 'd']);
    expect(ids({ type: 'regular', artifact: null })).toEqual(['a', 'c', 'd']);
    expect(ids({ type: null, artifact: 'api' })).toEqual(['a', 'b']);
    expect(ids({ type: 'exec.cachemount', artifact: 'web' })).toEqual([]);
  });

  it('sorts on every column, unknown makers and times last', () => {
    const rows = toBuildCacheRows([
      record('a', { size: 5, lastUsedAt: null, usageCount: 3, attribution: web }),
      record('b', { size: 9, lastUsedAt: 50, usageCount: 1 }),
      record('c', { size: 1, lastUsedAt: 70, usageCount: 2, inUse: true, attribution: api }),
    ]);
    // As the grid's sortRows reads them: numbers by value, texts in order, null last, ties stable.
    const by = (id: string, desc: boolean) =>
      rows
        .map((row, i) => ({ row, i, v: buildCacheSortValue(row, id) }))
        .sort((a, b) => {
          if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
          const o = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
          return (desc ? -o : o) || a.i - b.i;
        })
        .map((e) => e.row.id);
    expect(by('size', false)).toEqual(['c', 'a', 'b']);
    expect(by('lastUsed', true)).toEqual(['c', 'b', 'a']);
    expect(by('usage', true)).toEqual(['a', 'c', 'b']);
    expect(by('madeBy', false)).toEqual(['c', 'a', 'b']);
    expect(by('state', false)).toEqual(['c', 'b', 'a']);
    for (const id of ['type', 'description', 'created']) {
      expect(buildCacheSortValue(rows[0]!, id)).not.toBeNull();
    }
  });

  it('walks the parent chain to the root, and names the children', () => {
    const records = [
      record('root'),
      record('mid', { parents: ['root'] }),
      record('leaf', { parents: ['mid'] }),
      record('orphan', { parents: ['gone'] }),
    ];
    const byId = new Map(records.map((r) => [r.id, r]));
    expect(parentChain(records[2]!, byId).map((c) => c.id)).toEqual(['mid', 'root']);
    expect(parentChain(records[0]!, byId)).toEqual([]);
    expect(parentChain(records[3]!, byId)).toEqual([{ id: 'gone', record: null }]);
    expect(childrenOf('root', records).map((r) => r.id)).toEqual(['mid']);
  });

  it('marks builds and prunes within the recorded span, oldest first', () => {
    const entry = (id: number, at: number, origin: 'prune' | 'policy') => ({
      id,
      at,
      engine: 'e',
      origin,
      limitBytes: origin === 'policy' ? 1000 : null,
      beforeBytes: 5000,
      deleted: [{ id: 'x', type: 'regular', description: 'd', size: 10, lastUsedAt: null }],
      skipped: [],
      failed: [],
      reclaimedBytes: 10,
    });
    const marks = growthMarks(
      {
        engine: 'e',
        points: [{ at: 100, count: 1, bytes: 10, reclaimableBytes: 10 }],
        prunes: [entry(2, 300, 'policy'), entry(1, 50, 'prune')],
        builds: [{ id: 7, at: 200, artifact: 'api' }],
      },
      (n) => `${n} B`,
    );
    expect(marks.map((m) => [m.at, m.kind])).toEqual([
      [200, 'build'],
      [300, 'policy'],
    ]);
    expect(marks[1]?.words).toBe('Keep-under policy (1000 B): 1 record, 10 B freed');
  });

  it('reads the policy limit: empty is off, 0 is refused', () => {
    const parse = (t: string) =>
      t === '' ? { ok: true as const, bytes: null } : { ok: true as const, bytes: Number(t) };
    expect(policyBytesOf('', parse)).toEqual({ ok: true, bytes: null });
    expect(policyBytesOf('5', parse)).toEqual({ ok: true, bytes: 5 });
    expect(policyBytesOf('0', parse).ok).toBe(false);
  });
});
