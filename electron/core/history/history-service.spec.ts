import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryAppended } from '../../../shared/history.js';
import { HangarStore } from '../store/store.js';
import { HistoryService } from './history-service.js';
import {
  insertLookups,
  openTempStore,
  type TempStore,
} from '../../../test/support/history-fixtures.js';

const NOW = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;
let t: TempStore;
let service: HistoryService;
let events: HistoryAppended[];

function open(options: Partial<ConstructorParameters<typeof HistoryService>[0]> = {}): void {
  service = new HistoryService({ store: t.provider, now: () => NOW, ...options });
  events = [];
  service.onAppended((e) => events.push(e));
}

const waitFor = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

beforeEach(() => {
  t = openTempStore();
});
afterEach(() => {
  service.close();
  t.dispose();
});

describe('history:appended', () => {
  it('announces a lookup recorded in this process, and only new rows', () => {
    open();
    insertLookups(t.store, [{ key: 'before' }]);
    const [row] = insertLookups(t.store, [{ key: 'first' }]);
    service.recorded(row!);
    const [second] = insertLookups(t.store, [{ key: 'second' }]);
    service.recorded(second!);
    expect(events.map((e) => [e.count, e.truncated, e.records.map((r) => r.key)])).toEqual([
      [1, false, ['first']],
      [1, false, ['second']],
    ]);
  });

  it('announces imported rows, newest first', async () => {
    open();
    service.recorded(insertLookups(t.store, [{ key: 'seed' }])[0]!);
    await service.import({
      files: [
        {
          name: 'b.json',
          text: JSON.stringify({
            cacheStats: [
              { type: 'docker_layer_cache', level: 'project', hash: 'h1', status: 'MISS' },
              { type: 'docker_layer_cache', level: 'project', hash: 'h2', status: 'HIT' },
            ],
          }),
          modifiedAt: NOW,
        },
      ],
      artifact: 'app',
    });
    expect(events.at(-1)?.records.map((r) => r.key)).toEqual(['h2', 'h1']);
  });

  it('notices rows another process commits (background poll)', async () => {
    open({ background: true, pollMs: 20, retentionDelayMs: 60_000 });
    service.start();
    insertLookups(t.store, [{ key: 'known' }]);
    await new Promise((r) => setTimeout(r, 80)); // the first poll learns where the log ends
    const other = HangarStore.open(t.file);
    try {
      insertLookups(other, [{ key: 'from-cli-1' }, { key: 'from-cli-2' }]);
      await waitFor(() => events.length > 0);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ count: 2, truncated: false });
      expect(events[0]?.records.map((r) => r.key)).toEqual(['from-cli-2', 'from-cli-1']);
    } finally {
      other.close();
    }
  });

  it('says truncated when more rows arrived than one event carries', () => {
    open();
    const [seed] = insertLookups(t.store, [{ key: 'seed' }]);
    service.recorded(seed!);
    const rows = insertLookups(
      t.store,
      Array.from({ length: 250 }, (_, i) => ({ key: `k${i}` })),
    );
    service.recorded(rows.at(-1)!);
    expect(events.at(-1)).toMatchObject({ count: 250, truncated: true });
    expect(events.at(-1)?.records).toHaveLength(200);
    expect(events.at(-1)?.records[0]?.key).toBe('k249');
  });

  it('never throws into the recorder when the store is gone', () => {
    open();
    const [row] = insertLookups(t.store, [{ key: 'x' }]);
    t.provider.close();
    expect(() => service.recorded(row!)).not.toThrow();
  });
});

describe('retention through the service', () => {
  it('applies a new setting at once', async () => {
    open();
    insertLookups(t.store, [
      { at: NOW - 10 * DAY, key: 'old' },
      { at: NOW - DAY, key: 'new' },
    ]);
    expect(await service.setSettings({ retentionDays: 5, maxRows: null })).toEqual({
      retentionDays: 5,
      maxRows: null,
    });
    expect(await service.settings()).toEqual({ retentionDays: 5, maxRows: null });
    const page = await service.query({
      from: null,
      to: null,
      artifacts: [],
      statuses: [],
      levels: [],
      origins: [],
      limit: 10,
      cursor: null,
    });
    expect(page.records.map((r) => r.key)).toEqual(['new']);
  });

  it('enforces in the background soon after start', async () => {
    insertLookups(t.store, [{ at: NOW - 400 * DAY, key: 'ancient' }]);
    open({ background: true, pollMs: 1000, retentionDelayMs: 10 });
    service.start();
    await waitFor(() => t.store.history.count() === 0);
  });
});
