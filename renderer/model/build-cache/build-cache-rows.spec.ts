import { describe, expect, it } from 'vitest';
import type { BuildCacheRecord } from '../../../shared/build-cache.js';
import {
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
});
