import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DiskUsageReport, ImageLayers } from '../../../shared/channels/images.js';
import { HangarError } from '../../../shared/errors.js';
import type { IndexSnapshot } from '../../../shared/model.js';
import { COLUMN_PREFS_KEY, type PrefsStorage } from '../../model/images/column-prefs.js';
import {
  deferred,
  FakeTransport,
  flush,
  makeImage,
  makeSnapshot,
} from '../../testing/fake-transport.js';
import { createAppStore } from '../index.js';
import { DETAILS_CACHE_SIZE } from './details.js';
import { USAGE_SETTLE_MS } from './disk-usage.js';

const a = makeImage('a', { created: 3 });
const b = makeImage('b', { created: 2 });
const c = makeImage('c', { created: 1 });

function usage(version: number, extra: Partial<DiskUsageReport> = {}): DiskUsageReport {
  return {
    computedAt: 1,
    durationMs: 1,
    indexVersion: version,
    layersSize: 10,
    sharedSize: {},
    estimated: false,
    estimateReason: null,
    refreshableAt: null,
    ...extra,
  };
}

async function ready(snapshot: IndexSnapshot = makeSnapshot(10, [a, b, c])) {
  const transport = new FakeTransport();
  transport.handle('images:snapshot', async () => snapshot);
  const store = createAppStore(transport, { storage: null });
  void store.getState().start('index');
  await flush();
  return { transport, store };
}

describe('selection slice', () => {
  it('drops an image removed outside and keeps the other selected ones', async () => {
    const { transport, store } = await ready();
    store.getState().setSelection({ selected: new Set([a.id, b.id]), anchor: a.id, active: b.id });
    transport.emit('index:delta', { version: 11, upserts: [], removals: [a.id] });
    expect([...store.getState().selection.selected]).toEqual([b.id]);
    expect(store.getState().selection.active).toBe(b.id);
  });

  it('keeps the selection as it is through deltas that remove nothing selected', async () => {
    const { transport, store } = await ready();
    store.getState().setSelection({ selected: new Set([b.id]), anchor: null, active: null });
    const before = store.getState().selection;
    transport.emit('index:delta', {
      version: 11,
      upserts: [{ ...b, repoTags: ['b:2'] }],
      removals: [c.id],
    });
    expect(store.getState().selection).toBe(before);
  });

  it('clearSelection empties it but keeps the active row', async () => {
    const { store } = await ready();
    store.getState().setSelection({ selected: new Set([a.id]), anchor: a.id, active: a.id });
    store.getState().clearSelection();
    expect(store.getState().selection).toMatchObject({ anchor: null, active: a.id });
    expect(store.getState().selection.selected.size).toBe(0);
  });
});

describe('details slice', () => {
  const layers: ImageLayers = { imageId: a.id, layers: [], layerCount: 0, emptyExact: true };

  it('fetches an image’s layers once and caches them', async () => {
    const { transport, store } = await ready();
    transport.handle('images:layers', async () => layers);
    await store.getState().loadLayers(a.id);
    await store.getState().loadLayers(a.id);
    expect(transport.callsTo('images:layers')).toBe(1);
    expect(store.getState().detailsLayers.get(a.id)).toEqual({ status: 'ready', value: layers });
    await store.getState().loadLayers(a.id, true);
    expect(transport.callsTo('images:layers')).toBe(2);
  });

  it('shows loading, then the error, and tries again on the next ask', async () => {
    const { transport, store } = await ready();
    const answer = deferred<Record<string, unknown>>();
    transport.handle('images:inspect', () => answer.promise);
    const pending = store.getState().loadInspect(a.id);
    expect(store.getState().detailsInspects.get(a.id)).toEqual({ status: 'loading' });
    answer.reject(new HangarError('NOT_FOUND', 'No such image.'));
    await pending;
    expect(store.getState().detailsInspects.get(a.id)).toEqual({
      status: 'error',
      message: 'No such image.',
    });
    transport.handle('images:inspect', async () => ({ Id: a.id }));
    await store.getState().loadInspect(a.id);
    expect(store.getState().detailsInspects.get(a.id)).toEqual({
      status: 'ready',
      value: { Id: a.id },
    });
  });

  it('keeps only the most recent images', async () => {
    const { transport, store } = await ready();
    transport.handle('images:inspect', async (id) => ({ Id: id }));
    for (let i = 0; i <= DETAILS_CACHE_SIZE; i++) await store.getState().loadInspect(`img${i}`);
    expect(store.getState().detailsInspects.size).toBe(DETAILS_CACHE_SIZE);
    expect(store.getState().detailsInspects.has('img0')).toBe(false);
  });
});

describe('disk usage slice', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  async function following() {
    const transport = new FakeTransport();
    transport.handle('images:snapshot', async () => makeSnapshot(10, [a, b]));
    let version = 10;
    transport.handle('images:diskUsage', async () => usage(version));
    const store = createAppStore(transport, { storage: null });
    void store.getState().start('index');
    void store.getState().start('diskUsage');
    const stop = () => store.getState().stop('diskUsage');
    await vi.advanceTimersByTimeAsync(0);
    return { transport, store, stop, setVersion: (v: number) => (version = v) };
  }

  it('asks once the index is loaded', async () => {
    const { transport, store } = await following();
    expect(transport.callsTo('images:diskUsage')).toBe(1);
    expect(store.getState().diskUsage?.indexVersion).toBe(10);
  });

  it('asks again after the index settles, once for a burst of deltas', async () => {
    const { transport, setVersion } = await following();
    for (let v = 11; v <= 15; v++) {
      setVersion(v);
      transport.emit('index:delta', { version: v, upserts: [makeImage(`n${v}`)], removals: [] });
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(transport.callsTo('images:diskUsage')).toBe(1);
    await vi.advanceTimersByTimeAsync(USAGE_SETTLE_MS);
    expect(transport.callsTo('images:diskUsage')).toBe(2);
  });

  it('comes back when the core said fresh figures can be had', async () => {
    const { transport, store } = await following();
    transport.handle('images:diskUsage', async () =>
      usage(10, { estimated: true, estimateReason: 'changed', refreshableAt: Date.now() + 3000 }),
    );
    await store.getState().loadDiskUsage();
    transport.emit('index:delta', { version: 11, upserts: [], removals: [b.id] });
    await vi.advanceTimersByTimeAsync(USAGE_SETTLE_MS);
    const calls = transport.callsTo('images:diskUsage');
    transport.handle('images:diskUsage', async () => usage(11));
    await vi.advanceTimersByTimeAsync(3100);
    expect(transport.callsTo('images:diskUsage')).toBe(calls + 1);
    expect(store.getState().diskUsage?.estimated).toBe(false);
  });

  it('keeps the last figures and says why when a request fails', async () => {
    const { transport, store, stop } = await following();
    transport.handle('images:diskUsage', async () => {
      throw new HangarError('ENGINE_UNREACHABLE', 'Cannot reach the Docker engine.');
    });
    await store.getState().loadDiskUsage(true);
    expect(store.getState()).toMatchObject({
      diskUsageError: 'Cannot reach the Docker engine.',
      diskUsageLoading: false,
    });
    expect(store.getState().diskUsage).not.toBeNull();
    expect(transport.calls.at(-1)?.args).toEqual([{ refresh: true }]);
    stop();
  });
});

describe('images slice', () => {
  it('loads and saves the column choice through the storage', () => {
    const data: Record<string, string> = {
      [COLUMN_PREFS_KEY]: JSON.stringify({ order: ['size', 'repository'], hidden: ['status'] }),
    };
    const storage: PrefsStorage = {
      getItem: (k) => data[k] ?? null,
      setItem: (k, v) => {
        data[k] = v;
      },
    };
    const store = createAppStore(new FakeTransport(), { storage });
    expect(store.getState().imagesColumnPrefs.order.slice(0, 2)).toEqual(['size', 'repository']);
    expect(store.getState().imagesColumnPrefs.hidden).toContain('status');
    store.getState().setImagesColumnPrefs((p) => ({ ...p, hidden: [] }));
    expect(JSON.parse(data[COLUMN_PREFS_KEY] ?? '').hidden).toEqual([]);
  });

  it('changes some filters at a time and toggles groups', () => {
    const store = createAppStore(new FakeTransport(), { storage: null });
    store.getState().setImagesFilters({ text: 'web' });
    store.getState().setImagesFilters({ status: ['dangling'] });
    expect(store.getState().imagesFilters).toMatchObject({ text: 'web', status: ['dangling'] });
    store.getState().clearImagesFilters();
    expect(store.getState().imagesFilters.text).toBe('');
    store.getState().toggleImagesGroup('shop/api');
    expect(store.getState().imagesExpandedGroups.has('shop/api')).toBe(true);
    const before = store.getState().imagesExpandedGroups;
    store.getState().toggleImagesGroup('shop/api', true);
    expect(store.getState().imagesExpandedGroups).toBe(before);
    store.getState().toggleImagesGroup('shop/api');
    expect(store.getState().imagesExpandedGroups.size).toBe(0);
  });
});
