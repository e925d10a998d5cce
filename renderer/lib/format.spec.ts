import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatBytes,
  formatClock,
  formatCount,
  formatIso,
  humanDuration,
  plural,
  shortId,
} from './format.js';

describe('formatBytes', () => {
  it('uses SI units with three significant digits, like the docker CLI', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1 kB');
    expect(formatBytes(5_590)).toBe('5.59 kB');
    expect(formatBytes(72_812_345)).toBe('72.8 MB');
    expect(formatBytes(1_234_567_890)).toBe('1.23 GB');
    expect(formatBytes(56_700_000_000)).toBe('56.7 GB');
    expect(formatBytes(2e12)).toBe('2 TB');
  });

  it('carries a value that rounds up to 1000 into the next unit', () => {
    expect(formatBytes(999_960)).toBe('1 MB');
    expect(formatBytes(999_499)).toBe('999 kB');
  });

  it('shows a dash for sizes that are not sizes', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('counts', () => {
  it('groups thousands and picks the plural', () => {
    expect(formatCount(1234)).toBe('1,234');
    expect(plural(1, 'image')).toBe('1 image');
    expect(plural(0, 'image')).toBe('0 images');
    expect(plural(1234, 'image')).toBe('1,234 images');
  });
});

describe('humanDuration / formatAge', () => {
  const now = Date.UTC(2026, 10, 23, 12, 0, 0);
  const ago = (ms: number): string => formatAge((now - ms) / 1000, now);

  it('says ages the way docker images does', () => {
    expect(ago(30_000)).toBe('30 seconds ago');
    expect(ago(90_000)).toBe('About a minute ago');
    expect(ago(5 * 60_000)).toBe('5 minutes ago');
    expect(ago(60 * 60_000)).toBe('About an hour ago');
    expect(ago(5 * 3_600_000)).toBe('5 hours ago');
    expect(ago(3 * 86_400_000)).toBe('3 days ago');
    expect(ago(20 * 86_400_000)).toBe('2 weeks ago');
    expect(ago(100 * 86_400_000)).toBe('3 months ago');
    expect(ago(800 * 86_400_000)).toBe('2 years ago');
  });

  it('reads a time in the future (clock skew) as just now', () => {
    expect(formatAge(now / 1000 + 60, now)).toBe('just now');
  });

  it('handles sub-second durations', () => {
    expect(humanDuration(400)).toBe('Less than a second');
    expect(humanDuration(1000)).toBe('1 second');
  });
});

describe('timestamps and ids', () => {
  it('formats ISO from Unix seconds and local HH:MM:SS from Unix ms', () => {
    expect(formatIso(1_700_000_000)).toBe('2023-11-14T22:13:20.000Z');
    expect(formatIso(Number.NaN)).toBe('');
    const local = new Date(2026, 0, 2, 3, 4, 5).getTime();
    expect(formatClock(local)).toBe('03:04:05');
  });

  it('shortens ids to 12 hex without the algorithm', () => {
    expect(shortId('sha256:0123456789abcdef0123')).toBe('0123456789ab');
    expect(shortId('0123456789abcdef')).toBe('0123456789ab');
  });
});
