/**
 * The History page end to end: the real renderer in Chromium, served by `hangar web` (the real
 * CLI) over the harness's private daemon. Lookups come from real builds made by the CLI in other
 * processes (MISS, HIT, then a MISS with changed inputs) and from FTL files imported through the
 * page (older builds, so the chart spans days). The chart, the hover counts, the log, a miss's
 * changed inputs, a live row, FTL export and a malformed import; screenshots land in
 * test-results/history/ for a person to look at.
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sharedDaemon } from '../harness/shared.js';
import { startAppSession, type AppSession } from '../support/app-session.js';
import { captureFailures, cutCellTexts, expectAccessible } from '../support/browser.js';
import { writeInto } from '../support/builds.js';

const SHOTS = 'test-results/history';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DAY = 86_400_000;

describe('History page in Chromium', () => {
  const daemon = sharedDaemon();
  let home: string;
  let work: string;
  let files: string;
  let app: AppSession;
  let page: Page;
  const name = `shop-api-${Math.random().toString(36).slice(2, 6)}`;
  const problems: string[] = [];
  captureFailures(SHOTS, () => page, problems);
  /** Saves what the page shows, and checks it with axe-core. */
  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
    await expectAccessible(page, name);
  };

  const write = (rel: string, content: string) => writeInto(work, rel, content);
  const hangarBuild = () =>
    new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [path.join(ROOT, 'bin/hangar.mjs'), 'build', work, '-t', name, '--host', daemon.host],
        { cwd: ROOT, env: { ...process.env, HANGAR_HOME: home }, timeout: 120_000 },
        (err, _out, stderr) => (err ? reject(new Error(`hangar build: ${stderr}`)) : resolve()),
      );
    });
  /** An FTL file as a build on `daysAgo` would have written it. */
  const ftlFile = (file: string, daysAgo: number, statuses: string[]) => {
    const full = path.join(files, file);
    writeFileSync(
      full,
      JSON.stringify({
        cacheStats: statuses.map((status, i) => ({
          type: 'docker_layer_cache',
          level: i % 2 ? 'global' : 'project',
          hash: `${file.replace(/\W/g, '')}${i}`,
          status,
        })),
      }),
    );
    const when = new Date(Date.now() - daysAgo * DAY);
    utimesSync(full, when, when);
    return full;
  };

  beforeAll(async () => {
    if (!existsSync('dist/renderer/index.html')) {
      throw new Error(
        'The renderer is not built: run `npm run build:renderer` before the e2e tests.',
      );
    }
    mkdirSync(SHOTS, { recursive: true });
    home = mkdtempSync(path.join(tmpdir(), 'hangar-e2e-history-'));
    work = realpathSync(mkdtempSync(path.join(tmpdir(), 'hangar-e2e-ctx-')));
    files = mkdtempSync(path.join(tmpdir(), 'hangar-e2e-ftl-'));
    write('Dockerfile', 'FROM scratch\nCOPY . /app/\n');
    write('.dockerignore', 'Dockerfile\n.dockerignore\n');
    write('src/server.js', 'console.log(1)');
    write('src/routes/cart.js', 'export {}');
    await hangarBuild(); // MISS: no entry
    await hangarBuild(); // HIT
    write('Dockerfile', 'FROM scratch\nCOPY . /srv/\n');
    write('src/server.js', 'console.log(2)');
    write('src/routes/checkout.js', 'export {}');
    await hangarBuild(); // MISS: Dockerfile, 2 files

    app = await startAppSession(daemon.host, {
      problems,
      shots: SHOTS,
      home,
      acceptDownloads: true,
    });
    page = app.page;
    page.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await app?.stop();
    for (const dir of [home, work, files]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the chart, the per-artifact summary and the log of real builds', async () => {
    await page.goto(app.web.url);
    await page.getByTestId('nav-history').click();
    await page.getByTestId('history-chart').waitFor();
    const rows = page.getByTestId('lookup-row');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual([
      'MISS',
      'HIT',
      'MISS',
    ]);
    await expect.poll(() => page.locator('.hist-bar').count()).toBeGreaterThan(0);
    const summary = page.getByTestId('artifact-summary-row');
    expect(await summary.count()).toBe(1);
    expect(await summary.first().textContent()).toContain(name);
    expect(await summary.first().textContent()).toMatch(
      /missing since today at \d\d:\d\d: inputs changed: Dockerfile, 2 files/,
    );
    await shot('01-history');
  });

  it('imports FTL files of older builds, so the chart spans the week', async () => {
    const picked = [
      ftlFile('build-101.json', 6, ['HIT', 'HIT', 'MISS']),
      ftlFile('build-102.json', 5, ['HIT', 'HIT_TOO_OLD', 'HIT']),
      ftlFile('build-103.json', 4, ['MISS', 'HIT', 'HIT', 'HIT']),
      ftlFile('build-104.json', 2, ['HIT', 'HIT', 'HIT', 'HIT_TOO_OLD']),
      ftlFile('build-105.json', 1, ['HIT', 'MISS', 'HIT', 'HIT', 'HIT']),
    ];
    await page.getByTestId('import-ftl-input').setInputFiles(picked);
    await expect
      .poll(() => page.getByTestId('history-notice-text').textContent())
      .toBe('Imported 19 lookups from 5 files.');
    await expect.poll(() => page.getByTestId('lookup-row').count()).toBeGreaterThan(3);
    await expect.poll(() => page.locator('.hist-bar').count()).toBeGreaterThan(8);
    expect(await cutCellTexts(page)).toEqual([]);
    await shot('02-after-import');
  });

  it('shows a bucket’s counts on hover', async () => {
    // The day of build-102: 2 hits, 1 too old.
    const buckets = page.getByTestId('chart-bucket');
    const n = await buckets.count();
    expect(n).toBe(8);
    await buckets.nth(n - 1 - 5).hover();
    const tip = page.getByTestId('chart-tooltip');
    await tip.waitFor();
    const text = (await tip.innerText()).replace(/\s+/g, ' ');
    expect(text).toMatch(/Hit 2 Too old 1 Miss 0 Hit rate 67%/);
    await shot('03-hover');
  });

  it('opens a miss’s changed inputs', async () => {
    await page.mouse.move(0, 0);
    await page.getByTestId('filter-artifact').selectOption(name);
    await page.getByTestId('filter-status-MISS').click();
    const misses = page.locator('[data-testid=lookup-row][data-status=MISS]');
    await expect.poll(() => misses.count()).toBe(2);
    await misses.first().click();
    const details = page.getByTestId('lookup-details');
    await details.waitFor();
    expect(await details.textContent()).toContain('inputs changed: Dockerfile, 2 files');
    const changes = page.getByTestId('changed-inputs').locator('li');
    expect(
      await changes.evaluateAll((lis) => lis.map((li) => li.textContent?.replace(/\s+/g, ' '))),
    ).toEqual(['~DockerfileDockerfile', '+Filesrc/routes/checkout.js', '~Filesrc/server.js']);
    await shot('04-miss-changed-inputs');
    // The first miss had nothing to compare with, and says so.
    await misses.nth(1).click();
    await page.getByTestId('changed-inputs-none').waitFor();
  });

  it('adds a lookup made by the CLI meanwhile, live', async () => {
    await page.getByTestId('filter-status-MISS').click(); // all statuses again
    const rows = page.locator('[data-testid=lookup-row]');
    await expect.poll(() => rows.count()).toBe(3);
    await hangarBuild(); // a HIT, recorded by another process
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(4);
    expect(await rows.first().getAttribute('data-status')).toBe('HIT');
    await page.getByTestId('live-count').waitFor();
    // The stats follow a moment later: the streak ended with that hit.
    const kpi = page.getByTestId('kpi-lookups').locator('.hist-kpi-value');
    await expect.poll(() => kpi.textContent()).toBe('4');
    await expect.poll(() => page.getByTestId('artifact-missing').count()).toBe(0);
    await shot('05-live-row');
  });

  it('exports FTL and refuses a malformed file, naming it', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-ftl').click(),
    ]);
    const saved = path.join(files, 'export.json');
    await download.saveAs(saved);
    const exported = JSON.parse(readFileSync(saved, 'utf8')) as {
      cacheStats: Array<{ type: string; level: string; status: string }>;
    };
    expect(exported.cacheStats.map((e) => e.status)).toEqual(['MISS', 'HIT', 'MISS', 'HIT']);
    expect(new Set(exported.cacheStats.map((e) => e.level))).toEqual(new Set(['project']));

    const bad = path.join(files, 'broken-build.json');
    writeFileSync(bad, '{"cacheStats": [{"type": "docker_layer_cache", "level": "local"}]}');
    await page.getByTestId('import-ftl-input').setInputFiles([bad]);
    await expect
      .poll(() => page.getByTestId('history-notice-text').textContent())
      .toBe(
        'Nothing was imported. broken-build.json: entry 1 (cacheStats[0]): level must be "global" or "project", not "local"',
      );
    await shot('06-import-refused');
    expect(problems).toEqual([]);
  });
});
