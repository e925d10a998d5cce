import { describe, expect, it } from 'vitest';
import { HangarError } from '../../../shared/errors.js';
import {
  actionErrorText,
  ageAt,
  filterRows,
  formatTtl,
  judgeFreshness,
  levelErrorText,
  loadedLine,
  matchLine,
  parseTtl,
  pinWords,
  shortDigest,
  shortKey,
  siblingKeys,
  stripRequestPrefix,
  toCacheRow,
  toCacheRows,
  validationField,
} from './cache-rows.js';
import { digestOf, makeCacheEntry } from '../../testing/registry-cache-entries.js';

const HOUR = 3_600_000;
const CREATED = Date.parse('2026-01-10T12:00:00.000Z');
const KEY = 'a3f5c2d1e0b9a8f7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3';

describe('short forms', () => {
  it('cuts a 64-hex key to 12 and keeps a short tag whole', () => {
    expect(shortKey(KEY)).toBe('a3f5c2d1e0b9…');
    expect(shortKey('key-old')).toBe('key-old');
    expect(shortDigest(`sha256:${KEY}`)).toBe('a3f5c2d1e0b9');
    expect(shortDigest('')).toBe('');
  });

  it('counts loaded tags against the total', () => {
    expect(loadedLine(100, 1234)).toBe('100 of 1,234 tags loaded');
    expect(loadedLine(56, 56)).toBe('All 56 tags');
    expect(loadedLine(1, 1)).toBe('1 tag');
    expect(loadedLine(0, 0)).toBe('No tags');
  });

  it('counts a search against every tag of the level', () => {
    expect(matchLine(12, 12, 5000)).toBe('12 of 5,000 tags match');
    expect(matchLine(1, 1, 5000)).toBe('1 of 5,000 tags matches');
    expect(matchLine(100, 240, 5000)).toBe('100 of 240 matches loaded');
    expect(matchLine(0, 0, 5000)).toBe('No tag of 5,000 matches');
  });

  it('says a TTL in hours, or days when whole', () => {
    expect(formatTtl(24)).toBe('24 h');
    expect(formatTtl(1.5)).toBe('1.5 h');
    expect(formatTtl(168)).toBe('7 days');
  });
});

describe('freshness', () => {
  it('follows the core’s rule: fresh up to the TTL, too old past it, unknown without either', () => {
    expect(judgeFreshness(24 * HOUR, 24)).toBe('fresh');
    expect(judgeFreshness(24 * HOUR + 1, 24)).toBe('too-old');
    expect(judgeFreshness(null, 24)).toBe('unknown');
    expect(judgeFreshness(5, null)).toBe('unknown');
  });

  it('measures the age at the time given, from the image’s creation', () => {
    const entry = makeCacheEntry('a', { created: new Date(CREATED).toISOString(), ageMs: 1 });
    expect(ageAt(entry, CREATED + 5 * HOUR)).toBe(5 * HOUR);
    // Clock skew (created in the future) is no negative age.
    expect(ageAt(entry, CREATED - HOUR)).toBe(0);
    expect(ageAt(makeCacheEntry('b', { created: null, ageMs: null }), CREATED)).toBeNull();
  });

  it('judges a row against the TTL in use, so a new TTL needs no new listing', () => {
    const entry = makeCacheEntry('a', { created: new Date(CREATED).toISOString() });
    const now = CREATED + 30 * HOUR;
    const fresh = toCacheRow(entry, 48, now);
    expect(fresh).toMatchObject({ freshness: 'fresh', ageMs: 30 * HOUR, createdMs: CREATED });
    expect(fresh.freshnessTitle).toBe(
      '30 hours old, within the TTL of 2 days: a lookup uses it (HIT).',
    );
    const old = toCacheRow(entry, 24, now);
    expect(old.freshness).toBe('too-old');
    expect(old.freshnessTitle).toBe(
      '30 hours old, past the TTL of 24 h: a lookup rebuilds instead (HIT_TOO_OLD).',
    );
    expect(fresh.freshnessLabel).toBe('fresh');
    expect(old.freshnessLabel).toBe('too old');
    const none = toCacheRow(entry, null, now);
    expect(none.freshness).toBe('unknown');
    expect(none.freshnessLabel).toBe('no TTL');
    const undated = toCacheRow(makeCacheEntry('b', { created: null, ageMs: null }), 24, now);
    expect(undated).toMatchObject({ freshness: 'unknown', freshnessLabel: 'no date' });
    expect(none.freshnessTitle).toMatch(/No TTL is set/);
  });

  it('marks an unreadable tag as not judged', () => {
    const row = toCacheRow(
      makeCacheEntry('x', { error: 'manifest unknown', digest: '', created: null, ageMs: null }),
      24,
      CREATED,
    );
    expect(row).toMatchObject({ freshness: 'unknown', digestShort: null, ageMs: null });
    expect(row.freshnessTitle).toBe('This tag could not be read.');
  });
});

describe('filterRows', () => {
  const rows = toCacheRows(
    [
      makeCacheEntry('aaa111', { artifact: 'web/api' }),
      makeCacheEntry('bbb222', { artifact: 'web/ui' }),
      makeCacheEntry('ccc333', { digest: `sha256:${'d'.repeat(64)}` }),
    ],
    null,
    CREATED,
  );

  it('keeps rows whose key or artifact holds every word, in any case, as the core searches', () => {
    expect(filterRows(rows, '').map((r) => r.id)).toEqual(['aaa111', 'bbb222', 'ccc333']);
    expect(filterRows(rows, 'WEB').map((r) => r.id)).toEqual(['aaa111', 'bbb222']);
    expect(filterRows(rows, 'web  ui').map((r) => r.id)).toEqual(['bbb222']);
    expect(filterRows(rows, 'ccc 333').map((r) => r.id)).toEqual(['ccc333']);
    // Digests are not searched: the core cannot search them without reading every tag.
    expect(filterRows(rows, 'dddd')).toEqual([]);
    expect(filterRows(rows, 'zzz')).toEqual([]);
  });
});

describe('siblingKeys', () => {
  it('lists the other loaded tags of the same digest, and none for an unread tag', () => {
    const d = digestOf('same');
    const entries = [
      makeCacheEntry('a', { digest: d }),
      makeCacheEntry('b'),
      makeCacheEntry('c', { digest: d }),
      makeCacheEntry('x', { digest: '' }),
      makeCacheEntry('y', { digest: '' }),
    ];
    expect(siblingKeys(entries, entries[0]!)).toEqual(['c']);
    expect(siblingKeys(entries, entries[1]!)).toEqual([]);
    expect(siblingKeys(entries, entries[3]!)).toEqual([]);
  });
});

describe('pinWords', () => {
  it('says nothing when no build here used the tag', () => {
    expect(pinWords(makeCacheEntry('a'), 'pinned')).toBeNull();
  });

  it('names the artifact and digest of a pinned tag', () => {
    const entry = makeCacheEntry('a', {
      pin: 'pinned',
      pinnedDigest: digestOf('a'),
      artifact: 'web/api',
    });
    expect(pinWords(entry, 'pinned')).toEqual({
      tone: 'pinned',
      label: 'pinned',
      title: `Your last build of web/api used this digest (${digestOf('a')}): lookups keep getting the same image.`,
    });
  });

  it('warns of a moved tag with both digests and what lookups do about it', () => {
    const entry = makeCacheEntry('a', {
      pin: 'moved',
      pinnedDigest: digestOf('mine'),
      artifact: 'web/api',
    });
    const words = pinWords(entry, 'pinned');
    expect(words?.tone).toBe('moved');
    expect(words?.label).toBe('moved since your last build');
    expect(words?.title.split('\n')).toEqual([
      'Someone wrote this tag since your last build of web/api.',
      `Yours: ${digestOf('mine')}`,
      `Now: ${digestOf('a')}`,
      'Lookups keep using your digest while the registry has it (setting: pinned).',
    ]);
    expect(pinWords(entry, 'newest')?.title).toMatch(/take the new digest/);
  });
});

describe('errors in words', () => {
  it('adds how to log in to a refused listing, unless the core said it already', () => {
    expect(
      levelErrorText(
        'AUTH_FAILED',
        'reg.example.com refused the credentials (HTTP 403)',
        'reg.example.com/t/c',
        [],
      ),
    ).toBe(
      'reg.example.com refused the credentials (HTTP 403). Run docker login reg.example.com (Hangar uses the docker CLI’s credentials), then Refresh.',
    );
    expect(
      levelErrorText(
        'AUTH_FAILED',
        'reg.example.com needs a login: run docker login reg.example.com.',
        'reg.example.com/t/c',
        [],
      ),
    ).toBe('reg.example.com needs a login: run docker login reg.example.com.');
  });

  it('suggests the insecure list for an unreachable registry that is neither loopback nor in it', () => {
    const msg = 'Cannot reach registry.lan:5000: fetch failed';
    expect(levelErrorText('REGISTRY_ERROR', msg, 'registry.lan:5000/t/c', [])).toBe(
      'Cannot reach registry.lan:5000: fetch failed. Check the address and that the registry is running, then Refresh. If it serves plain HTTP, add registry.lan:5000 to the insecure registries in the settings.',
    );
    expect(
      levelErrorText('REGISTRY_ERROR', msg, 'registry.lan:5000/t/c', ['registry.lan:5000']),
    ).not.toMatch(/insecure/);
    expect(
      levelErrorText(
        'REGISTRY_ERROR',
        'Cannot reach 127.0.0.1:1: ECONNREFUSED',
        '127.0.0.1:1/t/c',
        [],
      ),
    ).not.toMatch(/insecure/);
  });

  it('judges loopback as the core does: by address, never by how a name looks', () => {
    const text = (registry: string) =>
      levelErrorText('REGISTRY_ERROR', `Cannot reach ${registry}`, `${registry}/t/c`, []);
    for (const loopback of ['[0:0:0:0:0:0:0:1]:5000', '127.8.9.10:5000', 'localhost:5000']) {
      expect(text(loopback), loopback).not.toMatch(/insecure/);
    }
    for (const remote of ['127.example.com:5000', '127.0.0.300:5000']) {
      expect(text(remote), remote).toMatch(/add .* to the insecure registries/);
    }
  });

  it('drops the request prefix of a validation error', () => {
    const msg =
      'Invalid request registryCache:list: argument 0.location: A cache location is REGISTRY/REPO[/NAMESPACE], e.g. localhost:5000/team/cache.';
    expect(stripRequestPrefix(msg)).toBe(
      'A cache location is REGISTRY/REPO[/NAMESPACE], e.g. localhost:5000/team/cache.',
    );
    expect(levelErrorText('VALIDATION', msg, 'x', [])).toBe(stripRequestPrefix(msg));
  });

  it('finds the settings field a validation error is about', () => {
    expect(
      validationField(
        'Invalid request registryCache:setSettings: argument 0.global: A cache location is REGISTRY/REPO[/NAMESPACE], e.g. localhost:5000/team/cache.',
      ),
    ).toEqual({
      field: 'global',
      text: 'A cache location is REGISTRY/REPO[/NAMESPACE], e.g. localhost:5000/team/cache.',
    });
    expect(
      validationField(
        'Invalid request registryCache:setSettings: argument 0.insecureRegistries.1: An insecure registry is a host[:port] such as registry.lan:5000.',
      ).field,
    ).toBe('insecureRegistries');
    expect(
      validationField(
        'Invalid request registryCache:setSettings: argument 0: The global level must be another location than the project level.',
      ),
    ).toEqual({
      field: null,
      text: 'The global level must be another location than the project level.',
    });
  });

  it('words a failed row action, with the login hint once', () => {
    const registry = 'localhost:5000';
    expect(
      actionErrorText(
        new HangarError(
          'AUTH_FAILED',
          'localhost:5000 needs a login: run docker login localhost:5000.',
        ),
        registry,
      ),
    ).toBe('localhost:5000 needs a login: run docker login localhost:5000.');
    expect(
      actionErrorText(new HangarError('AUTH_FAILED', 'Pulling x failed: denied'), registry),
    ).toBe(
      'Pulling x failed: denied. Run docker login localhost:5000 (Hangar uses the docker CLI’s credentials), then try again.',
    );
    expect(
      actionErrorText(
        new HangarError(
          'REGISTRY_ERROR',
          `${registry} does not allow deletes (UNSUPPORTED): ask its operator.`,
        ),
        registry,
      ),
    ).toBe(`${registry} does not allow deletes (UNSUPPORTED): ask its operator.`);
  });
});

describe('parseTtl', () => {
  it('takes hours above 0, or empty for none', () => {
    expect(parseTtl('24')).toEqual({ ok: true, hours: 24 });
    expect(parseTtl(' 1.5 ')).toEqual({ ok: true, hours: 1.5 });
    expect(parseTtl('')).toEqual({ ok: true, hours: null });
    expect(parseTtl('0')).toEqual({ ok: false });
    expect(parseTtl('-3')).toEqual({ ok: false });
    expect(parseTtl('abc')).toEqual({ ok: false });
    expect(parseTtl('1e9')).toEqual({ ok: false });
  });
});
