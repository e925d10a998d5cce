import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HISTORY_SETTINGS,
  type HistoryPage,
  type HistoryQuery,
  type HistoryStats,
  type LookupRecord,
} from '../../../shared/history.js';
import { deferred, FakeTransport, flush, makeLookup } from '../../testing/fake-transport.js';
import { createAppStore } from '../index.js';
import { STATS_SETTLE_MS } from './history.js';

const NOW = Date.UTC(2026, 0, 10, 12);

const record = (id: number, over: Partial<LookupRecord> = {}) =>
  makeLookup(id, NOW - 1000 * (100 - id), over);

function stats(lookups: number): HistoryStats {
  return {
    bucket: 'day',
    timeZone: 'UTC',
    from: NOW - 86_400_000,
    to: NOW,
    buckets: [],
    totals: { lookups, hits: lookups, tooOld: 0, misses: 0, hitRate: 1, medianMs: 5 },
    artifacts: [],
    artifactCount: 0,
    settings: DEFAULT_HISTORY_SETTINGS,
  };
}

function setup(pages: HistoryPage[] = [{ records: [record(3), record(2)], next: null }]) {
  const fake = new FakeTransport();
  const queries: HistoryQuery[] = [];
  let statsCalls = 0;
  fake.handle('history:query', async (q) => {
    queries.push(q);
    return pages.shift() ?? { records: [], next: null };
  });
  fake.handle('history:stats', async () => stats(++statsCalls));
  fake.handle('history:artifacts', async () => ['app']);
  const store = createAppStore(fake, {
    storage: null,
    clock: { timeZone: 'Europe/Paris', weekStartsOn: 1, now: () => NOW },
  });
  return { fake, store, queries, statsCalls: () => statsCalls };
}

describe('history slice', () => {
  it('loads stats, the first page and the artifacts for the view, in the user’s zone', async () => {
    const { fake, store, queries } = setup();
    await store.getState().loadHistory();
    const s = store.getState();
    expect(s.historyRows.map((r) => r.id)).toEqual([3, 2]);
    expect(s.historyArtifacts).toEqual(['app']);
    expect(s.historyStats?.totals.lookups).toBe(1);
    expect(queries[0]).toMatchObject({ from: NOW - 7 * 86_400_000, to: null, limit: 200 });
    const statsArgs = fake.calls.find((c) => c.channel === 'history:stats')?.args[0];
    expect(statsArgs).toMatchObject({ bucket: 'day', timeZone: 'Europe/Paris', weekStartsOn: 1 });
  });

  it('opens on one lookup: its artifact around its time, its details selected', async () => {
    const { store, queries } = setup();
    store.getState().selectHistoryRow(3);
    store.getState().showLookup({ id: 2, artifact: 'api', at: NOW - 3_600_000 });
    expect(store.getState().view).toBe('history');
    expect(store.getState().historySelectedId).toBe(2);
    await store.getState().start('history');
    expect(queries[0]).toMatchObject({ from: NOW - 86_400_000, artifacts: ['api'], statuses: [] });
    expect(store.getState().historySelectedId).toBe(2);
    store.getState().stop('history');
  });

  it('ignores the answer to an older question', async () => {
    const { fake, store } = setup();
    const slow = deferred<HistoryPage>();
    let first = true;
    fake.handle('history:query', async () => {
      if (first) {
        first = false;
        return slow.promise;
      }
      return { records: [record(9)], next: null };
    });
    const a = store.getState().loadHistory();
    store.getState().setHistoryView({ statuses: ['MISS'] });
    await flush();
    slow.resolve({ records: [record(1)], next: null });
    await a;
    await flush();
    expect(store.getState().historyRows.map((r) => r.id)).toEqual([9]);
  });

  it('loads older pages with the cursor', async () => {
    const { store, queries } = setup([
      { records: [record(5), record(4)], next: { at: record(4).at, id: 4 } },
      { records: [record(3)], next: null },
    ]);
    await store.getState().loadHistory();
    await store.getState().loadMoreHistory();
    expect(queries[1]?.cursor).toEqual({ at: record(4).at, id: 4 });
    expect(store.getState().historyRows.map((r) => r.id)).toEqual([5, 4, 3]);
    expect(store.getState().historyNext).toBeNull();
  });

  it('merges live rows that match, counts them, and refreshes the stats once settled', async () => {
    const page: HistoryPage = { records: [record(3), record(2)], next: null };
    const { fake, store, statsCalls } = setup([page, page]); // on start, then for the new view
    void store.getState().start('history');
    const stop = () => store.getState().stop('history');
    store.getState().setHistoryView({ statuses: ['HIT'] });
    await flush();
    fake.emit('history:appended', {
      count: 2,
      truncated: false,
      records: [record(5, { artifact: 'new-one' }), record(4, { status: 'MISS' })],
    });
    expect(store.getState().historyRows.map((r) => r.id)).toEqual([5, 3, 2]);
    expect(store.getState().historyLiveCount).toBe(1);
    expect(store.getState().historyArtifacts).toEqual(['app', 'new-one']);
    const before = statsCalls();
    await new Promise((r) => setTimeout(r, STATS_SETTLE_MS + 50));
    expect(statsCalls()).toBe(before + 1);
    stop();
    expect(fake.listenerCount('history:appended')).toBe(0);
  });

  it('refuses a malformed FTL file before sending anything', async () => {
    const { fake, store } = setup();
    fake.handle('history:import', async () => ({ imported: 0, files: [] }));
    await expect(
      store.getState().importHistory([
        { name: 'good.json', text: '{"cacheStats":[]}', modifiedAt: null },
        { name: 'bad.json', text: '{"cacheStats":[{}]}', modifiedAt: null },
      ]),
    ).rejects.toThrow(
      /^Nothing was imported\. bad\.json: entry 1 \(cacheStats\[0\]\): type is missing/,
    );
    expect(fake.callsTo('history:import')).toBe(0);
  });
});
