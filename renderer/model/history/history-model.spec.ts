import { describe, expect, it } from 'vitest';
import { NO_HISTORY_FILTERS, type LookupRecord } from '../../../shared/history.js';
import {
  batchBySize,
  DEFAULT_HISTORY_VIEW,
  matches,
  mergeLive,
  viewAround,
  viewFilters,
} from './history-model.js';
import { makeLookup } from '../../testing/fake-transport.js';

const T = Date.UTC(2026, 0, 10);

const record = (id: number, over: Partial<LookupRecord> = {}) =>
  makeLookup(id, T + id * 1000, over);

describe('history view model', () => {
  it('resolves a range preset against now, open-ended', () => {
    expect(viewFilters({ ...DEFAULT_HISTORY_VIEW, range: '24h' }, T)).toMatchObject({
      from: T - 24 * 3_600_000,
      to: null,
    });
    expect(viewFilters({ ...DEFAULT_HISTORY_VIEW, range: 'all' }, T).from).toBeNull();
  });

  it('shows one artifact around a time with the shortest range that reaches past it', () => {
    const H = 3_600_000;
    expect(viewAround('app', T - 2 * H, T)).toEqual({
      ...DEFAULT_HISTORY_VIEW,
      range: '24h',
      bucket: 'hour',
      artifacts: ['app'],
    });
    expect(viewAround('app', T - 23.5 * H, T).range).toBe('7d');
    expect(viewAround('app', T - 100 * 24 * H, T)).toMatchObject({ range: 'all', bucket: 'week' });
  });

  it('matches live rows against every filter', () => {
    const f = { ...NO_HISTORY_FILTERS, from: T, artifacts: ['app'], statuses: ['MISS' as const] };
    expect(matches(record(1, { status: 'MISS' }), f)).toBe(true);
    expect(matches(record(1, { status: 'HIT' }), f)).toBe(false);
    expect(matches(record(1, { status: 'MISS', artifact: 'web' }), f)).toBe(false);
    expect(matches(record(-5, { status: 'MISS' }), f)).toBe(false);
    expect(matches(record(1, { origin: 'cli' }), { ...NO_HISTORY_FILTERS, origins: ['gui'] })).toBe(
      false,
    );
  });

  it('merges live rows newest first, once, and leaves older ones to the next page', () => {
    const rows = [record(10), record(9), record(8)];
    const merged = mergeLive(rows, [record(12), record(11), record(9)], NO_HISTORY_FILTERS, false);
    expect(merged.map((r) => r.id)).toEqual([12, 11, 10, 9, 8]);
    // Older than the last loaded row while more pages exist: the next page brings it.
    expect(mergeLive(rows, [record(3)], NO_HISTORY_FILTERS, false)).toBe(rows);
    // With every page loaded, it belongs in the log now.
    expect(mergeLive(rows, [record(3)], NO_HISTORY_FILTERS, true).map((r) => r.id)).toEqual([
      10, 9, 8, 3,
    ]);
  });

  it('batches import files under a size', () => {
    const f = (n: number) => ({ text: 'x'.repeat(n) });
    expect(batchBySize([f(4), f(4), f(4), f(20), f(1)], 10).map((b) => b.length)).toEqual([
      2, 1, 1, 1,
    ]);
    expect(batchBySize([], 10)).toEqual([]);
  });
});
