import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CacheListing } from '../../../shared/artifacts.js';
import { HangarError } from '../../../shared/errors.js';
import { makeEntry, makeListing } from '../../testing/artifact-entries.js';
import { deferred, FakeTransport, flush, makeTask } from '../../testing/fake-transport.js';
import { createAppStore } from '../index.js';
import { ARTIFACTS_INDEX_SETTLE_MS } from './artifacts.js';

function setup() {
  const transport = new FakeTransport();
  const store = createAppStore(transport, { storage: null });
  return { transport, store };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('artifacts slice', () => {
  it('loads the listing when followed, and again on artifacts:changed', async () => {
    const { transport, store } = setup();
    let listing: CacheListing = makeListing([]);
    transport.handle('artifacts:list', async () => listing);
    expect(store.getState().artifactsPhase).toBe('idle');
    void store.getState().start('artifacts');
    const stop = () => store.getState().stop('artifacts');
    expect(store.getState().artifactsPhase).toBe('loading');
    await flush();
    expect(store.getState().artifactsPhase).toBe('ready');
    expect(store.getState().artifacts?.entries).toEqual([]);

    listing = makeListing([makeEntry('a')]);
    transport.emit('artifacts:changed', { reason: 'build', keys: ['a'] });
    await flush();
    expect(store.getState().artifacts?.entries).toHaveLength(1);

    stop();
    expect(transport.listenerCount('artifacts:changed')).toBe(0);
  });

  it('reads again a moment after the image index changed', async () => {
    vi.useFakeTimers();
    const { transport, store } = setup();
    transport.handle('artifacts:list', async () => makeListing([]));
    void store.getState().start('artifacts');
    const stop = () => store.getState().stop('artifacts');
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.callsTo('artifacts:list')).toBe(1);
    store.setState({ indexVersion: store.getState().indexVersion + 1 });
    store.setState({ indexVersion: store.getState().indexVersion + 1 });
    await vi.advanceTimersByTimeAsync(ARTIFACTS_INDEX_SETTLE_MS - 1);
    expect(transport.callsTo('artifacts:list')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(transport.callsTo('artifacts:list')).toBe(2);
    stop();
    store.setState({ indexVersion: store.getState().indexVersion + 1 });
    await vi.advanceTimersByTimeAsync(ARTIFACTS_INDEX_SETTLE_MS * 2);
    expect(transport.callsTo('artifacts:list')).toBe(2);
  });

  it('folds reads asked while one is on its way into one more read', async () => {
    const { transport, store } = setup();
    const first = deferred<CacheListing>();
    const answers = [first.promise, Promise.resolve(makeListing([makeEntry('late')]))];
    transport.handle('artifacts:list', () => answers.shift() ?? Promise.reject(new Error('extra')));
    const a = store.getState().loadArtifacts();
    void store.getState().loadArtifacts();
    void store.getState().loadArtifacts();
    first.resolve(makeListing([]));
    await a;
    expect(transport.callsTo('artifacts:list')).toBe(2);
    expect(store.getState().artifacts?.entries.map((e) => e.key[0])).toEqual(['l']);
  });

  it('shows an error when the cache cannot be read, and keeps a listing it had', async () => {
    const { transport, store } = setup();
    let fail = true;
    transport.handle('artifacts:list', async () => {
      if (fail) throw new HangarError('INTERNAL', 'The Hangar store /x/hangar.db is corrupt.');
      return makeListing([makeEntry('a')]);
    });
    await store.getState().loadArtifacts();
    expect(store.getState().artifactsPhase).toBe('error');
    expect(store.getState().artifactsError).toBe('The Hangar store /x/hangar.db is corrupt.');
    fail = false;
    await store.getState().loadArtifacts();
    expect(store.getState().artifactsPhase).toBe('ready');
    expect(store.getState().artifactsError).toBeNull();
    fail = true;
    await store.getState().loadArtifacts();
    expect(store.getState().artifactsPhase).toBe('ready');
    expect(store.getState().artifacts?.entries).toHaveLength(1);
    expect(store.getState().artifactsError).toMatch(/corrupt/);
  });

  it('marks a row busy while its action runs, then reads the listing again', async () => {
    const { transport, store } = setup();
    const answer = deferred<ReturnType<typeof makeEntry>>();
    transport.handle('artifacts:pin', () => answer.promise);
    transport.handle('artifacts:list', async () => makeListing([]));
    const pinning = store.getState().pinEntry('abc1', true);
    expect(store.getState().artifactsBusy).toEqual({ abc1: 'pin' });
    expect(transport.calls.at(-1)).toEqual({
      channel: 'artifacts:pin',
      args: [{ key: 'abc1', pinned: true }],
    });
    answer.resolve(makeEntry('abc1', { pinned: true }));
    await pinning;
    expect(store.getState().artifactsBusy).toEqual({});
    await flush();
    expect(transport.callsTo('artifacts:list')).toBe(1);
  });

  it('clears the busy mark when the action fails, and lets the error through', async () => {
    const { transport, store } = setup();
    transport.handle('artifacts:retag', async () => {
      throw new HangarError('NOT_FOUND', 'The image of app:abc1 no longer exists.');
    });
    transport.handle('artifacts:list', async () => makeListing([]));
    await expect(store.getState().retagEntry('abc1')).rejects.toThrow(/no longer exists/);
    expect(store.getState().artifactsBusy).toEqual({});
  });

  it('evicts with the options given and reads the listing again', async () => {
    const { transport, store } = setup();
    transport.handle('artifacts:evict', async () => ({ actions: [], notFound: ['zz99'] }));
    transport.handle('artifacts:list', async () => makeListing([]));
    const report = await store
      .getState()
      .evictEntries({ keys: ['a1b2', 'zz99'], removeImages: true });
    expect(report.notFound).toEqual(['zz99']);
    await flush();
    expect(transport.callsTo('artifacts:list')).toBe(1);
  });

  it('reads the listing again after applying a policy, not after a preview', async () => {
    const { transport, store } = setup();
    transport.handle('artifacts:enforcePolicy', async (o) => ({
      preview: o.preview,
      maxSizeBytes: o.maxSizeBytes,
      ttlHours: o.ttlHours,
      actions: [],
      skipped: [],
      sizeBefore: 0,
      sizeAfter: 0,
      reclaimedBytes: 0,
    }));
    transport.handle('artifacts:list', async () => makeListing([]));
    const base = { maxSizeBytes: 1, ttlHours: null, removeImages: false, onlyKeys: null };
    await store.getState().enforcePolicy({ ...base, preview: true });
    await flush();
    expect(transport.callsTo('artifacts:list')).toBe(0);
    await store.getState().enforcePolicy({ ...base, preview: false, onlyKeys: ['a1b2'] });
    await flush();
    expect(transport.callsTo('artifacts:list')).toBe(1);
  });

  it('hands a build task to the tasks slice', async () => {
    const { transport, store } = setup();
    const info = makeTask('build', '8a7e3f0e-2a4b-4c1d-9e8f-0a1b2c3d4e5f', {
      title: 'Build app',
      target: 'app',
      startedAt: 1,
    });
    transport.handle('artifacts:build', async () => info);
    const spec = {
      name: 'app',
      context: '/src',
      dockerfile: 'Dockerfile',
      target: null,
      buildArgs: {},
      platform: null,
      tags: ['app:latest'],
      ttlHours: null,
    };
    await store.getState().buildArtifact(spec);
    expect(transport.calls.at(-1)).toEqual({ channel: 'artifacts:build', args: [spec] });
    expect(store.getState().tasks[info.id]).toEqual(info);
  });

  it('keeps the build form and the followed build between openings of the dialog', () => {
    const { store } = setup();
    store.getState().setArtifactsBuildForm({ ...store.getState().artifactsBuildForm, tag: 'x' });
    store.getState().setArtifactsBuildTaskId('t1');
    expect(store.getState().artifactsBuildForm.tag).toBe('x');
    expect(store.getState().artifactsBuildTaskId).toBe('t1');
  });
});
