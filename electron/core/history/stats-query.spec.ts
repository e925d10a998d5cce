import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_HISTORY_SETTINGS,
  NO_HISTORY_FILTERS,
  type HistoryStatsQuery,
} from '../../../shared/history.js';
import type { CacheStatus, LookupOrigin } from '../../../shared/artifacts.js';
import type { NewLookupRecord } from '../store/history-repo.js';
import { computeStats, medianTenths } from './stats-query.js';
import {
  insertLookups,
  openTempStore,
  type TempStore,
} from '../../../test/support/history-fixtures.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 5); // a Monday, 00:00 UTC
let t: TempStore;

beforeEach(() => {
  t = openTempStore();
});
afterEach(() => t.dispose());

function q(over: Partial<HistoryStatsQuery> = {}): HistoryStatsQuery {
  return { ...NO_HISTORY_FILTERS, bucket: 'day', timeZone: 'UTC', weekStartsOn: 1, ...over };
}

const stats = (over: Partial<HistoryStatsQuery> = {}, now = T0 + 30 * DAY) =>
  computeStats(t.store.db, q(over), now, DEFAULT_HISTORY_SETTINGS);

/** Deterministic rows over a week, every status, two artifacts, some imported. */
function generated(): NewLookupRecord[] {
  const statuses: CacheStatus[] = ['HIT', 'HIT', 'MISS', 'HIT_TOO_OLD', 'HIT', 'MISS', 'HIT'];
  const rows: NewLookupRecord[] = [];
  for (let i = 0; i < 700; i++) {
    const origin: LookupOrigin = i % 10 === 0 ? 'import' : i % 3 === 0 ? 'cli' : 'gui';
    rows.push({
      at: T0 + Math.floor((i * 7 * DAY) / 700) + (i % 13) * 1000,
      artifact: i % 4 === 0 ? 'api' : 'web',
      key: `k${i}`,
      level: 'local',
      status: statuses[(i * 5) % 7] as CacheStatus,
      durationMs: origin === 'import' ? 0 : ((i * 37) % 211) + (i % 3) * 0.25,
      imageId: null,
      engine: null,
      origin,
      reason: null,
      changedInputs: [],
    });
  }
  return rows;
}

/** The naive answer: group by the local date string, sort durations. */
function reference(rows: readonly NewLookupRecord[], zone: string) {
  const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone: zone, dateStyle: 'short' });
  const groups = new Map<string, NewLookupRecord[]>();
  for (const r of rows) {
    const k = dayOf.format(r.at);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([date, rs]) => {
      const d = rs
        .filter((r) => r.origin !== 'import')
        .map((r) => Math.round(r.durationMs * 10))
        .sort((a, b) => a - b);
      const mid = d.length >> 1;
      const median =
        d.length === 0
          ? null
          : (d.length % 2
              ? (d[mid] as number)
              : ((d[mid - 1] as number) + (d[mid] as number)) / 2) / 10;
      const hits = rs.filter((r) => r.status === 'HIT').length;
      return {
        date,
        lookups: rs.length,
        hits,
        tooOld: rs.filter((r) => r.status === 'HIT_TOO_OLD').length,
        misses: rs.filter((r) => r.status === 'MISS').length,
        hitRate: hits / rs.length,
        medianMs: median,
      };
    });
}

describe('history stats', () => {
  it.each(['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'])(
    'matches a naive count per local day in %s',
    (zone) => {
      const rows = generated();
      insertLookups(t.store, rows);
      const s = stats({ timeZone: zone });
      const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone: zone, dateStyle: 'short' });
      const got = s.buckets
        .filter((b) => b.lookups > 0)
        .map((b) => ({
          date: dayOf.format(b.start),
          lookups: b.lookups,
          hits: b.hits,
          tooOld: b.tooOld,
          misses: b.misses,
          hitRate: b.hitRate,
          medianMs: b.medianMs,
        }));
      expect(got).toEqual(reference(rows, zone));
      expect(s.totals.lookups).toBe(700);
      expect(s.totals.hits + s.totals.tooOld + s.totals.misses).toBe(700);
      expect(s.totals.hitRate).toBeCloseTo(s.totals.hits / 700, 10);
      // Every bucket starts at a local midnight and the buckets tile the range.
      const clock = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeStyle: 'short' });
      for (const b of s.buckets) expect(clock.format(b.start)).toBe('00:00');
      for (let i = 1; i < s.buckets.length; i++) {
        expect(s.buckets[i]?.start).toBe(s.buckets[i - 1]?.end);
      }
    },
  );

  it('puts 23:30 and 00:30 local on different days, wherever UTC puts them', () => {
    // 04:30Z and 05:30Z on Jan 10: the same UTC day, but 23:30 Jan 9 and 00:30 Jan 10 in New York.
    insertLookups(t.store, [
      { at: Date.UTC(2026, 0, 10, 4, 30), status: 'HIT' },
      { at: Date.UTC(2026, 0, 10, 5, 30), status: 'MISS' },
    ]);
    const ny = stats({ timeZone: 'America/New_York' });
    expect(ny.buckets.map((b) => [new Date(b.start).toISOString(), b.hits, b.misses])).toEqual([
      ['2026-01-09T05:00:00.000Z', 1, 0],
      ['2026-01-10T05:00:00.000Z', 0, 1],
      ...ny.buckets.slice(2).map((b) => [new Date(b.start).toISOString(), 0, 0]),
    ]);
    const utc = stats({ timeZone: 'UTC', to: Date.UTC(2026, 0, 11) });
    expect(utc.buckets.map((b) => [b.hits, b.misses])).toEqual([[1, 1]]);
  });

  it('fills empty buckets between lookups, with no rate and no median', () => {
    insertLookups(t.store, [
      { at: T0 + 2 * HOUR, status: 'HIT', durationMs: 4 },
      { at: T0 + 3 * DAY, status: 'MISS', durationMs: 8 },
    ]);
    const s = stats({ from: T0, to: T0 + 4 * DAY });
    expect(s.buckets.map((b) => [b.lookups, b.hitRate, b.medianMs])).toEqual([
      [1, 1, 4],
      [0, null, null],
      [0, null, null],
      [1, 0, 8],
    ]);
    expect(s.totals).toMatchObject({ lookups: 2, hits: 1, misses: 1, hitRate: 0.5, medianMs: 6 });
    expect([s.from, s.to]).toEqual([T0, T0 + 4 * DAY]);
  });

  it('applies the filters to the buckets and the totals', () => {
    insertLookups(t.store, generated());
    const api = stats({ artifacts: ['api'] });
    expect(api.totals.lookups).toBe(175);
    expect(api.artifacts.map((a) => a.artifact)).toEqual(['api']);
    const imported = stats({ origins: ['import'] });
    expect(imported.totals.lookups).toBe(70);
    expect(imported.totals.medianMs).toBeNull();
    const misses = stats({ statuses: ['MISS'], artifacts: ['api', 'web'] });
    expect(misses.totals.lookups).toBe(misses.totals.misses);
    expect(misses.totals.hits).toBe(0);
  });

  it('answers an empty history with no buckets', () => {
    const s = stats();
    expect(s).toMatchObject({ buckets: [], from: null, to: null, artifacts: [], artifactCount: 0 });
    expect(s.totals).toEqual({
      lookups: 0,
      hits: 0,
      tooOld: 0,
      misses: 0,
      hitRate: null,
      medianMs: null,
    });
  });

  it('summarizes each artifact: rate, last miss and the current miss streak', () => {
    const reasonTue = 'inputs changed: Dockerfile';
    insertLookups(t.store, [
      { artifact: 'api', at: T0 + 10 * HOUR, status: 'HIT' },
      { artifact: 'api', at: T0 + DAY + HOUR, status: 'MISS', reason: reasonTue, key: 'k-tue' },
      { artifact: 'api', at: T0 + 2 * DAY, status: 'MISS', reason: 'inputs changed: 2 files' },
      { artifact: 'web', at: T0 + HOUR, status: 'MISS', reason: 'no entry' },
      { artifact: 'web', at: T0 + 2 * HOUR, status: 'HIT' },
      { artifact: 'web', at: T0 + 3 * HOUR, status: 'HIT_TOO_OLD', reason: 'image is 30 h old' },
    ]);
    const s = stats();
    const api = s.artifacts.find((a) => a.artifact === 'api');
    const web = s.artifacts.find((a) => a.artifact === 'web');
    expect(api).toMatchObject({
      lookups: 3,
      hits: 1,
      misses: 2,
      lastLookupAt: T0 + 2 * DAY,
      lastMiss: { at: T0 + 2 * DAY, reason: 'inputs changed: 2 files' },
      streak: { misses: 2, since: T0 + DAY + HOUR, reason: reasonTue, key: 'k-tue' },
    });
    expect(api?.hitRate).toBeCloseTo(1 / 3, 10);
    // A hit too old ends a miss streak: the artifact was found.
    expect(web).toMatchObject({ lookups: 3, streak: null, lastMiss: { reason: 'no entry' } });
    expect(s.artifactCount).toBe(2);
  });

  it('takes a streak over the whole history, not only the range', () => {
    insertLookups(t.store, [
      { artifact: 'api', at: T0, status: 'MISS', reason: 'no entry' },
      { artifact: 'api', at: T0 + 5 * DAY, status: 'MISS', reason: 'inputs changed: file a' },
    ]);
    const s = stats({ from: T0 + 4 * DAY });
    expect(s.artifacts[0]).toMatchObject({
      lookups: 1,
      streak: { misses: 2, since: T0, reason: 'no entry' },
    });
  });

  it('counts hour buckets in a zone with a 45-minute offset', () => {
    insertLookups(t.store, [
      { at: Date.UTC(2026, 0, 10, 6, 14), status: 'HIT' }, // 11:59 in Kathmandu
      { at: Date.UTC(2026, 0, 10, 6, 15), status: 'MISS' }, // 12:00
    ]);
    const s = stats({
      bucket: 'hour',
      timeZone: 'Asia/Kathmandu',
      from: Date.UTC(2026, 0, 10, 5),
      to: Date.UTC(2026, 0, 10, 7),
    });
    const nonEmpty = s.buckets.filter((b) => b.lookups > 0);
    expect(nonEmpty.map((b) => [new Date(b.start).toISOString(), b.hits, b.misses])).toEqual([
      ['2026-01-10T05:15:00.000Z', 1, 0],
      ['2026-01-10T06:15:00.000Z', 0, 1],
    ]);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(medianTenths(new Float64Array([30, 10, 20]))).toBe(2);
    expect(medianTenths(new Float64Array([40, 10, 30, 20]))).toBe(2.5);
    expect(medianTenths(new Float64Array([]))).toBeNull();
  });
});
