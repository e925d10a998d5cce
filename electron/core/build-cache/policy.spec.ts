import { describe, expect, it } from 'vitest';
import { thinTotals, TOTALS_KEEP_MS } from './growth.js';
import { policyDecision } from './policy.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('policyDecision', () => {
  it('does nothing while the policy is off, whatever the size', () => {
    expect(policyDecision({ keepUnderBytes: null }, 10 ** 12)).toEqual({
      act: false,
      outcome: 'off',
    });
  });

  it('does nothing at or under the limit', () => {
    expect(policyDecision({ keepUnderBytes: 1000 }, 1000)).toEqual({
      act: false,
      outcome: 'within',
    });
    expect(policyDecision({ keepUnderBytes: 1000 }, 0).act).toBe(false);
  });

  it('over the limit prunes every reclaimable type, least recently used first, down to it', () => {
    expect(policyDecision({ keepUnderBytes: 1000 }, 1001)).toEqual({
      act: true,
      options: { all: true, keepStorage: 1000 },
    });
  });
});

describe('thinTotals', () => {
  const NOW = Date.UTC(2026, 5, 1);

  it('keeps every point of the last two days', () => {
    const ats = [NOW - 1000, NOW - 2000, NOW - 2 * DAY + 1];
    expect(thinTotals(ats, NOW)).toEqual([]);
  });

  it('keeps the newest point of each hour up to 14 days and of each day up to 90', () => {
    const hourStart = Math.floor((NOW - 5 * DAY) / HOUR) * HOUR;
    const day = Math.floor((NOW - 30 * DAY) / DAY) * DAY;
    const ats = [hourStart + 10, hourStart + 20, hourStart + HOUR - 1, day + 5, day + 3 * HOUR];
    expect(thinTotals(ats, NOW).sort((a, b) => a - b)).toEqual([
      day + 5,
      hourStart + 10,
      hourStart + 20,
    ]);
  });

  it('drops what is older than 90 days', () => {
    expect(thinTotals([NOW - TOTALS_KEEP_MS - 1, NOW - 3 * DAY], NOW)).toEqual([
      NOW - TOTALS_KEEP_MS - 1,
    ]);
  });
});
