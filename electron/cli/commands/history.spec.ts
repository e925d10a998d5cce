import { execFileSync } from 'node:child_process';
import { truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../core/core.js';
import { writeSettings } from '../../core/history/retention.js';
import {
  insertLookups,
  openTempStore,
  type TempStore,
} from '../../../test/support/history-fixtures.js';
import { parseCli } from '../args.js';
import type { CliDeps } from '../io.js';
import { run } from '../run.js';
import { parseTime, resolveTime } from './history-args.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 0, 8, 15); // a Thursday

describe('hangar history: the command line', () => {
  it('parses the log filters', () => {
    expect(
      parseCli([
        'history',
        '--since',
        '7d',
        '--artifact',
        'api',
        '--status',
        'miss',
        '--status',
        'too-old',
        '--level',
        'local',
        '--json',
      ]),
    ).toMatchObject({
      cmd: {
        sub: 'log',
        since: { ago: 7 * 24 * HOUR },
        artifacts: ['api'],
        statuses: ['MISS', 'HIT_TOO_OLD'],
        levels: ['local'],
        limit: 50,
        json: true,
      },
    });
  });

  it('parses each subcommand', () => {
    expect(parseCli(['history', 'stats', '--bucket', 'week', '--tz', 'Asia/Tokyo'])).toMatchObject({
      cmd: { sub: 'stats', bucket: 'week', timeZone: 'Asia/Tokyo', since: null },
    });
    expect(
      parseCli(['history', 'export', '--ftl', 'out.json', '--since', '2026-01-01']),
    ).toMatchObject({
      cmd: { sub: 'export', file: 'out.json', since: { at: new Date(2026, 0, 1).getTime() } },
    });
    expect(parseCli(['history', 'import', 'a.json', 'b.json'])).toMatchObject({
      cmd: { sub: 'import', files: ['a.json', 'b.json'], artifact: null },
    });
    expect(parseCli(['history', 'retention', '--days', 'off', '--rows', '5000'])).toMatchObject({
      cmd: { sub: 'retention', days: null, rows: 5000 },
    });
  });

  it('refuses what does not make sense, in one line', () => {
    expect(() => parseCli(['history', 'prune'])).toThrow("unknown history subcommand 'prune'");
    expect(() => parseCli(['history', '--status', 'nope'])).toThrow(
      "--status is one of HIT, HIT_TOO_OLD, MISS, not 'nope'",
    );
    expect(() => parseCli(['history', '--since', 'yesterday'])).toThrow(/--since is a duration/);
    expect(() => parseCli(['history', 'stats', '--bucket', 'month'])).toThrow(
      "--bucket is hour, day or week, not 'month'",
    );
    expect(() => parseCli(['history', 'export'])).toThrow('history export needs --ftl FILE');
    expect(() => parseCli(['history', 'import'])).toThrow('history import needs at least one FILE');
    expect(() => parseCli(['history', '--ftl', 'x'])).toThrow("'history' does not take --ftl");
    expect(() => parseCli(['history', 'retention', '--rows', '10'])).toThrow(/at least 100/);
  });

  it('reads durations and dates', () => {
    expect(resolveTime(parseTime('12h', '--since'), NOW)).toBe(NOW - 12 * HOUR);
    expect(resolveTime(parseTime('2w', '--since'), NOW)).toBe(NOW - 14 * 24 * HOUR);
    expect(resolveTime(parseTime('2026-01-02T03:04:05Z', '--since'), NOW)).toBe(
      Date.UTC(2026, 0, 2, 3, 4, 5),
    );
  });
});

describe('hangar history: against a real store', () => {
  let t: TempStore;
  let out: string;
  let err: string;
  let deps: CliDeps;

  beforeEach(() => {
    t = openTempStore();
    out = '';
    err = '';
    deps = {
      createCore: (o) =>
        createCore({ ...o, host: 'unix:///nonexistent/docker.sock', env: { HANGAR_HOME: t.dir } }),
      startWebHost: () => Promise.reject(new Error('unused')),
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      waitForStop: () => Promise.resolve(),
      openBrowser: () => undefined,
      now: () => NOW,
      packageRoot: t.dir,
    };
    // The core's retention runs on the real clock: keep these rows from 2026-01 whatever the date.
    writeSettings(t.store.db, { retentionDays: null, maxRows: null });
    insertLookups(t.store, [
      { at: NOW - 60 * HOUR, artifact: 'api', status: 'HIT', durationMs: 10 },
      {
        at: NOW - 50 * HOUR,
        artifact: 'api',
        status: 'MISS',
        key: 'b'.repeat(64),
        reason: 'inputs changed: Dockerfile',
        durationMs: 30,
      },
      { at: NOW - HOUR, artifact: 'web', status: 'HIT_TOO_OLD', durationMs: 20, level: 'project' },
    ]);
  });
  afterEach(() => t.dispose());

  it('lists lookups newest first, and filters them', async () => {
    expect(await run(['history'], deps)).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+ARTIFACT\s+STATUS\s+LEVEL\s+ORIGIN\s+TOOK\s+KEY\s+REASON$/);
    expect(lines.slice(1).map((l) => l.split(/\s{3,}/)[2])).toEqual(['HIT_TOO_OLD', 'MISS', 'HIT']);
    out = '';
    expect(await run(['history', '--status', 'MISS', '--json'], deps)).toBe(0);
    expect((JSON.parse(out) as Array<{ key: string }>).map((r) => r.key)).toEqual(['b'.repeat(64)]);
  });

  it('lists 200,000 lookups as JSON (no table is built for --json)', async () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => ({
      at: NOW - 100 * HOUR + i,
      key: i.toString(16).padStart(64, '0'),
    }));
    insertLookups(t.store, rows);
    expect(await run(['history', '--limit', '200000', '--json'], deps)).toBe(0);
    expect(err).toBe('');
    const records = JSON.parse(out) as Array<{ key: string }>;
    expect(records).toHaveLength(200_000);
    // Newest first: the three lookups of the fixture, then these down to the fourth oldest.
    expect(records[3]?.key).toBe((199_999).toString(16).padStart(64, '0'));
    expect(records.at(-1)?.key).toBe((3).toString(16).padStart(64, '0'));
  }, 60_000);

  it('prints stats per day and the miss streak in words', async () => {
    expect(await run(['history', 'stats', '--tz', 'UTC', '--since', '4d'], deps)).toBe(0);
    expect(out).toMatch(/^2026-01-06\s+2\s+1\s+0\s+1\s+50%\s+20ms$/m);
    expect(out).toMatch(/^2026-01-08\s+1\s+0\s+1\s+0\s+0%\s+20ms$/m);
    expect(out).toContain('missing since Tuesday: inputs changed: Dockerfile');
    expect(out).toContain('Total: 3 lookups, 33% hits, 1 too old, 1 misses');
  });

  it('exports FTL JSON, imports it back, and refuses a malformed file', async () => {
    const file = path.join(t.dir, 'ftl.json');
    expect(await run(['history', 'export', '--ftl', file], deps)).toBe(0);
    expect(out).toBe(`Exported 3 lookups to ${file} (2 local lookups as level project)\n`);
    utimesSync(file, new Date(NOW), new Date(NOW));
    out = '';
    expect(await run(['history', 'import', file, '--json'], deps)).toBe(0);
    expect(JSON.parse(out)).toEqual({
      imported: 3,
      files: [{ name: file, entries: 3, at: NOW, duplicate: false }],
    });
    const bad = path.join(t.dir, 'bad.json');
    writeFileSync(bad, '{"cacheStats": [{"type": "docker_layer_cache"}]}');
    expect(await run(['history', 'import', bad], deps)).toBe(2);
    expect(err).toBe(
      `hangar: Nothing was imported. ${bad}: entry 1 (cacheStats[0]): level is missing ("global" or "project")\n`,
    );
    err = '';
    const none = path.join(t.dir, 'none.json');
    expect(await run(['history', 'import', none], deps)).toBe(2);
    expect(err).toBe(`hangar: Cannot read ${none}: it does not exist.\n`);
    expect(t.store.history.count()).toBe(6);
  });

  it('refuses a file over 16 MiB by its size, before reading it', async () => {
    const big = path.join(t.dir, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, 4 * 1024 ** 3); // sparse: 4 GiB that take no room
    expect(await run(['history', 'import', big], deps)).toBe(2);
    expect(err).toBe(
      `hangar: cannot import ${big}: it is 4.29GB, larger than the 16 MiB an FTL file may be\n`,
    );
    expect(t.store.history.count()).toBe(3);
  });

  it('stops reading what has no size (a device) at 16 MiB', async () => {
    expect(await run(['history', 'import', '/dev/zero', '--json'], deps)).toBe(2);
    expect(err).toBe(
      'hangar: cannot import /dev/zero: it is larger than the 16 MiB an FTL file may be\n',
    );
    expect(JSON.parse(out)).toEqual({
      error: {
        code: 'VALIDATION',
        message: 'cannot import /dev/zero: it is larger than the 16 MiB an FTL file may be',
      },
    });
  });

  it('reads what has no size up to the limit: an FTL file through a pipe', async () => {
    const fifo = path.join(t.dir, 'build.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = writeFile(
      fifo,
      '{"cacheStats": [{"type": "docker_layer_cache", "level": "project", "hash": "abc", "status": "HIT"}]}',
    );
    expect(await run(['history', 'import', fifo, '--artifact', 'api', '--json'], deps)).toBe(0);
    await writer;
    expect(JSON.parse(out)).toMatchObject({ imported: 1 });
  });

  it('refuses a folder', async () => {
    expect(await run(['history', 'import', t.dir], deps)).toBe(2);
    expect(err).toBe(`hangar: cannot import ${t.dir}: it is a folder\n`);
  });

  it('shows and changes the retention', async () => {
    expect(await run(['history', 'retention', '--days', '2'], deps)).toBe(0);
    expect(out).toBe('History keeps 2 days and no row limit.\n');
    // The change applies at once (with the real clock): these rows are all far older.
    expect(t.store.history.count()).toBe(0);
  });
});
