import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_HISTORY_SETTINGS, NO_HISTORY_FILTERS } from '../../../shared/history.js';
import { StoreProvider } from '../store/store.js';
import { queryPage } from './log-query.js';
import { DELETE_CHUNK, enforceRetention, readSettings, writeSettings } from './retention.js';
import {
  insertLookups,
  openTempStore,
  type TempStore,
} from '../../../test/support/history-fixtures.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);
let t: TempStore;

beforeEach(() => {
  t = openTempStore();
});
afterEach(() => t.dispose());

const keys = () =>
  queryPage(t.store.db, { ...NO_HISTORY_FILTERS, limit: 1000, cursor: null }).records.map(
    (r) => r.key,
  );

describe('retention settings', () => {
  it('defaults, saves, and survives a reopen', () => {
    expect(readSettings(t.store.db)).toEqual(DEFAULT_HISTORY_SETTINGS);
    writeSettings(t.store.db, { retentionDays: 7, maxRows: null });
    t.provider.close();
    const reopened = new StoreProvider(t.file);
    try {
      expect(readSettings(reopened.get().db)).toEqual({ retentionDays: 7, maxRows: null });
    } finally {
      reopened.close();
    }
  });

  it('falls back to the defaults for a damaged value', () => {
    t.store.db.run("INSERT INTO settings (key, value) VALUES ('history', '{\"maxRows\": -3')");
    expect(readSettings(t.store.db)).toEqual(DEFAULT_HISTORY_SETTINGS);
  });
});

describe('retention', () => {
  it('deletes lookups older than the days', async () => {
    insertLookups(t.store, [
      { at: NOW - 40 * DAY, key: 'old' },
      { at: NOW - 31 * DAY, key: 'older-than-30' },
      { at: NOW - 29 * DAY, key: 'kept' },
      { at: NOW, key: 'now' },
    ]);
    const report = await enforceRetention(t.store.db, { retentionDays: 30, maxRows: null }, NOW);
    expect(report).toEqual({ at: NOW, deletedByAge: 2, deletedByRows: 0, remaining: 2 });
    expect(keys()).toEqual(['now', 'kept']);
  });

  it('keeps the newest rows beyond the limit, in (time, id) order', async () => {
    insertLookups(
      t.store,
      Array.from({ length: 150 }, (_, i) => ({ at: NOW - Math.floor(i / 2) * 1000, key: `k${i}` })),
    );
    const report = await enforceRetention(t.store.db, { retentionDays: null, maxRows: 101 }, NOW);
    expect(report).toMatchObject({ deletedByAge: 0, deletedByRows: 49, remaining: 101 });
    const kept = keys();
    expect(kept.slice(0, 3)).toEqual(['k1', 'k0', 'k3']);
    // Of the pair at the edge (k100, k101: same time), the later id is the newer.
    expect(kept.at(-1)).toBe('k101');
  });

  it('deletes in chunks, yielding between them', async () => {
    const n = DELETE_CHUNK * 2 + 10;
    insertLookups(
      t.store,
      Array.from({ length: n }, (_, i) => ({ at: NOW - 100 * DAY + i, key: `k${i}` })),
    );
    insertLookups(t.store, [{ at: NOW, key: 'fresh' }]);
    let yields = 0;
    const report = await enforceRetention(
      t.store.db,
      { retentionDays: 1, maxRows: null },
      NOW,
      async () => {
        yields++;
      },
    );
    expect(report.deletedByAge).toBe(n);
    expect(yields).toBe(2);
    expect(keys()).toEqual(['fresh']);
  });

  it('does nothing without limits', async () => {
    insertLookups(t.store, [{ at: 0, key: 'ancient' }]);
    const report = await enforceRetention(t.store.db, { retentionDays: null, maxRows: null }, NOW);
    expect(report).toEqual({ at: NOW, deletedByAge: 0, deletedByRows: 0, remaining: 1 });
  });
});
