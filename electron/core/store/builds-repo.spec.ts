import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheLevel, CacheStatus } from '../../../shared/artifacts.js';
import type { NewBuildRecord } from './builds-repo.js';
import { HangarStore } from './store.js';

let dir: string;
let store: HangarStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hangar-builds-repo-'));
  store = HangarStore.open(path.join(dir, 'hangar.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function lookup(at: number, key: string, status: CacheStatus, level: CacheLevel = 'local'): number {
  return store.history.append({
    at,
    artifact: 'app',
    key,
    level,
    status,
    durationMs: 1,
    imageId: null,
    engine: null,
    origin: 'cli',
    reason: null,
    changedInputs: [],
  }).id;
}

function appended(startedAt: number, key: string, artifact = 'app') {
  const r: NewBuildRecord = {
    artifact,
    key,
    builder: 'buildkit',
    engine: 'unix:///d.sock',
    startedAt,
    durationMs: 10,
    outcome: 'built',
    imageId: null,
    buildId: null,
    nocache: false,
    steps: [],
    cachedSteps: 0,
    totalSteps: 1,
    warnings: [],
    cacheBrokeAt: null,
    error: null,
  };
  return store.builds.append(r);
}

const build = (startedAt: number, key: string): number => appended(startedAt, key).id;

describe('a build and the lookup that led to it', () => {
  it('pairs each build with the newest MISS or HIT_TOO_OLD of its key at or before it', () => {
    const first = lookup(1000, 'k1', 'MISS');
    const b1 = build(1005, 'k1');
    lookup(2000, 'k1', 'HIT');
    const tooOld = lookup(3000, 'k1', 'HIT_TOO_OLD');
    const b2 = build(3002, 'k1');
    const other = lookup(3500, 'k2', 'MISS');
    const b3 = build(3600, 'k2');
    expect(store.builds.get(b1)?.lookupId).toBe(first);
    expect(store.builds.get(b2)?.lookupId).toBe(tooOld);
    expect(store.builds.list().map((b) => [b.id, b.lookupId])).toEqual([
      [b3, other],
      [b2, tooOld],
      [b1, first],
    ]);
    expect(store.builds.forLookup(first)?.id).toBe(b1);
    expect(store.builds.forLookup(tooOld)?.id).toBe(b2);
    expect(store.builds.forLookup(other)?.id).toBe(b3);
  });

  it('says the lookup when a build is appended', () => {
    const miss = lookup(1000, 'k1', 'MISS');
    expect(appended(1001, 'k1').lookupId).toBe(miss);
    expect(appended(1002, 'k2').lookupId).toBeNull();
  });

  it('prefers the local row of a lookup at several levels, and links every row to the build', () => {
    const local = lookup(1000, 'k1', 'MISS');
    const remote = lookup(1000, 'k1', 'HIT_TOO_OLD', 'project');
    const b = build(1001, 'k1');
    expect(store.builds.get(b)?.lookupId).toBe(local);
    expect(store.builds.forLookup(remote)?.id).toBe(b);
  });

  it('finds no build for a HIT, a lookup that built nothing, or an unknown id', () => {
    const hit = lookup(1000, 'k1', 'HIT');
    const idle = lookup(2000, 'k1', 'MISS');
    const next = lookup(3000, 'k1', 'MISS');
    const b = build(3001, 'k1');
    expect(store.builds.forLookup(hit)).toBeNull();
    expect(store.builds.forLookup(idle)).toBeNull();
    expect(store.builds.forLookup(next)?.id).toBe(b);
    expect(store.builds.forLookup(999)).toBeNull();
  });

  it('has no lookup once the history no longer holds one', () => {
    const b = build(1000, 'k1');
    expect(store.builds.get(b)?.lookupId).toBeNull();
  });
});

describe('the saved builder', () => {
  it('is auto until saved, keeps what is saved, and reads anything else as auto', () => {
    expect(store.settings.builder()).toBe('auto');
    expect(store.settings.setBuilder('classic')).toBe('classic');
    expect(store.settings.builder()).toBe('classic');
    store.db.run("UPDATE settings SET value = '\"kaniko\"' WHERE key = 'builder'");
    expect(store.settings.builder()).toBe('auto');
  });
});
