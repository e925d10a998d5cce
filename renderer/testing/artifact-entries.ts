/** Cache entries for the unit tests of this feature (never imported by the app). */
import type { CacheEntry, CacheListing } from '../../shared/artifacts.js';

export function makeEntry(key: string, overrides: Partial<CacheEntry> = {}): CacheEntry {
  const fullKey = key.padEnd(64, '0');
  return {
    key: fullKey,
    source: 'hangar',
    artifact: 'app',
    imageId: `sha256:${'ab'.repeat(32)}`,
    digest: null,
    tags: [`app:${fullKey}`, 'app:latest'],
    size: 12_300_000,
    created: 1_700_000_000_000,
    storedAt: 1_700_000_100_000,
    lastHitAt: null,
    hitCount: 0,
    pinned: false,
    engine: 'unix:///var/run/docker.sock',
    state: 'present',
    inUseBy: [],
    ttlHours: null,
    ...overrides,
  };
}

export function makeListing(entries: CacheEntry[], overrides: Partial<CacheListing> = {}) {
  return {
    entries,
    totals: {
      entries: entries.length,
      size: entries.reduce((n, e) => n + (e.state === 'missing' ? 0 : e.size), 0),
      pinned: entries.filter((e) => e.pinned).length,
      missing: entries.filter((e) => e.state === 'missing').length,
    },
    settings: { ttlHours: null, maxSizeBytes: 10_000_000_000 },
    storeFile: '/home/me/.local/share/hangar/hangar.db',
    ...overrides,
  } satisfies CacheListing;
}
