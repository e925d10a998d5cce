import { describe, expect, it } from 'vitest';
import { matchesAllLabels, parseLabelFilter, parseUntil } from './actions.js';

const NOW = Date.UTC(2026, 5, 15, 12, 0, 0);

describe('parseUntil', () => {
  it('reads Go-style durations, with days and weeks too', () => {
    expect(parseUntil('24h', NOW)).toBe(NOW - 86_400_000);
    expect(parseUntil('7d', NOW)).toBe(NOW - 7 * 86_400_000);
    expect(parseUntil('2w', NOW)).toBe(NOW - 14 * 86_400_000);
    expect(parseUntil('1h30m', NOW)).toBe(NOW - 90 * 60_000);
    expect(parseUntil('1.5h', NOW)).toBe(NOW - 90 * 60_000);
    expect(parseUntil('90s', NOW)).toBe(NOW - 90_000);
    expect(parseUntil(' 10m ', NOW)).toBe(NOW - 600_000);
  });

  it('reads Unix seconds, dates (local midnight) and RFC 3339 times', () => {
    expect(parseUntil('1700000000', NOW)).toBe(1_700_000_000_000);
    expect(parseUntil('24', NOW)).toBe(24_000); // a bare number is seconds, as docker reads it
    expect(parseUntil('2026-01-31', NOW)).toBe(new Date(2026, 0, 31).getTime());
    expect(parseUntil('2026-01-31T10:00:00Z', NOW)).toBe(Date.UTC(2026, 0, 31, 10));
    expect(parseUntil('2026-01-31T10:00:00+02:00', NOW)).toBe(Date.UTC(2026, 0, 31, 8));
  });

  it('refuses anything else', () => {
    for (const bad of [
      '',
      'soon',
      'h',
      '-1h',
      '1y',
      '2026-02-30',
      '2026-13-01',
      '1h 30m',
      '2026/01/01',
    ]) {
      expect(parseUntil(bad, NOW), bad).toBeNull();
    }
  });
});

describe('label filters', () => {
  it('parses key and key=value (a value may hold =)', () => {
    expect(parseLabelFilter('team')).toEqual({ key: 'team' });
    expect(parseLabelFilter('team=a')).toEqual({ key: 'team', value: 'a' });
    expect(parseLabelFilter('q=a=b')).toEqual({ key: 'q', value: 'a=b' });
    expect(parseLabelFilter('team=')).toEqual({ key: 'team', value: '' });
    expect(parseLabelFilter('')).toBeNull();
    expect(parseLabelFilter('=x')).toBeNull();
    expect(parseLabelFilter('a b=c')).toBeNull();
  });

  it('matches like docker: every filter must hold', () => {
    const labels = { team: 'a', tier: 'dev' };
    expect(matchesAllLabels(labels, [])).toBe(true);
    expect(matchesAllLabels(labels, [{ key: 'team' }, { key: 'tier', value: 'dev' }])).toBe(true);
    expect(matchesAllLabels(labels, [{ key: 'team', value: 'b' }])).toBe(false);
    expect(matchesAllLabels(labels, [{ key: 'owner' }])).toBe(false);
    expect(matchesAllLabels({}, [{ key: 'team' }])).toBe(false);
  });
});
