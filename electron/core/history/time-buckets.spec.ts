import { describe, expect, it } from 'vitest';
import { bucketSpans, DAY, HOUR } from './time-buckets.js';
import { offsetAt, offsetSegments } from './time-zone.js';

const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('time zone offsets', () => {
  it('reads IANA zones, DST included, and fixed offsets', () => {
    expect(offsetAt('UTC', utc('2026-06-01T00:00:00Z'))).toBe(0);
    expect(offsetAt('Europe/Paris', utc('2026-01-15T12:00:00Z'))).toBe(HOUR);
    expect(offsetAt('Europe/Paris', utc('2026-07-15T12:00:00Z'))).toBe(2 * HOUR);
    expect(offsetAt('America/New_York', utc('2026-01-15T12:00:00Z'))).toBe(-5 * HOUR);
    expect(offsetAt('Asia/Kathmandu', utc('2026-01-15T12:00:00Z'))).toBe(5.75 * HOUR);
    expect(offsetAt('+05:30', utc('2026-01-15T12:00:00Z'))).toBe(5.5 * HOUR);
  });

  it('finds the exact instant of each change', () => {
    const segs = offsetSegments(
      'Europe/Paris',
      utc('2026-03-01T00:00:00Z'),
      utc('2026-11-01T00:00:00Z'),
    );
    expect(segs.map((s) => [iso(s.start), s.offset / HOUR])).toEqual([
      ['2026-03-01T00:00:00.000Z', 1],
      ['2026-03-29T01:00:00.000Z', 2],
      ['2026-10-25T01:00:00.000Z', 1],
    ]);
    expect(segs.at(-1)?.end).toBe(utc('2026-11-01T00:00:00Z'));
  });

  it('rejects an unknown zone in words', () => {
    expect(() => offsetAt('Mars/Olympus', 0)).toThrow(/Unknown time zone Mars\/Olympus/);
  });
});

describe('bucket spans', () => {
  const day = (zone: string) => ({ zone, bucket: 'day' as const, weekStartsOn: 1 });

  it('cuts UTC days at midnight UTC, covering the range from its first bucket', () => {
    const spans = bucketSpans(day('UTC'), utc('2026-01-01T10:00:00Z'), utc('2026-01-03T01:00:00Z'));
    expect(spans.map((s) => iso(s.start))).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-02T00:00:00.000Z',
      '2026-01-03T00:00:00.000Z',
    ]);
    expect(spans.at(-1)?.end).toBe(utc('2026-01-04T00:00:00Z'));
  });

  it('cuts local days at local midnight: 23 and 25 hours across DST in Paris', () => {
    const spring = bucketSpans(
      day('Europe/Paris'),
      utc('2026-03-28T12:00:00Z'),
      utc('2026-03-30T12:00:00Z'),
    );
    expect(spring.map((s) => [iso(s.start), (s.end - s.start) / HOUR])).toEqual([
      ['2026-03-27T23:00:00.000Z', 24],
      ['2026-03-28T23:00:00.000Z', 23],
      ['2026-03-29T22:00:00.000Z', 24],
    ]);
    const fall = bucketSpans(
      day('Europe/Paris'),
      utc('2026-10-25T12:00:00Z'),
      utc('2026-10-25T13:00:00Z'),
    );
    expect(fall.map((s) => [iso(s.start), (s.end - s.start) / HOUR])).toEqual([
      ['2026-10-24T22:00:00.000Z', 25],
    ]);
  });

  it('starts days at 18:15 UTC in Kathmandu (+05:45)', () => {
    const spans = bucketSpans(
      day('Asia/Kathmandu'),
      utc('2026-05-01T20:00:00Z'),
      utc('2026-05-01T21:00:00Z'),
    );
    expect(spans.map((s) => iso(s.start))).toEqual(['2026-05-01T18:15:00.000Z']);
  });

  it('starts a day at the DST change when midnight is skipped (São Paulo, 2018)', () => {
    const spans = bucketSpans(
      day('America/Sao_Paulo'),
      utc('2018-11-03T12:00:00Z'),
      utc('2018-11-04T12:00:00Z'),
    );
    // 2018-11-04 00:00 did not exist there: the clock went from 23:59:59 to 01:00 (03:00 UTC).
    expect(spans.map((s) => [iso(s.start), (s.end - s.start) / HOUR])).toEqual([
      ['2018-11-03T03:00:00.000Z', 24],
      ['2018-11-04T03:00:00.000Z', 23],
    ]);
  });

  it('makes the hour repeated when clocks go back two buckets', () => {
    const spans = bucketSpans(
      { zone: 'Europe/Paris', bucket: 'hour', weekStartsOn: 1 },
      utc('2026-10-24T23:30:00Z'),
      utc('2026-10-25T02:30:00Z'),
    );
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      hour: '2-digit',
      minute: '2-digit',
    });
    expect(spans.map((s) => local.format(s.start))).toEqual(['01:00', '02:00', '02:00', '03:00']);
    expect(spans.every((s) => s.end - s.start === HOUR)).toBe(true);
  });

  it('starts weeks on the chosen weekday', () => {
    const range = [utc('2026-01-07T12:00:00Z'), utc('2026-01-08T12:00:00Z')] as const; // a Wednesday
    const monday = bucketSpans({ zone: 'UTC', bucket: 'week', weekStartsOn: 1 }, ...range);
    const sunday = bucketSpans({ zone: 'UTC', bucket: 'week', weekStartsOn: 0 }, ...range);
    expect(monday.map((s) => iso(s.start))).toEqual(['2026-01-05T00:00:00.000Z']);
    expect(sunday.map((s) => iso(s.start))).toEqual(['2026-01-04T00:00:00.000Z']);
    expect((monday[0]?.end ?? 0) - (monday[0]?.start ?? 0)).toBe(7 * DAY);
  });

  it('refuses a range with too many buckets, saying what to do', () => {
    expect(() =>
      bucketSpans({ zone: 'UTC', bucket: 'hour', weekStartsOn: 1 }, 0, 3 * 365 * DAY),
    ).toThrow(/hour buckets .* choose a larger bucket or a shorter range/);
  });
});
