/**
 * FTL interchange. Export: the matching lookups, oldest first, as FTL's cache-stats JSON; Hangar's
 * `local` level is written as `project` (FTL knows only the project's cache and the global one).
 * Import: FTL writes one file per build, so each file's entries are recorded at the file's time,
 * with origin `import`. Every file is validated before anything is written, and all of them are
 * written in one transaction: a malformed file imports nothing. A file imported before (same name,
 * time and content) is skipped, so re-importing a folder of build files does not count builds twice.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import {
  ftlLevel,
  parseFtlFile,
  UNKNOWN_FTL_ARTIFACT,
  type FtlCacheStat,
  type FtlExport,
  type HistoryFilters,
  type HistoryImportReport,
  type HistoryImportRequest,
  type LookupRecord,
} from '../../../shared/history.js';
import type { CacheLevel, CacheStatus } from '../../../shared/artifacts.js';
import { HangarError } from '../../../shared/errors.js';
import { jsonColumn, text } from '../store/database.js';
import type { HangarStore } from '../store/store.js';
import { matchingRows } from './log-query.js';

const IMPORTS_KEY = 'history.imports';
/** How many imported files are remembered for duplicate detection. */
export const REMEMBERED_IMPORTS = 5_000;

export function exportFtl(store: HangarStore, filters: HistoryFilters): FtlExport {
  const rows = matchingRows(store.db, filters);
  let localAsProject = 0;
  const cacheStats: FtlCacheStat[] = rows.map((r) => {
    if (r.level === 'local') localAsProject++;
    return {
      type: 'docker_layer_cache',
      level: ftlLevel(r.level as CacheLevel),
      hash: r.key,
      status: r.status as CacheStatus,
    };
  });
  return { file: { cacheStats }, count: cacheStats.length, localAsProject };
}

/**
 * Identifies one build's file: its name, time and content (two builds can write the same content,
 * say two all-HIT builds, but not at the same time).
 */
function fingerprint(file: HistoryImportRequest['files'][number]): string {
  return createHash('sha256')
    .update(`${path.basename(file.name)}\0${file.modifiedAt ?? ''}\0`)
    .update(file.text)
    .digest('hex');
}

/** The artifact that last used each hash (a round trip of Hangar's own export finds them). */
function knownArtifacts(store: HangarStore, hashes: readonly string[]): Map<string, string> {
  const known = new Map<string, string>();
  if (hashes.length === 0) return known;
  const list = JSON.stringify([...new Set(hashes)]);
  for (const row of store.db.all(
    'SELECT key, artifact FROM cache_entries WHERE key IN (SELECT value FROM json_each(?))',
    list,
  )) {
    known.set(text(row, 'key'), text(row, 'artifact'));
  }
  for (const row of store.db.all(
    `SELECT key, artifact, max(at) FROM lookups
     WHERE key IN (SELECT value FROM json_each(?)) AND origin <> 'import' GROUP BY key`,
    list,
  )) {
    known.set(text(row, 'key'), text(row, 'artifact'));
  }
  return known;
}

export function importFtl(
  store: HangarStore,
  request: HistoryImportRequest,
  now: number,
): { report: HistoryImportReport; records: LookupRecord[] } {
  const parsed = request.files.map((file) => {
    const result = parseFtlFile(file.name, file.text);
    if (!result.ok) {
      throw new HangarError('VALIDATION', `Nothing was imported. ${result.error}`);
    }
    return { file, stats: result.stats, digest: fingerprint(file) };
  });
  const db = store.db;
  return db.write(() => {
    const row = db.get('SELECT value FROM settings WHERE key = ?', IMPORTS_KEY);
    const seen = row ? jsonColumn<string[]>(row, 'value', []) : [];
    const seenSet = new Set(seen);
    const known =
      request.artifact === null
        ? knownArtifacts(
            store,
            parsed.flatMap((p) => p.stats.map((s) => s.hash)),
          )
        : new Map<string, string>();
    const records: LookupRecord[] = [];
    const files: HistoryImportReport['files'] = [];
    for (const p of parsed) {
      const at = p.file.modifiedAt ?? now;
      const duplicate = seenSet.has(p.digest);
      files.push({ name: p.file.name, entries: p.stats.length, at, duplicate });
      if (duplicate) continue;
      seenSet.add(p.digest);
      seen.push(p.digest);
      const base = path.basename(p.file.name);
      for (const s of p.stats) {
        records.push(
          store.history.append({
            at,
            artifact: request.artifact ?? known.get(s.hash) ?? UNKNOWN_FTL_ARTIFACT,
            key: s.hash,
            level: s.level,
            status: s.status,
            durationMs: 0,
            imageId: null,
            engine: null,
            origin: 'import',
            reason: s.status === 'HIT' ? null : `imported from ${base}`,
            changedInputs: [],
          }),
        );
      }
    }
    db.run(
      `INSERT INTO settings (key, value) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      IMPORTS_KEY,
      JSON.stringify(seen.slice(-REMEMBERED_IMPORTS)),
    );
    return { report: { imported: records.length, files }, records };
  });
}
