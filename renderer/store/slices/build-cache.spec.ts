import { describe, expect, it } from 'vitest';
import type { BuildCacheListing } from '../../../shared/build-cache.js';
import { HangarError } from '../../../shared/errors.js';
import { deferred, FakeTransport, flush } from '../../testing/fake-transport.js';
import { createAppStore } from '../index.js';

const listing = (count: number): BuildCacheListing => ({
  supported: true,
  records: [],
  totals: { count, bytes: 0, reclaimableBytes: 0, inUseBytes: 0, sharedBytes: 0 },
  byType: {},
  computedAt: count,
  source: '/system/df',
});

function setup() {
  const transport = new FakeTransport();
  const store = createAppStore(transport, { storage: null });
  return { transport, store };
}

describe('build cache slice', () => {
  it('reads the listing when started, and asks the daemon again on a refresh', async () => {
    const { transport, store } = setup();
    const asked: (boolean | undefined)[] = [];
    let n = 0;
    transport.handle('buildCache:list', async (o: { refresh?: boolean }) => {
      asked.push(o.refresh);
      return listing(++n);
    });
    await store.getState().start('buildCache');
    expect(store.getState().buildCache).toEqual(listing(1));
    await store.getState().loadBuildCache(true);
    expect(asked).toEqual([false, true]);
    expect(store.getState().buildCache).toEqual(listing(2));
    expect(store.getState().buildCacheLoading).toBe(false);
  });

  it('reads the listing again on buildCache:changed while the page is open, not after', async () => {
    const { transport, store } = setup();
    let n = 0;
    transport.handle('buildCache:list', async () => listing(++n));
    await store.getState().start('buildCache');
    expect(store.getState().buildCache).toEqual(listing(1));
    transport.emit('buildCache:changed', { computedAt: 5 });
    await flush();
    expect(store.getState().buildCache).toEqual(listing(2));
    store.getState().stop('buildCache');
    transport.emit('buildCache:changed', { computedAt: 6 });
    await flush();
    expect(n).toBe(2);
  });

  it('a refresh while a plain read is on its way waits for it, then asks again', async () => {
    const { transport, store } = setup();
    const first = deferred<BuildCacheListing>();
    const asked: (boolean | undefined)[] = [];
    transport.handle('buildCache:list', (o: { refresh?: boolean }) => {
      asked.push(o.refresh);
      return asked.length === 1 ? first.promise : Promise.resolve(listing(2));
    });
    const plain = store.getState().loadBuildCache();
    const refresh = store.getState().loadBuildCache(true);
    await flush();
    expect(asked).toEqual([false]);
    first.resolve(listing(1));
    await Promise.all([plain, refresh]);
    expect(asked).toEqual([false, true]);
    expect(store.getState().buildCache).toEqual(listing(2));
  });

  it('keeps the listing it had and the error in words when a read fails', async () => {
    const { transport, store } = setup();
    let fail = false;
    transport.handle('buildCache:list', async () => {
      if (fail) throw new HangarError('ENGINE_UNREACHABLE', 'The engine does not answer.');
      return listing(1);
    });
    await store.getState().loadBuildCache();
    fail = true;
    await store.getState().loadBuildCache(true);
    expect(store.getState().buildCache).toEqual(listing(1));
    expect(store.getState().buildCacheError).toMatch(/does not answer/);
  });

  it('prunes by the preview id, then reads the listing again from the daemon', async () => {
    const { transport, store } = setup();
    const asked: (boolean | undefined)[] = [];
    transport.handle('buildCache:list', async (o: { refresh?: boolean }) => {
      asked.push(o.refresh);
      return listing(asked.length);
    });
    const report = { deleted: ['a'], skipped: [], failed: [], reclaimedBytes: 5, previewBytes: 5 };
    let pruned: string | null = null;
    transport.handle('buildCache:prune', async (id: string) => {
      pruned = id;
      return report;
    });
    expect(await store.getState().pruneBuildCache('p1')).toEqual(report);
    expect(pruned).toBe('p1');
    expect(asked).toEqual([true]);
  });

  it('reads the growth and the policy with each listing, and sets the policy', async () => {
    const { transport, store } = setup();
    transport.handle('buildCache:list', async () => listing(1));
    let growthReads = 0;
    const growth = { engine: 'unix:///d.sock', points: [], prunes: [], builds: [] };
    transport.handle('buildCache:growth', async () => {
      growthReads++;
      return growth;
    });
    let policy = { keepUnderBytes: null as number | null, checkedWhen: 'w', daemonGc: 'gc' };
    transport.handle('buildCache:policy', async () => policy);
    transport.handle('buildCache:setPolicy', async (p: { keepUnderBytes: number | null }) => {
      policy = { ...policy, keepUnderBytes: p.keepUnderBytes };
      return policy;
    });
    await store.getState().start('buildCache');
    expect(store.getState().buildCacheGrowth).toEqual(growth);
    expect(store.getState().buildCachePolicy?.keepUnderBytes).toBeNull();
    await store.getState().loadBuildCache(true);
    expect(growthReads).toBe(2);
    let checks = 0;
    transport.handle('buildCache:checkPolicy', async () => {
      checks++;
      return { at: 1, outcome: 'within', totalBytes: 1, limitBytes: 5e9, entry: null };
    });
    const set = await store.getState().setBuildCachePolicy(5e9);
    expect(store.getState().buildCachePolicy?.keepUnderBytes).toBe(5e9);
    expect(set.check?.outcome).toBe('within');
    expect(growthReads).toBe(3);
    // Off: nothing to check.
    expect((await store.getState().setBuildCachePolicy(null)).check).toBeNull();
    expect(checks).toBe(1);
  });
});
