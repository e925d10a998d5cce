import { describe, expect, it } from 'vitest';
import { Backoff, DEFAULT_BACKOFF } from './backoff.js';

function schedule(backoff: Backoff, n: number): number[] {
  return Array.from({ length: n }, () => backoff.next());
}

describe('Backoff', () => {
  it('doubles from 500 ms to a 15 s ceiling by default (no jitter at the midpoint)', () => {
    const backoff = new Backoff(DEFAULT_BACKOFF, () => 0.5);
    expect(schedule(backoff, 8)).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    expect(backoff.attempts).toBe(8);
  });

  it('spreads each delay by ±20 % and never exceeds the ceiling', () => {
    const low = new Backoff({ initialMs: 100, maxMs: 1000 }, () => 0);
    expect(schedule(low, 5)).toEqual([80, 160, 320, 640, 800]);
    const high = new Backoff({ initialMs: 100, maxMs: 1000 }, () => 0.999999);
    expect(schedule(high, 5)).toEqual([120, 240, 480, 960, 1000]);
  });

  it('honours a custom jitter fraction', () => {
    const none = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 }, () => 0);
    expect(schedule(none, 3)).toEqual([100, 200, 400]);
  });

  it('starts over after reset()', () => {
    const backoff = new Backoff({ initialMs: 10, maxMs: 100 }, () => 0.5);
    schedule(backoff, 4);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(10);
  });

  it('stays finite after many attempts', () => {
    const backoff = new Backoff({ initialMs: 1, maxMs: 50 }, () => 0.5);
    schedule(backoff, 2000);
    expect(backoff.next()).toBe(50);
  });

  it('rejects a policy that makes no sense', () => {
    expect(() => new Backoff({ initialMs: 0, maxMs: 10 })).toThrow(RangeError);
    expect(() => new Backoff({ initialMs: 20, maxMs: 10 })).toThrow(RangeError);
  });
});
