import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_HISTORY_FILTERS, type HistoryQuery } from '../../../shared/history.js';
import { artifactNames, queryPage, timeBounds } from './log-query.js';
import {
  insertLookups,
  openTempStore,
  type TempStore,
} from '../../../test/support/history-fixtures.js';

const T0 = Date.UTC(2026, 0, 5);
let t: TempStore;

beforeEach(() => {
  t = openTempStore();
});
afterEach(() => t.dispose());

const page = (over: Partial<HistoryQuery> = {}) =>
  queryPage(t.store.db, { ...NO_HISTORY_FILTERS, limit: 50, cursor: null, ...over });

describe('the lookup log', () => {
  it('pages newest first by (at, id) with a cursor, rows of equal time included', () => {
    // 25 rows, several sharing a millisecond.
    insertLookups(
      t.store,
      Array.from({ length: 25 }, (_, i) => ({ at: T0 + Math.floor(i / 3) * 1000, key: `k${i}` })),
    );
    const seen: string[] = [];
    let cursor: HistoryQuery['cursor'] = null;
    let pages = 0;
    do {
      const p = page({ limit: 7, cursor });
      seen.push(...p.records.map((r) => r.key));
      cursor = p.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `k${24 - i}`));
  });

  it('neither repeats nor skips rows when new ones arrive between pages', () => {
    insertLookups(
      t.store,
      Array.from({ length: 10 }, (_, i) => ({ at: T0 + i * 1000, key: `old${i}` })),
    );
    const first = page({ limit: 4 });
    insertLookups(t.store, [{ at: T0 + 99_000, key: 'new' }]);
    const rest = page({ limit: 100, cursor: first.next });
    expect([...first.records, ...rest.records].map((r) => r.key)).toEqual(
      Array.from({ length: 10 }, (_, i) => `old${9 - i}`),
    );
    expect(rest.next).toBeNull();
  });

  it('filters by time range, artifact, status, level and origin', () => {
    insertLookups(t.store, [
      { at: T0, artifact: 'api', status: 'MISS', level: 'local', origin: 'gui' },
      { at: T0 + 1, artifact: 'api', status: 'HIT', level: 'project', origin: 'cli' },
      { at: T0 + 2, artifact: 'web', status: 'MISS', level: 'global', origin: 'import' },
      { at: T0 + 3, artifact: 'db', status: 'HIT_TOO_OLD', level: 'local', origin: 'cli' },
    ]);
    const ats = (over: Partial<HistoryQuery>) => page(over).records.map((r) => r.at - T0);
    expect(ats({ from: T0 + 1, to: T0 + 3 })).toEqual([2, 1]);
    expect(ats({ artifacts: ['api'] })).toEqual([1, 0]);
    expect(ats({ artifacts: ['api', 'db'] })).toEqual([3, 1, 0]);
    expect(ats({ statuses: ['MISS'] })).toEqual([2, 0]);
    expect(ats({ levels: ['local'], origins: ['cli'] })).toEqual([3]);
    expect(ats({ origins: ['gui', 'import'], statuses: ['MISS', 'HIT'] })).toEqual([2, 0]);
    expect(ats({ artifacts: ['nothing'] })).toEqual([]);
  });

  it('gives back the whole record, changed inputs included', () => {
    const [row] = insertLookups(t.store, [
      {
        status: 'MISS',
        reason: 'inputs changed: Dockerfile',
        changedInputs: [{ kind: 'dockerfile', name: 'Dockerfile', change: 'modified' }],
      },
    ]);
    expect(page().records).toEqual([row]);
  });

  it('lists artifact names and the time bounds of a filter', () => {
    insertLookups(t.store, [
      { at: T0 + 5, artifact: 'web' },
      { at: T0 + 1, artifact: 'api' },
      { at: T0 + 9, artifact: 'api', status: 'MISS' },
    ]);
    expect(artifactNames(t.store.db)).toEqual(['api', 'web']);
    expect(timeBounds(t.store.db, { ...NO_HISTORY_FILTERS, artifacts: ['api'] })).toEqual({
      first: T0 + 1,
      last: T0 + 9,
    });
    expect(timeBounds(t.store.db, { ...NO_HISTORY_FILTERS, artifacts: ['none'] })).toBeNull();
  });
});
