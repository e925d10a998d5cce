import { describe, expect, it } from 'vitest';
import type {
  BuilderChoice,
  BuilderSetting,
  BuildRecord,
  BuildSummary,
} from '../../../shared/builds.js';
import { HangarError } from '../../../shared/errors.js';
import { deferred, FakeTransport, flush, makeTask } from '../../testing/fake-transport.js';
import { createAppStore } from '../index.js';
import { selectShownBuilds } from './builds.js';

const summary = (id: number, over: Partial<BuildSummary> = {}): BuildSummary => ({
  id,
  artifact: 'app',
  key: `k${id}`,
  builder: 'buildkit',
  engine: 'unix:///var/run/docker.sock',
  startedAt: 1000 * id,
  durationMs: 500,
  outcome: 'built',
  imageId: null,
  buildId: null,
  nocache: false,
  cachedSteps: 0,
  totalSteps: 1,
  warnings: [],
  cacheBrokeAt: null,
  error: null,
  lookupId: null,
  ...over,
});

const record = (id: number): BuildRecord => ({ ...summary(id), steps: [] });

function setup(rows: BuildSummary[][]) {
  const transport = new FakeTransport();
  const store = createAppStore(transport, { storage: null, urlHost: null });
  let call = 0;
  transport.handle('builds:list', async () => rows[Math.min(call++, rows.length - 1)] ?? []);
  return { transport, store };
}

describe('builds slice', () => {
  it('loads the list when followed and again when a task ends, until stopped', async () => {
    const { transport, store } = setup([[summary(1)], [summary(2), summary(1)]]);
    await store.getState().start('builds');
    expect(store.getState().buildsRows.map((r) => r.id)).toEqual([1]);
    transport.emit('task:done', makeTask('build', 't1', { state: 'succeeded' }));
    await flush();
    expect(store.getState().buildsRows.map((r) => r.id)).toEqual([2, 1]);
    store.getState().stop('builds');
    expect(transport.listenerCount('task:done')).toBe(0);
    expect(transport.listenerCount('task:failed')).toBe(0);
  });

  it('keeps the error in words when the list cannot be read', async () => {
    const transport = new FakeTransport();
    const store = createAppStore(transport, { storage: null, urlHost: null });
    transport.handle('builds:list', async () => {
      throw new HangarError('INTERNAL', 'The store is locked.');
    });
    await store.getState().start('builds');
    expect(store.getState().buildsError).toBe('The store is locked.');
    expect(store.getState().buildsLoading).toBe(false);
  });

  it('filters the rows by outcome and artifact', async () => {
    const { store } = setup([
      [summary(3, { outcome: 'failed' }), summary(2, { artifact: 'api' }), summary(1)],
    ]);
    await store.getState().start('builds');
    store.getState().setBuildsFilter({ outcome: 'built' });
    expect(selectShownBuilds(store.getState()).map((r) => r.id)).toEqual([2, 1]);
    store.getState().setBuildsFilter({ artifact: 'app' });
    expect(selectShownBuilds(store.getState()).map((r) => r.id)).toEqual([1]);
  });

  it('opens a build with its steps; a later open wins over an earlier answer', async () => {
    const { transport, store } = setup([[summary(1), summary(2)]]);
    const slow = deferred<BuildRecord>();
    transport.handle('builds:get', (id) => (id === 1 ? slow.promise : Promise.resolve(record(2))));
    const first = store.getState().openBuild(1);
    await store.getState().openBuild(2);
    slow.resolve(record(1));
    await first;
    expect(store.getState().buildsOpenId).toBe(2);
    expect(store.getState().buildsOpen?.id).toBe(2);
    await store.getState().openBuild(null);
    expect(store.getState().buildsOpen).toBeNull();
  });

  it('shows a build on the Builds page, and asks the core which build a lookup led to', async () => {
    const { transport, store } = setup([[summary(2)]]);
    transport.handle('builds:get', async (id) => record(id));
    transport.handle('builds:forLookup', async (lookupId) =>
      lookupId === 7 ? summary(2, { lookupId: 7 }) : null,
    );
    await store.getState().showBuild(2);
    expect(store.getState().view).toBe('builds');
    expect(store.getState().buildsOpen?.id).toBe(2);
    expect((await store.getState().buildForLookup(7))?.id).toBe(2);
    expect(await store.getState().buildForLookup(8)).toBeNull();
  });

  it('reads the saved builder when followed and again when the engine changes; saves a choice', async () => {
    const { transport, store } = setup([[]]);
    let saved: BuilderChoice = 'auto';
    const setting = (): BuilderSetting => ({ choice: saved, runs: 'buildkit', problem: null });
    transport.handle('builds:builder', async () => setting());
    transport.handle('builds:setBuilder', async (choice) => {
      saved = choice;
      return setting();
    });
    await store.getState().start('builds');
    expect(store.getState().buildsBuilder?.choice).toBe('auto');
    saved = 'buildkit';
    transport.emit('engine:status', {
      state: 'connecting',
      endpoint: { host: 'unix:///x.sock', source: 'default', tls: false },
    });
    await flush();
    expect(store.getState().buildsBuilder?.choice).toBe('buildkit');
    await store.getState().setBuilder('classic');
    expect(store.getState().buildsBuilder?.choice).toBe('classic');
    transport.handle('builds:setBuilder', async () => {
      throw new HangarError('INTERNAL', 'The store is locked.');
    });
    await store.getState().setBuilder('auto');
    expect(store.getState().buildsBuilderError).toBe('The store is locked.');
    expect(store.getState().buildsBuilder?.choice).toBe('classic');
    store.getState().stop('builds');
    expect(transport.listenerCount('engine:status')).toBe(0);
  });

  it('says why a build cannot be opened', async () => {
    const { transport, store } = setup([[]]);
    transport.handle('builds:get', async () => {
      throw new HangarError('NOT_FOUND', 'No build 9 is recorded.');
    });
    await store.getState().openBuild(9);
    expect(store.getState().buildsOpenError).toBe('No build 9 is recorded.');
    expect(store.getState().buildsOpen).toBeNull();
  });
});
