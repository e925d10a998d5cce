import { describe, expect, it } from 'vitest';
import { HangarError } from '../../../shared/errors.js';
import type { IndexSnapshot } from '../../../shared/model.js';
import {
  deferred,
  FakeTransport,
  flush,
  makeImage,
  makeSnapshot,
} from '../../testing/fake-transport.js';
import { createAppStore } from '../index.js';
import { selectDanglingRows, selectImageRows } from './image-index.js';

const a = makeImage('a', { created: 3 });
const b = makeImage('b', { created: 2 });
const c = makeImage('c', { created: 1 });

function setup(snapshots: (() => Promise<IndexSnapshot>)[]) {
  const transport = new FakeTransport();
  let i = 0;
  transport.handle('images:snapshot', () => {
    const next = snapshots[Math.min(i++, snapshots.length - 1)];
    if (!next) throw new Error('no snapshot scripted');
    return next();
  });
  const store = createAppStore(transport);
  return { transport, store };
}

const ids = (rows: { id: string }[]): string[] => rows.map((r) => r.id);

describe('index slice: first load', () => {
  it('subscribes to the index events before it asks for the snapshot', async () => {
    const { transport, store } = setup([async () => makeSnapshot(1, [a])]);
    let subscribedBeforeAsk = false;
    transport.handle('images:snapshot', async () => {
      subscribedBeforeAsk =
        transport.listenerCount('index:delta') === 1 &&
        transport.listenerCount('index:status') === 1;
      return makeSnapshot(1, [a]);
    });
    void store.getState().start('index');
    expect(store.getState().indexPhase).toBe('loading');
    await flush();
    expect(subscribedBeforeAsk).toBe(true);
    expect(store.getState()).toMatchObject({ indexPhase: 'ready', indexVersion: 1 });
    expect(ids(selectImageRows(store.getState()))).toEqual([a.id]);
  });

  it('applies the deltas that arrived while the snapshot was on its way, skipping old ones', async () => {
    const pending = deferred<IndexSnapshot>();
    const { transport, store } = setup([() => pending.promise]);
    void store.getState().start('index');
    // The snapshot will be taken at version 5: delta 5 is already in it, 6 and 7 are not.
    transport.emit('index:delta', { version: 7, upserts: [], removals: [a.id] });
    transport.emit('index:delta', { version: 5, upserts: [c], removals: [] });
    transport.emit('index:delta', { version: 6, upserts: [b], removals: [] });
    pending.resolve(makeSnapshot(5, [a]));
    await flush();
    const state = store.getState();
    expect(state.indexVersion).toBe(7);
    expect([...state.indexImages.keys()]).toEqual([b.id]);
    expect(transport.callsTo('images:snapshot')).toBe(1);
  });

  it('fetches again when the buffered deltas have a gap after the snapshot', async () => {
    const first = deferred<IndexSnapshot>();
    const { transport, store } = setup([() => first.promise, async () => makeSnapshot(9, [c])]);
    void store.getState().start('index');
    transport.emit('index:delta', { version: 8, upserts: [b], removals: [] }); // 7 never came
    first.resolve(makeSnapshot(6, [a]));
    await flush();
    expect(transport.callsTo('images:snapshot')).toBe(2);
    expect(store.getState().indexVersion).toBe(9);
    expect([...store.getState().indexImages.keys()]).toEqual([c.id]);
    expect(store.getState().indexSnapshotCount).toBe(2);
  });

  it('shows an error when the snapshot fails, and recovers on the next index event', async () => {
    const { transport, store } = setup([
      async () => {
        throw new HangarError('ENGINE_UNREACHABLE', 'Lost contact with the host.');
      },
      async () => makeSnapshot(3, [a, b]),
    ]);
    void store.getState().start('index');
    await flush();
    expect(store.getState()).toMatchObject({
      indexPhase: 'error',
      indexError: 'Lost contact with the host.',
      indexSyncing: false,
    });
    transport.emit('index:status', { version: 3, staleSince: null, loadedAt: 1, loading: false });
    await flush();
    expect(store.getState()).toMatchObject({
      indexPhase: 'ready',
      indexError: null,
      indexVersion: 3,
    });
  });
});

describe('index slice: live deltas', () => {
  async function ready() {
    const ctx = setup([async () => makeSnapshot(10, [a, b]), async () => makeSnapshot(20, [c])]);
    void ctx.store.getState().start('index');
    const stop = () => ctx.store.getState().stop('index');
    await flush();
    return { ...ctx, stop };
  }

  it('applies the next delta and touches only the rows of changed images', async () => {
    const { transport, store } = await ready();
    const before = selectImageRows(store.getState());
    const b2 = { ...b, repoTags: ['b:latest', 'b:v2'] };
    transport.emit('index:delta', { version: 11, upserts: [b2], removals: [] });
    const after = selectImageRows(store.getState());
    expect(store.getState().indexVersion).toBe(11);
    expect(after).toHaveLength(2);
    expect(after[1]?.tags.map((t) => t.ref)).toEqual(['b:latest', 'b:v2']);
    expect(after[0]).toBe(before[0]); // a's row is the same object
    expect(after[1]).not.toBe(before[1]);
    expect(selectImageRows(store.getState())).toBe(after); // stable between changes
  });

  it('ignores a delta it already has', async () => {
    const { transport, store } = await ready();
    const images = store.getState().indexImages;
    transport.emit('index:delta', { version: 10, upserts: [c], removals: [] });
    expect(store.getState().indexImages).toBe(images);
    expect(transport.callsTo('images:snapshot')).toBe(1);
  });

  it('refetches the snapshot on a version gap, buffering what arrives meanwhile', async () => {
    const { transport, store } = await ready();
    transport.emit('index:delta', { version: 13, upserts: [c], removals: [] });
    transport.emit('index:delta', { version: 21, upserts: [a], removals: [] });
    expect(store.getState().indexSyncing).toBe(true);
    expect(store.getState().indexPhase).toBe('ready'); // keeps showing the old rows
    await flush();
    expect(transport.callsTo('images:snapshot')).toBe(2);
    expect(store.getState().indexVersion).toBe(21);
    expect(new Set(store.getState().indexImages.keys())).toEqual(new Set([a.id, c.id]));
    expect(store.getState().indexSyncing).toBe(false);
  });

  it('refetches when a status says the core is ahead (a delta was lost)', async () => {
    const { transport, store } = await ready();
    transport.emit('index:status', { version: 10, staleSince: null, loadedAt: 5, loading: false });
    await flush();
    expect(transport.callsTo('images:snapshot')).toBe(1);
    transport.emit('index:status', { version: 12, staleSince: null, loadedAt: 5, loading: false });
    await flush();
    expect(transport.callsTo('images:snapshot')).toBe(2);
    expect(store.getState().indexVersion).toBe(20);
  });

  it('starts over from a snapshot when the core restarted (its version went back)', async () => {
    const { transport, store } = setup([
      async () => makeSnapshot(10, [a, b]),
      async () => makeSnapshot(2, [c]),
    ]);
    void store.getState().start('index');
    await flush();
    transport.emit('index:status', { version: 2, staleSince: null, loadedAt: 5, loading: false });
    await flush();
    expect(store.getState().indexVersion).toBe(2);
    expect([...store.getState().indexImages.keys()]).toEqual([c.id]);
    transport.emit('index:delta', { version: 3, upserts: [a], removals: [] });
    expect(store.getState().indexImages.has(a.id)).toBe(true);
  });

  it('keeps the rows it has when a resync fails', async () => {
    const { transport, store } = setup([
      async () => makeSnapshot(1, [a]),
      async () => {
        throw new HangarError('INTERNAL', 'Boom.');
      },
    ]);
    void store.getState().start('index');
    await flush();
    transport.emit('index:delta', { version: 5, upserts: [b], removals: [] });
    await flush();
    expect(store.getState()).toMatchObject({
      indexPhase: 'ready',
      indexVersion: 1,
      indexError: 'Boom.',
    });
    expect([...store.getState().indexImages.keys()]).toEqual([a.id]);
  });

  it('takes staleSince and loading from index:status', async () => {
    const { transport, store } = await ready();
    transport.emit('index:status', { version: 10, staleSince: 1234, loadedAt: 99, loading: true });
    expect(store.getState()).toMatchObject({
      indexStaleSince: 1234,
      indexLoadedAt: 99,
      indexLoading: true,
    });
  });

  it('stops listening when unsubscribed', async () => {
    const { transport, stop } = await ready();
    stop();
    expect(transport.listenerCount('index:delta')).toBe(0);
    expect(transport.listenerCount('index:status')).toBe(0);
  });
});

describe('selectors', () => {
  it('list newest first, hide intermediate layers and pick out dangling images', async () => {
    const dangling = makeImage('d', { repoTags: [], dangling: true, created: 5 });
    const layer = makeImage('l', { repoTags: [], intermediate: true, created: 6 });
    const { store } = setup([async () => makeSnapshot(1, [c, a, dangling, layer, b])]);
    void store.getState().start('index');
    await flush();
    expect(ids(selectImageRows(store.getState()))).toEqual([dangling.id, a.id, b.id, c.id]);
    expect(ids(selectDanglingRows(store.getState()))).toEqual([dangling.id]);
  });
});
