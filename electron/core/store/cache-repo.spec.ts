import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputDigest } from '../../../shared/artifacts.js';
import { decodeInputs, encodeInputs, type EntryRow } from './cache-repo.js';
import { HangarStore } from './store.js';

let dir: string;
let store: HangarStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hangar-repo-'));
  store = HangarStore.open(path.join(dir, 'hangar.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function entry(key: string, over: Partial<EntryRow> = {}): EntryRow {
  return {
    key,
    source: 'hangar',
    artifact: 'app',
    imageId: `sha256:${key.padEnd(64, '0')}`,
    digest: null,
    tags: [`app:${key}`],
    size: 100,
    createdAt: 1_000,
    storedAt: 2_000,
    lastHitAt: null,
    hitCount: 0,
    pinned: false,
    engine: 'unix:///d.sock',
    ...over,
  };
}

const inputs: InputDigest[] = [
  { kind: 'config', name: 'name', digest: 'a'.repeat(64) },
  { kind: 'buildArg', name: 'VERSION', digest: 'b'.repeat(64) },
  { kind: 'dockerfile', name: 'Dockerfile', digest: 'c'.repeat(64) },
  { kind: 'file', name: 'src/ü.txt', digest: 'd'.repeat(64) },
];

describe('cache entries', () => {
  it('round-trips inputs through the compact encoding', () => {
    expect(decodeInputs(encodeInputs(inputs))).toEqual(inputs);
  });

  it('stores an entry with its inputs, keeps pinning and hits across a rebuild', () => {
    store.entries.put(entry('k1'), inputs);
    store.entries.setPinned('k1', true);
    store.entries.recordHit('k1', 5_000);
    store.entries.put(entry('k1', { imageId: 'sha256:new', storedAt: 6_000 }), null);
    const got = store.entries.get('k1');
    expect(got).toMatchObject({
      imageId: 'sha256:new',
      pinned: true,
      hitCount: 1,
      lastHitAt: 5_000,
    });
    expect(store.entries.inputs('k1')).toEqual(inputs);
  });

  it('finds the last used entry of an artifact (built or hit), ignoring skaffold entries', () => {
    store.entries.put(entry('old', { storedAt: 1_000 }), inputs);
    store.entries.put(entry('new', { storedAt: 2_000 }), inputs);
    store.entries.put(entry('sk', { storedAt: 9_000, source: 'skaffold' }), null);
    expect(store.entries.lastOf('app')?.key).toBe('new');
    store.entries.recordHit('old', 3_000);
    expect(store.entries.lastOf('app')?.key).toBe('old');
    expect(store.entries.lastOf('other')).toBeNull();
  });

  it('resolves key prefixes and deletes entries with their inputs', () => {
    store.entries.put(entry('abc1'), inputs);
    store.entries.put(entry('abc2'), inputs);
    expect(store.entries.byPrefix('abc').map((e) => e.key)).toEqual(['abc1', 'abc2']);
    expect(store.entries.byPrefix('abc2').map((e) => e.key)).toEqual(['abc2']);
    expect(store.entries.delete(['abc1', 'nope'])).toBe(1);
    expect(store.entries.get('abc1')).toBeNull();
    expect(store.entries.inputs('abc1')).toBeNull();
    expect(store.db.get('SELECT count(*) AS n FROM entry_inputs')?.n).toBe(1);
  });
});

describe('settings, artifacts, history', () => {
  it('defaults the cache settings and saves them', () => {
    expect(store.settings.cache()).toEqual({ ttlHours: null, maxSizeBytes: 10_000_000_000 });
    expect(store.settings.setCache({ ttlHours: 24, maxSizeBytes: null })).toEqual({
      ttlHours: 24,
      maxSizeBytes: null,
    });
  });

  it('keeps an artifact TTL override unless a new one is given', () => {
    const base = {
      name: 'app',
      context: '/w',
      dockerfile: 'Dockerfile',
      target: null,
      platform: null,
      buildArgNames: ['A'],
      updatedAt: 1,
    };
    store.artifacts.put({ ...base, ttlHours: 12 });
    store.artifacts.put({ ...base, updatedAt: 2 });
    expect(store.artifacts.get('app')).toMatchObject({ ttlHours: 12, updatedAt: 2 });
    expect(store.artifacts.ttlOverrides()).toEqual(new Map([['app', 12]]));
  });

  it('appends lookups with their changed inputs, newest first', () => {
    const base = {
      artifact: 'app',
      key: 'k',
      level: 'local' as const,
      durationMs: 1.5,
      imageId: null,
      engine: 'unix:///d.sock',
      origin: 'cli' as const,
    };
    store.history.append({ ...base, at: 1, status: 'MISS', reason: 'no entry', changedInputs: [] });
    const second = store.history.append({
      ...base,
      at: 2,
      status: 'MISS',
      reason: 'inputs changed: file a',
      changedInputs: [{ kind: 'file', name: 'a', change: 'modified' }],
    });
    expect(store.history.recent(10)).toEqual([second, expect.objectContaining({ at: 1 })]);
    expect(store.history.count()).toBe(2);
  });
});
