/**
 * For the history specs and the benchmark only (never imported by the app): a store in a temporary
 * folder and lookup rows made to order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LookupRecord } from '../../shared/artifacts.js';
import type { NewLookupRecord } from '../../electron/core/store/history-repo.js';
import { HangarStore, StoreProvider } from '../../electron/core/store/store.js';

export interface TempStore {
  dir: string;
  file: string;
  provider: StoreProvider;
  store: HangarStore;
  dispose(): void;
}

export function openTempStore(prefix = 'hangar-history-'): TempStore {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const file = path.join(dir, 'hangar.db');
  const provider = new StoreProvider(file);
  return {
    dir,
    file,
    provider,
    store: provider.get(),
    dispose() {
      provider.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function lookup(over: Partial<NewLookupRecord> = {}): NewLookupRecord {
  return {
    at: Date.UTC(2026, 0, 10, 12),
    artifact: 'app',
    key: 'a'.repeat(64),
    level: 'local',
    status: 'HIT',
    durationMs: 10,
    imageId: null,
    engine: 'unix:///var/run/docker.sock',
    origin: 'gui',
    reason: null,
    changedInputs: [],
    ...over,
  };
}

/** Appends the rows in one transaction; returns them with their ids. */
export function insertLookups(
  store: HangarStore,
  rows: readonly Partial<NewLookupRecord>[],
): LookupRecord[] {
  return store.db.write(() => rows.map((r) => store.history.append(lookup(r))));
}
