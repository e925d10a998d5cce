/**
 * The cache-hit history against the real (shared, private) daemon, through the real composition
 * root (`createCore`) and the real CLI in its own process: lookups recorded by real builds (MISS,
 * then HIT, then HIT_TOO_OLD, then a MISS naming what changed), `history:appended` for rows of this
 * process and of a `hangar build` in another one, stats, FTL export → import, a malformed import
 * rejected atomically, and retention. No mocks.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactSpec, type ArtifactSpec, type BuildOutcome } from '../../shared/artifacts.js';
import type { Args, Channel, Result } from '../../shared/contract.js';
import { fromIpcError } from '../../shared/errors.js';
import {
  NO_HISTORY_FILTERS,
  type HistoryAppended,
  type LookupRecord,
} from '../../shared/history.js';
import type { TaskInfo } from '../../shared/tasks.js';
import { createCore, type Core } from '../../electron/core/core.js';
import { dispatch } from '../../electron/core/dispatch.js';
import { sharedDaemon } from '../harness/shared.js';
import { writeInto } from '../support/builds.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'hangar.mjs');

/** Retries `attempt` until it stops throwing (or the time is up, then rethrows). */
async function until<T>(attempt: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function call<C extends Channel>(
  core: Core,
  channel: C,
  ...args: Args<C>
): Promise<Result<C>> {
  const r = await dispatch(core.handlers, channel, args);
  if (!r.ok) throw fromIpcError(r.error);
  return r.value as Result<C>;
}

function cli(
  args: string[],
  home: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { ...process.env, HANGAR_HOME: home }, timeout: 120_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function build(core: Core, spec: ArtifactSpec): Promise<BuildOutcome> {
  const task: TaskInfo = await call(core, 'artifacts:build', spec);
  const done = await until(async () => {
    const t = await call(core, 'tasks:get', task.id);
    if (t.state === 'running') throw new Error('still running');
    return t;
  }, 60_000);
  if (done.kind !== 'build' || done.state !== 'succeeded' || !done.result) {
    throw new Error(done.error?.message ?? 'build failed');
  }
  return done.result;
}

const all = (core: Core) =>
  call(core, 'history:query', { ...NO_HISTORY_FILTERS, limit: 1000, cursor: null });

describe('cache-hit history (real daemon, real core, real CLI)', () => {
  const daemon = sharedDaemon();
  let home: string;
  let work: string;
  let core: Core;
  let spec: ArtifactSpec;
  const events: HistoryAppended[] = [];
  const write = (rel: string, content: string) => writeInto(work, rel, content);

  beforeAll(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'hangar-history-home-'));
    work = realpathSync(mkdtempSync(path.join(tmpdir(), 'hangar-history-ctx-')));
    write('Dockerfile', 'FROM scratch\nCOPY . /app/\n');
    write('.dockerignore', 'Dockerfile\n.dockerignore\n');
    write('src/a.txt', 'alpha');
    const name = `hist-${Math.random().toString(36).slice(2, 8)}`;
    spec = artifactSpec({ name, context: work });
    core = await createCore({ host: daemon.host, env: { HANGAR_HOME: home }, origin: 'gui' });
    core.subscribe((event, payload) => {
      if (event === 'history:appended') events.push(payload as HistoryAppended);
    });
    await core.ready();
  });

  afterAll(async () => {
    await core?.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('records MISS, HIT and HIT_TOO_OLD lookups of real builds, and what changed on a miss', async () => {
    const first = await build(core, spec);
    expect(first).toMatchObject({ status: 'MISS', built: true, reason: 'no entry' });
    const second = await build(core, spec);
    expect(second).toMatchObject({ status: 'HIT', built: false, imageId: first.imageId });
    // The image is a second old: a TTL of ~0.7 s makes it too old.
    await new Promise((r) => setTimeout(r, 1200));
    const old = await call(core, 'artifacts:lookup', { ...spec, ttlHours: 0.0002 });
    expect(old.status).toBe('HIT_TOO_OLD');
    write('Dockerfile', 'FROM scratch\nCOPY . /srv/\n');
    write('src/a.txt', 'alpha, changed');
    const miss = await call(core, 'artifacts:lookup', { ...spec, ttlHours: 24 });
    expect(miss.status).toBe('MISS');

    const { records } = await all(core);
    expect(records.map((r) => r.status)).toEqual(['MISS', 'HIT_TOO_OLD', 'HIT', 'MISS']);
    for (const r of records) {
      expect(r).toMatchObject({
        artifact: spec.name,
        level: 'local',
        origin: 'gui',
        engine: daemon.host,
      });
      expect(r.durationMs).toBeGreaterThan(0);
    }
    const [changed, tooOld, hit, firstMiss] = records as [
      LookupRecord,
      LookupRecord,
      LookupRecord,
      LookupRecord,
    ];
    expect(firstMiss).toMatchObject({ key: first.key, reason: 'no entry', imageId: null });
    expect(hit).toMatchObject({ key: first.key, imageId: first.imageId, reason: null });
    expect(tooOld).toMatchObject({ key: first.key, imageId: first.imageId });
    expect(tooOld.reason).toMatch(/^image is .* old \(TTL 0\.0002 h\)$/);
    expect(changed.key).not.toBe(first.key);
    expect(changed.reason).toBe('inputs changed: Dockerfile, file src/a.txt');
    expect(changed.changedInputs).toEqual([
      { kind: 'dockerfile', name: 'Dockerfile', change: 'modified' },
      { kind: 'file', name: 'src/a.txt', change: 'modified' },
    ]);
    // Every row was announced, once, in order.
    const announced = events.flatMap((e) => [...e.records].reverse().map((r) => r.id));
    expect(announced).toEqual(records.map((r) => r.id).reverse());
  });

  it('answers stats in the user’s zone with the per-artifact streak', async () => {
    const stats = await call(core, 'history:stats', {
      ...NO_HISTORY_FILTERS,
      bucket: 'hour',
      timeZone: 'Asia/Kathmandu',
      weekStartsOn: 1,
    });
    expect(stats.totals).toMatchObject({ lookups: 4, hits: 1, tooOld: 1, misses: 2 });
    expect(stats.totals.hitRate).toBe(0.25);
    expect(stats.totals.medianMs).toBeGreaterThan(0);
    // Kathmandu is UTC+05:45: its hours start at a quarter past the UTC hour.
    for (const b of stats.buckets) expect(new Date(b.start).getUTCMinutes()).toBe(15);
    expect(stats.artifacts).toEqual([
      expect.objectContaining({
        artifact: spec.name,
        lookups: 4,
        streak: expect.objectContaining({
          misses: 1,
          reason: 'inputs changed: Dockerfile, file src/a.txt',
        }),
      }),
    ]);
  });

  it('announces a lookup a CLI in another process records, and the CLI lists it', async () => {
    const before = events.length;
    const built = await cli(
      ['build', work, '-t', spec.name, '--host', daemon.host, '--json'],
      home,
    );
    expect(built.code, built.stderr).toBe(0);
    expect(JSON.parse(built.stdout)).toMatchObject({ status: 'MISS' });
    // The app's core notices the other process's commit (data_version poll) within a second or so.
    const seen = await until(async () => {
      const rows = events.slice(before).flatMap((e) => e.records);
      const cliRow = rows.find((r) => r.origin === 'cli');
      if (!cliRow) throw new Error('no history:appended for the CLI’s lookup');
      return cliRow;
    }, 10_000);
    expect(seen).toMatchObject({ artifact: spec.name, status: 'MISS', origin: 'cli' });

    const listed = await cli(['history', '--origin', 'cli', '--json', '--host', daemon.host], home);
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as LookupRecord[]).map((r) => r.id)).toEqual([seen.id]);
  });

  it('exports FTL and imports it elsewhere; a malformed file imports nothing', async () => {
    const out = await call(core, 'history:exportFtl', NO_HISTORY_FILTERS);
    expect(out.count).toBe(5);
    expect(out.file.cacheStats.map((e) => e.status)).toEqual([
      'MISS',
      'HIT',
      'HIT_TOO_OLD',
      'MISS',
      'MISS',
    ]);
    expect(new Set(out.file.cacheStats.map((e) => e.level))).toEqual(new Set(['project']));

    const otherHome = mkdtempSync(path.join(tmpdir(), 'hangar-history-other-'));
    const other = await createCore({ host: daemon.host, env: { HANGAR_HOME: otherHome } });
    try {
      const text = JSON.stringify(out.file);
      const bad = JSON.stringify({ cacheStats: [{ ...out.file.cacheStats[0], status: 'hit' }] });
      await expect(
        call(other, 'history:import', {
          files: [
            { name: 'good.json', text, modifiedAt: null },
            { name: 'broken.json', text: bad, modifiedAt: null },
          ],
          artifact: null,
        }),
      ).rejects.toMatchObject({
        code: 'VALIDATION',
        message:
          'Nothing was imported. broken.json: entry 1 (cacheStats[0]): status must be "HIT", "HIT_TOO_OLD" or "MISS", not "hit"',
      });
      expect((await all(other)).records).toEqual([]);

      const report = await call(other, 'history:import', {
        files: [{ name: 'build-1.json', text, modifiedAt: Date.now() - 60_000 }],
        artifact: null,
      });
      expect(report.imported).toBe(5);
      const back = await call(other, 'history:exportFtl', NO_HISTORY_FILTERS);
      expect(back.file).toEqual(out.file);
      expect(new Set((await all(other)).records.map((r) => r.origin))).toEqual(new Set(['import']));
    } finally {
      await other.close();
      rmSync(otherHome, { recursive: true, force: true });
    }
  });

  it('keeps to the retention setting', async () => {
    await call(core, 'history:import', {
      files: [
        {
          name: 'old-build.json',
          text: JSON.stringify({
            cacheStats: [
              { type: 'docker_layer_cache', level: 'global', hash: 'ab12', status: 'HIT' },
            ],
          }),
          modifiedAt: Date.now() - 400 * 86_400_000,
        },
      ],
      artifact: 'legacy',
    });
    // The import itself enforced the default 90 days: the 400-day-old lookup is gone.
    await until(async () => {
      const rows = (await all(core)).records;
      if (rows.some((r) => r.artifact === 'legacy')) throw new Error('still there');
    });
    await call(core, 'history:setSettings', { retentionDays: null, maxRows: 100 });
    await call(core, 'history:import', {
      files: Array.from({ length: 120 }, (_, i) => ({
        name: `b${i}.json`,
        text: JSON.stringify({
          cacheStats: [
            { type: 'docker_layer_cache', level: 'project', hash: `h${i}`, status: 'HIT' },
          ],
        }),
        // Newer than every lookup this test's builds recorded, however recent the last one.
        modifiedAt: Date.now() + i,
      })),
      artifact: 'bulk',
    });
    await until(async () => {
      if ((await all(core)).records.length !== 100) throw new Error('not yet');
    });
    const rows = (await all(core)).records;
    // The newest 100 stay: every row of this test's builds is older than the bulk import.
    expect(rows.every((r) => r.artifact === 'bulk')).toBe(true);
    expect(await call(core, 'history:settings')).toEqual({ retentionDays: null, maxRows: 100 });
  });
});
