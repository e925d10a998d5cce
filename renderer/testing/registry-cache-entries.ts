/** Builders of registry cache records for the unit tests (never imported by the app). */
import type {
  RegistryCacheEntry,
  RegistryCachePage,
  RemoteCacheSettings,
} from '../../shared/registry-cache.js';

export const LOC = 'localhost:5000/team/cache';
export const GLOBAL_LOC = 'localhost:5000/shared/cache';

/** `sha256:` + 64 hex from a short seed. */
export function digestOf(seed: string): string {
  const hex = Array.from(seed, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  return `sha256:${hex.padEnd(64, '0').slice(0, 64)}`;
}

export function makeCacheEntry(
  key: string,
  over: Partial<RegistryCacheEntry> = {},
  location = LOC,
): RegistryCacheEntry {
  return {
    key,
    reference: `${location}:${key}`,
    digest: digestOf(key),
    created: '2026-01-10T12:00:00.000Z',
    ageMs: 3_600_000,
    size: 1_234_567,
    freshness: 'unknown',
    artifact: null,
    pin: null,
    pinnedDigest: null,
    ...over,
  };
}

export function makePage(
  entries: RegistryCacheEntry[],
  over: Partial<RegistryCachePage> = {},
): RegistryCachePage {
  const total = over.total ?? entries.length;
  return {
    registry: 'localhost:5000',
    repository: 'team/cache',
    total,
    matching: total,
    entries,
    nextCursor: null,
    listedAt: Date.parse('2026-01-10T13:00:00.000Z'),
    ...over,
  };
}

export function makeSettings(over: Partial<RemoteCacheSettings> = {}): RemoteCacheSettings {
  return {
    project: null,
    global: null,
    pushAfterBuild: true,
    onMoved: 'pinned',
    insecureRegistries: [],
    ...over,
  };
}

/** Keys `k000`, `k001`… */
export function keys(n: number, from = 0): string[] {
  return Array.from({ length: n }, (_, i) => `k${String(from + i).padStart(3, '0')}`);
}
