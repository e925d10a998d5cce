/**
 * The Build cache page end to end: the real renderer in Chromium, served by `hangar web` (the real
 * CLI, with its own HANGAR_HOME) over a private dockerd whose build cache two BuildKit builds
 * filled (`POST /build?version=2&networkmode=none` with a tar body; a `RUN` and a
 * `RUN --mount=type=cache` each). The oracle is the daemon's raw `GET /system/df`. It opens the
 * page from the sidebar, reads the records and totals, previews a prune of the cache mounts,
 * confirms, and checks the report and the daemon; on the shared Podman service the page says in
 * words that there is no BuildKit cache. Screenshots land in test-results/browser/.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyboxImage } from '../harness/build.js';
import { startPrivateDaemon, type PrivateDaemon } from '../harness/daemon.js';
import { sharedPodman } from '../harness/shared.js';
import { tarBuffer } from '../harness/ustar.js';
import { captureFailures, expectAccessible } from '../support/browser.js';
import { eventually } from '../support/oracle.js';
import { startAppSession, type AppSession } from '../support/app-session.js';

const SHOTS = 'test-results/browser';

interface RawRecord {
  ID: string;
  Type: string;
  InUse: boolean;
  Shared: boolean;
  Size: number;
}

function rawDf(socketPath: string): Promise<RawRecord[]> {
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath, path: '/system/df' }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          try {
            resolve((JSON.parse(body) as { BuildCache?: RawRecord[] | null }).BuildCache ?? []);
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        });
      })
      .on('error', reject);
  });
}

describe('Build cache page in Chromium', () => {
  let daemon: PrivateDaemon;
  let app: AppSession;
  let page: Page;
  const problems: string[] = [];
  captureFailures(SHOTS, () => page, problems);

  /** A BuildKit build of `dockerfile`; its image is removed so its records are reclaimable. */
  async function build(dockerfile: string): Promise<void> {
    const tag = `bce-${randomUUID().slice(0, 8)}`;
    const body = tarBuffer([{ name: 'Dockerfile', content: Buffer.from(dockerfile) }]);
    const answer = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        {
          socketPath: daemon.socketPath,
          method: 'POST',
          path: `/build?version=2&networkmode=none&t=${tag}`,
          headers: { 'Content-Type': 'application/x-tar', 'Content-Length': body.length },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () =>
            res.statusCode === 200
              ? resolve(text)
              : reject(new Error(`${res.statusCode}: ${text}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    const failed = answer.split('\n').find((l) => l.startsWith('{"error'));
    if (failed) throw new Error(`build failed: ${failed}`);
    await daemon.docker(['rmi', tag]);
  }
  const dockerfile = (marker: string) =>
    'FROM bb:1\nSHELL ["/bin/busybox", "sh", "-c"]\n' +
    `RUN --mount=type=cache,target=/cache-${marker} /bin/busybox dd if=/dev/zero of=/cache-${marker}/f bs=1024 count=64\n` +
    `RUN /bin/busybox dd if=/dev/zero of=/${marker} bs=1024 count=200 && /bin/busybox echo ${marker}\n`;

  const rowIds = async (): Promise<string[]> =>
    (
      await page
        .getByTestId('bc-row')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') ?? ''))
    ).sort();

  beforeAll(async () => {
    daemon = await startPrivateDaemon({ name: 'bce2e' });
    await busyboxImage(daemon, 'bb:1');
    await build(dockerfile('first'));
    await build(dockerfile('second'));
    app = await startAppSession(daemon.host, { problems, shots: SHOTS });
    page = app.page;
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await daemon?.destroy();
  });

  it('lists the records with totals, previews a prune exactly, and deletes exactly that', async () => {
    const raw = await rawDf(daemon.socketPath);
    const mounts = raw.filter((r) => r.Type === 'exec.cachemount' && !r.InUse && !r.Shared);
    expect(mounts.length).toBe(2);

    await page.goto(app.web.url);
    await page.getByTestId('nav-build-cache').click();
    await page.getByRole('grid', { name: 'Build cache records' }).waitFor();
    expect(await rowIds()).toEqual(raw.map((r) => r.ID).sort());
    expect(await page.getByTestId('bc-total-all').textContent()).toContain(`${raw.length} records`);
    expect(await page.getByTestId('bc-type').count()).toBe(new Set(raw.map((r) => r.Type)).size);
    expect(await page.getByTestId('bc-computed').textContent()).toMatch(/^Computed at /);
    // Hangar did not run these builds: no record names an artifact.
    expect(await page.getByTestId('bc-row').filter({ hasText: 'unknown' }).count()).toBe(
      raw.length,
    );
    expect(await page.locator('[data-testid="bc-row"][data-state="reclaimable"]').count()).toBe(
      raw.filter((r) => !r.InUse && !r.Shared).length,
    );
    await page.screenshot({ path: `${SHOTS}/build-cache.png` });
    await expectAccessible(page, 'build-cache');

    await page.getByTestId('bc-prune').click();
    const dialog = page.getByTestId('bc-prune-dialog');
    await dialog.waitFor();
    await page.getByTestId('bc-prune-type').selectOption('exec.cachemount');
    const previewRows = page.getByTestId('bc-prune-preview-row');
    await expect.poll(() => previewRows.count()).toBe(mounts.length);
    const previewIds = (
      await previewRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') ?? ''))
    ).sort();
    expect(previewIds).toEqual(mounts.map((r) => r.ID).sort());
    const confirm = page.getByTestId('bc-prune-confirm');
    await expect.poll(() => confirm.isEnabled()).toBe(true);
    expect(await confirm.textContent()).toMatch(/^Delete 2 build cache records, /);
    await page.screenshot({ path: `${SHOTS}/build-cache-prune-preview.png` });
    await expectAccessible(page, 'build-cache-prune-preview');

    // A size that is not one refuses to preview, in words.
    await page.getByTestId('bc-prune-keep').fill('lots');
    expect(await dialog.textContent()).toContain('“lots” is not a size');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('bc-prune-keep').fill('');
    await expect.poll(() => previewRows.count()).toBe(mounts.length);
    await expect.poll(() => confirm.isEnabled()).toBe(true);

    await confirm.click();
    const report = page.getByTestId('bc-prune-report');
    await report.waitFor();
    const deleted = (
      await page
        .getByTestId('bc-report-deleted-item')
        .evaluateAll((items) => items.map((i) => i.getAttribute('data-id') ?? ''))
    ).sort();
    expect(deleted).toEqual(previewIds);
    expect(await page.getByTestId('bc-prune-report-headline').textContent()).toMatch(
      /^Deleted 2 records; the daemon reclaimed /,
    );
    await page.screenshot({ path: `${SHOTS}/build-cache-prune-report.png` });
    await expectAccessible(page, 'build-cache-prune-report');

    // The daemon holds exactly the records before minus the preview's.
    const left = raw
      .map((r) => r.ID)
      .filter((id) => !previewIds.includes(id))
      .sort();
    const after = await eventually(
      async () => (await rawDf(daemon.socketPath)).map((r) => r.ID).sort(),
      (ids) => ids.length === left.length,
      10_000,
    );
    expect(after).toEqual(left);

    await page.getByTestId('bc-prune-close').click();
    await expect.poll(rowIds).toEqual(left);
    expect(await page.getByTestId('bc-total-all').textContent()).toContain(
      `${left.length} records`,
    );
    await page.screenshot({ path: `${SHOTS}/build-cache-after.png` });
    expect(problems).toEqual([]);
  }, 120_000);
});

describe('Build cache page on Podman', () => {
  let app: AppSession;
  let page: Page;
  const problems: string[] = [];
  captureFailures(SHOTS, () => page, problems);

  beforeAll(async () => {
    app = await startAppSession(sharedPodman().host, {
      problems,
      shots: SHOTS,
      via: 'DOCKER_HOST',
    });
    page = app.page;
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('says Podman keeps no BuildKit cache and offers no prune', async () => {
    await page.goto(app.web.url);
    await page.getByTestId('nav-build-cache').click();
    const words = page.getByTestId('bc-unsupported');
    await words.waitFor();
    expect(await words.textContent()).toContain('Podman keeps no BuildKit build cache');
    expect(await page.getByTestId('bc-prune').isDisabled()).toBe(true);
    expect(await page.getByTestId('bc-totals').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/build-cache-podman.png` });
    await expectAccessible(page, 'build-cache-podman');
    expect(problems).toEqual([]);
  }, 60_000);
});
