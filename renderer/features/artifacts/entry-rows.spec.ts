import { describe, expect, it } from 'vitest';
import {
  fillRatio,
  formatHours,
  isCacheKeyTag,
  sortValue,
  splitRegistry,
  tagLabel,
  stateTitle,
  toEntryRow,
  toEntryRows,
  totalsLine,
} from './entry-rows.js';
import { makeEntry, makeListing } from '../../testing/artifact-entries.js';

describe('toEntryRow', () => {
  it('sets the cache tag apart from the people’s tags, and shortens key and image id', () => {
    const e = makeEntry('3f2a', {
      tags: ['app:latest', `app:${'3f2a'.padEnd(64, '0')}`, 'app:v1'],
    });
    const row = toEntryRow(e);
    expect(row.id).toBe(e.key);
    expect(row.keyShort).toBe('3f2a00000000');
    expect(row.imageShort).toBe('abababababab');
    expect(row.cacheTag).toBe(`app:${e.key}`);
    expect(row.tags).toEqual(['app:latest', 'app:v1']);
    expect(row.pushRefs).toEqual(['app:latest', 'app:v1', `app:${e.key}`]);
  });

  it('says when the cache tag is gone, and puts other entries’ cache tags last', () => {
    const other = `app:${'9'.repeat(64)}`;
    const row = toEntryRow(makeEntry('3f2a', { tags: [other, 'app:dev'] }));
    expect(row.cacheTag).toBeNull();
    expect(row.tags).toEqual(['app:dev', other]);
  });

  it('offers nothing to push when the image is gone', () => {
    const row = toEntryRow(makeEntry('3f2a', { state: 'missing' }));
    expect(row.pushRefs).toEqual([]);
    expect(row.stateTitle).toMatch(/gone from the engine: the next build .* is a MISS/);
  });

  it('measures last use by the last hit, else by when it was stored', () => {
    expect(toEntryRow(makeEntry('a', { lastHitAt: 5, storedAt: 1 })).lastUsed).toBe(5);
    expect(toEntryRow(makeEntry('a', { lastHitAt: null, storedAt: 1 })).lastUsed).toBe(1);
  });

  it('has no rows before the listing arrives', () => {
    expect(toEntryRows(null)).toEqual([]);
    expect(toEntryRows(makeListing([makeEntry('a'), makeEntry('b')]))).toHaveLength(2);
  });
});

describe('stateTitle', () => {
  it('explains each state, stale with its TTL', () => {
    expect(stateTitle(makeEntry('a', { state: 'present' }))).toMatch(/HIT/);
    expect(stateTitle(makeEntry('a', { state: 'stale', ttlHours: 24 }))).toMatch(
      /older than its TTL \(24 h\): the next build rebuilds it/,
    );
    expect(stateTitle(makeEntry('a', { state: 'unknown' }))).toMatch(/cannot be reached/);
  });
});

describe('isCacheKeyTag', () => {
  it('knows a tag whose tag part is a 64-hex key', () => {
    expect(isCacheKeyTag(`localhost:5000/app:${'a1'.repeat(32)}`)).toBe(true);
    expect(isCacheKeyTag('app:latest')).toBe(false);
    expect(isCacheKeyTag(`app:${'a'.repeat(63)}`)).toBe(false);
  });
});

describe('sortValue', () => {
  const num = (row: ReturnType<typeof toEntryRow>, column: string): number =>
    Number(sortValue(row, column));
  const missing = toEntryRow(makeEntry('m', { state: 'missing', size: 9e9 }));
  const pinned = toEntryRow(makeEntry('p', { pinned: true, hitCount: 3 }));
  const plain = toEntryRow(makeEntry('q', { state: 'present' }));

  it('sorts a missing entry’s size below every present one', () => {
    expect(num(missing, 'size')).toBeLessThan(num(plain, 'size'));
  });

  it('ranks missing over stale over present, pinned just above its state', () => {
    const stale = toEntryRow(makeEntry('s', { state: 'stale' }));
    expect(num(missing, 'status')).toBeGreaterThan(num(stale, 'status'));
    expect(num(stale, 'status')).toBeGreaterThan(num(pinned, 'status'));
    expect(num(pinned, 'status')).toBeGreaterThan(num(plain, 'status'));
  });

  it('reads the other columns from the entry', () => {
    expect(sortValue(pinned, 'hits')).toBe(3);
    expect(sortValue(pinned, 'artifact')).toBe('app');
    expect(sortValue(pinned, 'tags')).toBe('app:latest');
    expect(sortValue(pinned, 'lastHit')).toBe(0);
    expect(sortValue(pinned, 'nope')).toBe(0);
  });
});

describe('totalsLine and fillRatio', () => {
  it('says entries, size against the limit, pinned, missing and the TTL', () => {
    const listing = makeListing([
      makeEntry('a', { pinned: true }),
      makeEntry('b', { state: 'missing' }),
    ]);
    expect(totalsLine(listing)).toBe(
      '2 entries · 12.3 MB of 10 GB limit · 1 pinned · 1 missing · no TTL',
    );
    expect(fillRatio(listing)).toBeCloseTo(0.00123);
  });

  it('says when there is no limit, and the TTL in days when it is whole days', () => {
    const listing = makeListing([makeEntry('a')], {
      settings: { maxSizeBytes: null, ttlHours: 168 },
    });
    expect(totalsLine(listing)).toBe('1 entry · 12.3 MB (no size limit) · TTL 7 days');
    expect(fillRatio(listing)).toBeNull();
  });

  it('counts a cache over a zero limit as over', () => {
    const listing = makeListing([makeEntry('a')], {
      settings: { maxSizeBytes: 0, ttlHours: null },
    });
    expect(fillRatio(listing)).toBe(Infinity);
  });
});

describe('formatHours', () => {
  it('keeps hours under two days and fractions, days from 48 h on', () => {
    expect(formatHours(36)).toBe('36 h');
    expect(formatHours(1.5)).toBe('1.5 h');
    expect(formatHours(48)).toBe('2 days');
    expect(formatHours(50)).toBe('50 h');
  });
});

describe('tagLabel and splitRegistry', () => {
  it('shows only the tag part of a tag in the artifact’s repository', () => {
    expect(tagLabel('app:dev', 'app')).toBe('dev');
    expect(tagLabel('localhost:5000/app:1', 'localhost:5000/app')).toBe('1');
    expect(tagLabel('app-debug:dev', 'app')).toBe('app-debug:dev');
    expect(tagLabel('other/app:dev', 'app')).toBe('other/app:dev');
  });

  it('splits off a registry host, and only a host', () => {
    expect(splitRegistry('127.0.0.1:5000/e2e/app')).toEqual(['127.0.0.1:5000/', 'e2e/app']);
    expect(splitRegistry('localhost/app')).toEqual(['localhost/', 'app']);
    expect(splitRegistry('ghcr.io/acme/api')).toEqual(['ghcr.io/', 'acme/api']);
    expect(splitRegistry('team/api')).toEqual(['', 'team/api']);
    expect(splitRegistry('app')).toEqual(['', 'app']);
  });
});
