import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_HISTORY_FILTERS, type HistoryImportFile } from '../../../shared/history.js';
import { exportFtl, importFtl } from './ftl-exchange.js';
import { queryPage } from './log-query.js';
import {
  insertLookups,
  openTempStore,
  type TempStore,
} from '../../../test/support/history-fixtures.js';

const T0 = Date.UTC(2026, 0, 5);
const NOW = Date.UTC(2026, 1, 1);
let t: TempStore;

beforeEach(() => {
  t = openTempStore();
});
afterEach(() => t.dispose());

const all = () =>
  queryPage(t.store.db, { ...NO_HISTORY_FILTERS, limit: 1000, cursor: null }).records;

function file(name: string, stats: unknown, modifiedAt: number | null = T0): HistoryImportFile {
  return { name, text: typeof stats === 'string' ? stats : JSON.stringify(stats), modifiedAt };
}

describe('FTL export', () => {
  it('writes the matching lookups oldest first, local as project', () => {
    insertLookups(t.store, [
      { at: T0 + 2, key: 'b'.repeat(64), level: 'global', status: 'HIT' },
      { at: T0 + 1, key: 'a'.repeat(64), level: 'local', status: 'MISS' },
      { at: T0 + 3, key: 'c'.repeat(64), level: 'project', status: 'HIT_TOO_OLD', artifact: 'x' },
    ]);
    const out = exportFtl(t.store, { ...NO_HISTORY_FILTERS, artifacts: ['app'] });
    expect(out).toEqual({
      file: {
        cacheStats: [
          { type: 'docker_layer_cache', level: 'project', hash: 'a'.repeat(64), status: 'MISS' },
          { type: 'docker_layer_cache', level: 'global', hash: 'b'.repeat(64), status: 'HIT' },
        ],
      },
      count: 2,
      localAsProject: 1,
    });
  });
});

describe('FTL import', () => {
  const good = {
    cacheStats: [
      { type: 'docker_layer_cache', level: 'project', hash: 'f00d', status: 'MISS' },
      { type: 'docker_layer_cache', level: 'global', hash: 'beef', status: 'HIT' },
    ],
  };

  it('records each entry at the file’s time with origin import', () => {
    const { report, records } = importFtl(
      t.store,
      { files: [file('ci/build-1.json', good)], artifact: null },
      NOW,
    );
    expect(report).toEqual({
      imported: 2,
      files: [{ name: 'ci/build-1.json', entries: 2, at: T0, duplicate: false }],
    });
    expect(records.map((r) => [r.at, r.artifact, r.key, r.level, r.status, r.origin])).toEqual([
      [T0, '(ftl)', 'f00d', 'project', 'MISS', 'import'],
      [T0, '(ftl)', 'beef', 'global', 'HIT', 'import'],
    ]);
    expect(records[0]?.reason).toBe('imported from build-1.json');
    expect(records[1]?.reason).toBeNull();
    expect(all()).toHaveLength(2);
  });

  it('names the artifact that used a hash, or the one asked for', () => {
    insertLookups(t.store, [{ artifact: 'shop/api', key: 'f00d' }]);
    const { records } = importFtl(t.store, { files: [file('b.json', good)], artifact: null }, NOW);
    expect(records.map((r) => r.artifact)).toEqual(['shop/api', '(ftl)']);
    const forced = importFtl(
      t.store,
      { files: [file('c.json', good, null)], artifact: 'mine' },
      NOW,
    );
    expect(forced.records.map((r) => [r.artifact, r.at])).toEqual([
      ['mine', NOW],
      ['mine', NOW],
    ]);
  });

  it('rejects a malformed file atomically, naming the file and the first bad entry', () => {
    const bad = {
      cacheStats: [
        good.cacheStats[0],
        { type: 'docker_layer_cache', level: 'project', hash: 'abc', status: 'hit' },
        { type: 'docker_layer_cache', level: 'local', hash: 'abc', status: 'MISS' },
      ],
    };
    const run = () =>
      importFtl(
        t.store,
        { files: [file('one.json', good), file('two.json', bad)], artifact: null },
        NOW,
      );
    expect(run).toThrow(
      'Nothing was imported. two.json: entry 2 (cacheStats[1]): status must be "HIT", "HIT_TOO_OLD" or "MISS", not "hit"',
    );
    expect(all()).toEqual([]);
  });

  it.each([
    ['not JSON', '{"cacheStats": [', /^Nothing was imported\. x\.json: not JSON \(/],
    ['no cacheStats', { stats: [] }, /x\.json: cacheStats must be a list of entries/],
    [
      'a missing field',
      { cacheStats: [{ type: 'docker_layer_cache', level: 'global', hash: 'a' }] },
      /x\.json: entry 1 \(cacheStats\[0\]\): status is missing/,
    ],
    [
      'another type',
      { cacheStats: [{ type: 'pip', level: 'global', hash: 'a', status: 'HIT' }] },
      /entry 1 \(cacheStats\[0\]\): type must be "docker_layer_cache", not "pip"/,
    ],
    ['an array', [], /x\.json: the file must be a JSON object/],
  ])('says what is wrong with %s', (_what, content, message) => {
    expect(() =>
      importFtl(t.store, { files: [file('x.json', content)], artifact: null }, NOW),
    ).toThrow(message);
  });

  it('skips a file imported before, but not another build with the same content', () => {
    importFtl(t.store, { files: [file('ci/a.json', good)], artifact: null }, NOW);
    const again = importFtl(
      t.store,
      {
        files: [file('elsewhere/a.json', good), file('a.json', good, T0 + 60_000)],
        artifact: null,
      },
      NOW,
    );
    expect(again.report.imported).toBe(2);
    expect(again.report.files.map((f) => f.duplicate)).toEqual([true, false]);
    expect(all()).toHaveLength(4);
  });

  it('round-trips: export, import elsewhere, same statuses and hashes', () => {
    insertLookups(t.store, [
      { at: T0 + 1, key: 'k1', status: 'MISS', artifact: 'api' },
      { at: T0 + 2, key: 'k1', status: 'HIT', artifact: 'api' },
      { at: T0 + 3, key: 'k1', status: 'HIT_TOO_OLD', level: 'global', artifact: 'api' },
    ]);
    const exported = exportFtl(t.store, NO_HISTORY_FILTERS);
    const other = openTempStore();
    try {
      const { records } = importFtl(
        other.store,
        { files: [file('export.json', JSON.stringify(exported.file))], artifact: 'api' },
        NOW,
      );
      expect(exportFtl(other.store, NO_HISTORY_FILTERS).file).toEqual(exported.file);
      expect(records.map((r) => [r.key, r.status, r.level])).toEqual([
        ['k1', 'MISS', 'project'],
        ['k1', 'HIT', 'project'],
        ['k1', 'HIT_TOO_OLD', 'global'],
      ]);
    } finally {
      other.dispose();
    }
  });
});
