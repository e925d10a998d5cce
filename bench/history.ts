/**
 * Cache-hit history benchmarks, each against a baseline measured in the same run on the
 * same SQLite file:
 * - `history.stats.100k`: `history:stats` (day buckets in Europe/Paris, per-artifact summary and
 *   streaks) over 100,000 generated lookups in 30 days, vs one plain aggregate scan of the same
 *   rows (`SELECT count(*), sum(duration_ms) … WHERE at in range`) (goal < 100 ms);
 * - `history.query.100k`: the log's first page (200 rows, newest first, keyset) vs reading 200
 *   rows by rowid (goal < 20 ms); `history.query.100k.filtered`: the same, one artifact's misses;
 * - `history.insert`: rows per second with two processes appending at once (the app and a CLI,
 *   one transaction per lookup as the recorder does), vs one process alone, in alternating rounds
 *   on the same file.
 * Called from bench/run.ts; `node --import tsx bench/history.ts` runs it alone (no daemon needed).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CacheStatus, LookupOrigin } from '../shared/artifacts.js';
import { NO_HISTORY_FILTERS } from '../shared/history.js';
import { HistoryService } from '../electron/core/history/history-service.js';
import { lookup } from '../test/support/history-fixtures.js';
import { HangarStore, StoreProvider } from '../electron/core/store/store.js';
import { type BenchOptions, type Metric, alternate, compare, round } from './measure.js';

const HERE = fileURLToPath(import.meta.url);
const DAY = 86_400_000;
const ROWS = 100_000;
const WRITER_ROWS = 2_000;

/** 100,000 lookups over 30 days: 40 artifacts, 70 % hits, some imported, misses with reasons. */
function seed(store: HangarStore, now: number): void {
  const statuses: CacheStatus[] = [
    'HIT',
    'HIT',
    'HIT',
    'HIT',
    'HIT',
    'HIT',
    'HIT',
    'HIT_TOO_OLD',
    'MISS',
    'MISS',
  ];
  store.db.write(() => {
    for (let i = 0; i < ROWS; i++) {
      // A status per lookup that does not follow the artifact (i % 40): every artifact mixes them.
      const status = statuses[((i * 2654435761) >>> 7) % statuses.length] as CacheStatus;
      const origin: LookupOrigin = i % 20 === 0 ? 'import' : i % 3 === 0 ? 'cli' : 'gui';
      store.history.append(
        lookup({
          at: now - 30 * DAY + Math.floor((i * 30 * DAY) / ROWS),
          artifact: `team/service-${i % 40}`,
          key: (i * 2654435761).toString(16).padStart(64, '0'),
          status,
          durationMs: origin === 'import' ? 0 : 2 + ((i * 37) % 400) / 10,
          origin,
          reason: status === 'MISS' ? 'inputs changed: 3 files' : null,
          changedInputs:
            status === 'MISS'
              ? [{ kind: 'file', name: `src/module-${i % 50}.ts`, change: 'modified' }]
              : [],
        }),
      );
    }
  });
}

async function readMetrics(opts: BenchOptions): Promise<Metric[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hangar-bench-history-'));
  const provider = new StoreProvider(path.join(dir, 'hangar.db'));
  const now = Date.now();
  const history = new HistoryService({ store: provider, now: () => now });
  try {
    opts.log('Generating 100,000 lookups over 30 days…');
    const store = provider.get();
    seed(store, now);
    // No limit: the bench measures 100k rows, not the retention.
    await history.setSettings({ retentionDays: null, maxRows: null });
    const from = now - 30 * DAY;
    const stats = await compare(
      Math.max(opts.runs, 5),
      () =>
        store.db.get(
          'SELECT count(*) AS n, sum(duration_ms) AS d FROM lookups WHERE at >= ? AND at < ?',
          from,
          now + 1,
        ),
      async () => {
        const s = await history.stats({
          ...NO_HISTORY_FILTERS,
          from,
          bucket: 'day',
          timeZone: 'Europe/Paris',
          weekStartsOn: 1,
        });
        if (s.totals.lookups !== ROWS) throw new Error(`stats saw ${s.totals.lookups} lookups`);
      },
    );
    opts.log(`  stats: ${round(stats.ours)} ms vs a plain scan ${round(stats.baseline, 2)} ms`);
    const page = { ...NO_HISTORY_FILTERS, limit: 200, cursor: null };
    const rowidPage = () => store.db.all('SELECT * FROM lookups ORDER BY id DESC LIMIT 200');
    const first = await compare(Math.max(opts.runs, 15), rowidPage, async () => {
      const p = await history.query(page);
      if (p.records.length !== 200) throw new Error('short page');
    });
    const filtered = await compare(Math.max(opts.runs, 15), rowidPage, async () => {
      const p = await history.query({ ...page, artifacts: ['team/service-7'], statuses: ['MISS'] });
      if (p.records.length !== 200) throw new Error('short filtered page');
    });
    opts.log(`  first page: ${round(first.ours, 2)} ms, filtered ${round(filtered.ours, 2)} ms`);
    return [
      {
        name: 'history.stats.100k',
        value: round(stats.ours),
        unit: 'ms',
        baseline: round(stats.baseline, 2),
        ratio: round(stats.ours / stats.baseline, 1),
        goal: '< 100 ms (baseline: one aggregate scan of the rows)',
      },
      {
        name: 'history.query.100k',
        value: round(first.ours, 2),
        unit: 'ms',
        baseline: round(first.baseline, 2),
        ratio: round(first.ours / first.baseline, 2),
        goal: '< 20 ms (baseline: 200 rows by rowid)',
      },
      {
        name: 'history.query.100k.filtered',
        value: round(filtered.ours, 2),
        unit: 'ms',
        baseline: round(filtered.baseline, 2),
        ratio: round(filtered.ours / filtered.baseline, 2),
        goal: '< 20 ms (one artifact, MISS only)',
      },
    ];
  } finally {
    history.close();
    provider.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface WriterRun {
  rows: number;
  start: number;
  end: number;
}

/** One writer process: waits for `startAt`, appends `rows` lookups (a transaction each). */
function writer(
  file: string,
  rows: number,
  startAt: number,
  origin: LookupOrigin,
): Promise<WriterRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        '--no-warnings',
        '--import',
        'tsx',
        HERE,
        '--writer',
        file,
        String(rows),
        String(startAt),
        origin,
      ],
      { timeout: 300_000 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`writer failed: ${stderr || err.message}`));
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as WriterRun);
      },
    );
  });
}

async function writers(file: string, origins: LookupOrigin[]): Promise<number> {
  // Both start at the same instant, after their (slow) TypeScript start-up.
  const startAt = Date.now() + 4000;
  const runs = await Promise.all(origins.map((o) => writer(file, WRITER_ROWS, startAt, o)));
  const rows = runs.reduce((n, r) => n + r.rows, 0);
  const span = Math.max(...runs.map((r) => r.end)) - Math.min(...runs.map((r) => r.start));
  return (rows * 1000) / span;
}

async function insertMetrics(opts: BenchOptions): Promise<Metric[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hangar-bench-history-w-'));
  const file = path.join(dir, 'hangar.db');
  try {
    HangarStore.open(file).close(); // migrated once, before the writers race
    const rounds = Math.max(3, Math.min(opts.runs, 7));
    opts.log(
      `Appending ${WRITER_ROWS} lookups from one process and from two at once, ${rounds} rounds…`,
    );
    const { baseline: one, ours: two } = await alternate(
      rounds,
      () => writers(file, ['gui']),
      () => writers(file, ['gui', 'cli']),
    );
    opts.log(`  insert: ${Math.round(two)} rows/s with two writers, ${Math.round(one)} alone`);
    return [
      {
        name: 'history.insert',
        value: Math.round(two),
        unit: 'rows/s',
        baseline: Math.round(one),
        ratio: round(two / one, 2),
        goal: 'two writers (app + CLI) at once, no lock errors; baseline: one writer alone',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchHistory(opts: BenchOptions): Promise<Metric[]> {
  return [...(await readMetrics(opts)), ...(await insertMetrics(opts))];
}

async function runWriter(args: string[]): Promise<void> {
  const [file = '', rows = '0', startAt = '0', origin = 'gui'] = args;
  const store = HangarStore.open(file);
  const wait = Number(startAt) - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const start = Date.now();
  for (let i = 0; i < Number(rows); i++) {
    store.db.write(() =>
      store.history.append(
        lookup({ at: Date.now(), origin: origin as LookupOrigin, key: `w${i}` }),
      ),
    );
  }
  const end = Date.now();
  store.close();
  process.stdout.write(`${JSON.stringify({ rows: Number(rows), start, end })}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === HERE) {
  const at = process.argv.indexOf('--writer');
  if (at !== -1) {
    await runWriter(process.argv.slice(at + 1));
  } else {
    const metrics = await benchHistory({ runs: 7, log: (m) => process.stderr.write(`${m}\n`) });
    console.table(metrics);
  }
}
