/**
 * The image actions end to end: the real renderer in Chromium, served by `hangar web` (the real
 * CLI) over a private dockerd and a private registry. Prune (preview → confirm → progress →
 * report, checked against the daemon), tag and untag from the details panel, push with progress
 * through a bandwidth-limited proxy (so the bars are seen moving), several tasks at once in the
 * drawer, and an authentication failure in words. Screenshots land in test-results/actions/.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startPrivateDaemon, type PrivateDaemon } from '../harness/daemon.js';
import { seedImages, type SeededImage } from '../harness/image-tar.js';
import { startRegistry, type TestRegistry } from '../harness/registry.js';
import { startAppSession, type AppSession } from '../support/app-session.js';
import { captureFailures, expectAccessible } from '../support/browser.js';

const SHOTS = 'test-results/actions';
const DAY = 86_400_000;

/** Filler that makes a layer about `kb` kilobytes; random, so a push cannot compress it away. */
const filler = (kb: number, seed: string): string =>
  `${seed}\n${randomBytes(Math.ceil((kb * 1000 * 3) / 4)).toString('base64')}`;

/**
 * A TCP proxy to the registry that sends uploads at `bytesPerSecond` per connection: a push
 * through it takes seconds, so its progress can be watched.
 */
async function slowProxy(target: string, bytesPerSecond: number): Promise<net.Server> {
  const [host = '127.0.0.1', port = '0'] = target.split(':');
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), host);
    client.on('data', (chunk: Buffer) => {
      client.pause();
      upstream.write(chunk);
      setTimeout(() => client.resume(), (chunk.length / bytesPerSecond) * 1000);
    });
    upstream.pipe(client);
    client.on('end', () => upstream.end());
    const close = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('image actions in the browser', () => {
  let daemon: PrivateDaemon;
  let registry: TestRegistry;
  let authRegistry: TestRegistry;
  let proxy: net.Server;
  let proxyHost: string;
  let app: AppSession;
  let page: Page;
  let seeded: SeededImage[];
  const problems: string[] = [];
  captureFailures(SHOTS, () => page, problems);

  /** Saves what the page shows, and checks it with axe-core. */
  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
    await expectAccessible(page, name);
  };
  const idOf = (tag: string): string => {
    const found = seeded.find((s) => s.tags.includes(tag));
    if (!found) throw new Error(`not seeded: ${tag}`);
    return found.id;
  };
  /** Every image id on the daemon, once each (`docker images -q` prints one line per tag). */
  const allIds = async (): Promise<string[]> => [
    ...new Set(
      (await daemon.docker(['images', '-a', '-q', '--no-trunc'])).stdout
        .split('\n')
        .filter(Boolean),
    ),
  ];
  const dialog = (testId: string): Locator => page.getByTestId(testId);
  /** Shows one image's details: filter to it, make its row active, open the panel. */
  const openDetails = async (tag: string): Promise<Locator> => {
    await page.getByLabel('Filter images').fill(tag);
    const row = page.getByTestId('image-row').first();
    await expect.poll(() => row.textContent()).toContain(tag.split(':')[0]);
    await row.click({ position: { x: 120, y: 12 } });
    const panel = page.getByTestId('details-panel');
    if (!(await panel.isVisible())) await page.getByTestId('toggle-details').click();
    await expect.poll(() => panel.locator('.details-title').textContent()).toContain(tag);
    return panel;
  };
  /** A fresh page (no dialog or drawer left open by a failed test). */
  const fresh = async (): Promise<void> => {
    await page.goto('about:blank');
    await page.goto(`${app.web.origin}/#/images`);
    await page.getByRole('grid', { name: 'Images' }).waitFor();
  };
  /** Pauses dockerd (SIGSTOP) so that a task stays at its first step, for a screenshot. */
  const dockerdPid = (): number =>
    Number(readFileSync(path.join(daemon.dir, 'docker.pid'), 'utf8').trim());

  beforeAll(async () => {
    [daemon, registry, authRegistry] = await Promise.all([
      startPrivateDaemon({ name: 'actions' }),
      startRegistry(),
      startRegistry({ htpasswd: { user: 'ci', password: 'right-password' } }),
    ]);
    proxy = await slowProxy(registry.host, 2_500_000);
    const address = proxy.address();
    proxyHost = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    seeded = await seedImages(daemon, [
      ...[10, 20, 30, 40].map((days, i) => ({
        tags: [],
        created: new Date(Date.now() - days * DAY),
        content: filler(300 + i * 200, `dangling-${i}`),
      })),
      { tags: ['shop/web:1'], labels: { team: 'web' }, content: filler(900, 'web1') },
      { tags: ['shop/web:2'], labels: { team: 'web' }, content: filler(800, 'web2') },
      { tags: ['tools/lint:latest'], content: filler(200, 'lint') },
      { tags: ['shop/db:15'], content: filler(1200, 'db') },
      { tags: ['app/api:1'], content: filler(14_000, 'api') },
      { tags: ['app/worker:1'], content: filler(12_000, 'worker') },
    ]);
    // The 4th dangling image and shop/db are used by (never started) containers.
    const lastDangling = seeded[3]?.id ?? '';
    await daemon.docker(['create', '--name', 'web-1', lastDangling, '/serve']);
    await daemon.docker(['create', '--name', 'db-1', 'shop/db:15', '/db']);
    app = await startAppSession(daemon.host, {
      problems,
      shots: SHOTS,
      env: { DOCKER_CONFIG: daemon.dockerConfig }, // no credentials at all
    });
    page = app.page;
    await page.goto(app.web.url);
    await page.getByRole('grid', { name: 'Images' }).waitFor();
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(null)));
    await Promise.all([registry?.stop(), authRegistry?.stop()]);
    await daemon?.destroy();
  });

  it('prunes exactly the previewed images and reports each', async () => {
    const before = await allIds();
    await page.getByTestId('prune-open').click();
    const prune = dialog('prune-dialog');
    const rows = prune.getByTestId('prune-preview-row');
    await expect.poll(() => rows.count()).toBe(3);
    await prune.getByTestId('prune-skipped').locator('summary').click();
    expect(await prune.getByTestId('prune-skipped').textContent()).toContain('web-1');
    await shot('01-prune-dialog');

    // "All unused" takes the unused tagged images too, with a warning; not shop/db (db-1).
    await prune.getByTestId('prune-mode-unused').click();
    await prune.getByTestId('prune-unused-warning').waitFor();
    await expect.poll(() => rows.count()).toBe(8);
    expect(await prune.getByTestId('prune-preview').textContent()).not.toContain('shop/db');
    await shot('02-prune-all-unused');
    await prune.getByTestId('prune-until').fill('3 days');
    await expect
      .poll(() => prune.getByTestId('prune-until').getAttribute('aria-invalid'))
      .toBe('true');
    expect(await prune.getByTestId('prune-confirm').isDisabled()).toBe(true);
    await prune.getByTestId('prune-until').fill('');

    await prune.getByTestId('prune-mode-dangling').click();
    await expect.poll(() => rows.count()).toBe(3);
    const previewed = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.id ?? ''));
    const confirm = prune.getByTestId('prune-confirm');
    await expect.poll(() => confirm.isEnabled()).toBe(true);
    expect(await confirm.textContent()).toMatch(/^Delete 3 images, [\d.]+ (kB|MB)$/);

    // Hold the daemon so that the prune is seen at work, with its Cancel button.
    const pid = dockerdPid();
    process.kill(pid, 'SIGSTOP');
    try {
      await confirm.click();
      await prune.getByTestId('prune-progress').waitFor();
      await prune.getByTestId('prune-cancel').waitFor();
      await expect.poll(() => prune.getByTestId('prune-item').count()).toBe(3);
      expect(await page.getByTestId('tasks-running').textContent()).toBe('1');
      await shot('03-prune-progress');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await prune.getByTestId('prune-report').waitFor({ timeout: 30_000 });
    expect(await prune.getByTestId('prune-report-headline').textContent()).toMatch(
      /^Deleted 3 images$/,
    );
    const reported = await prune
      .getByTestId('report-deleted-item')
      .evaluateAll((lis) => lis.map((li) => li.dataset.id ?? ''));
    expect(reported.sort()).toEqual([...previewed].sort());
    await shot('04-prune-report');

    // The daemon agrees: exactly the previewed images are gone, everything else stays.
    const after = await allIds();
    expect(after.sort()).toEqual(before.filter((id) => !previewed.includes(id)).sort());
    await prune.getByTestId('prune-close').click();
    expect(problems).toEqual([]);
  });

  it('tags and untags from the details panel, checking names as they are typed', async () => {
    await fresh();
    const panel = await openDetails('shop/web:1');
    await panel.getByTestId('add-tag').click();
    const input = panel.getByTestId('tag-input');
    await input.fill('Shop/Web:next');
    await expect
      .poll(() => panel.getByTestId('tag-input-check').textContent())
      .toMatch(/must be lowercase/);
    expect(await panel.getByTestId('tag-submit').isDisabled()).toBe(true);
    await shot('05a-tag-invalid');
    await input.fill('ubuntu');
    await expect
      .poll(() => panel.getByTestId('tag-input-full').textContent())
      .toBe('docker.io/library/ubuntu:latest');
    await input.fill('shop/web:2');
    await panel.getByTestId('tag-input-moves').waitFor();
    expect(await panel.getByTestId('tag-submit').textContent()).toBe('Move tag here');
    await shot('05b-tag-moves');
    await input.fill('shop/web:stable');
    await shot('05-tag-typed');
    await panel.getByTestId('tag-submit').click();
    await panel.locator('[data-tag="shop/web:stable"]').waitFor();
    const inspected = await daemon.docker(['image', 'inspect', '-f', '{{.Id}}', 'shop/web:stable']);
    expect(inspected.stdout.trim()).toBe(idOf('shop/web:1'));

    // Untag one of two tags: the image keeps the other.
    await panel.locator('[data-tag="shop/web:stable"]').getByTestId('untag-button').click();
    const untag = dialog('untag-dialog');
    await expect
      .poll(() => untag.getByTestId('untag-message').textContent())
      .toContain('keeps its other tags');
    await untag.getByTestId('untag-confirm').click();
    await panel.locator('[data-tag="shop/web:stable"]').waitFor({ state: 'detached' });
    const gone = await daemon.docker(['image', 'inspect', 'shop/web:stable'], { allowFail: true });
    expect(gone.code).not.toBe(0);

    // Untag the last tag: said before, and the image stays, dangling.
    const lint = await openDetails('tools/lint:latest');
    await lint.getByTestId('untag-button').click();
    await expect
      .poll(() => untag.getByTestId('untag-message').textContent())
      .toContain('This is the last tag: the image becomes dangling');
    await shot('06-untag-last-tag');
    await untag.getByTestId('untag-confirm').click();
    await untag.waitFor({ state: 'detached' });
    const dangling = await daemon.docker(['images', '-f', 'dangling=true', '-q', '--no-trunc']);
    expect(dangling.stdout).toContain(idOf('tools/lint:latest'));
    expect(problems).toEqual([]);
  });

  it('pushes with progress bars, several tasks at once in the drawer', async () => {
    await fresh();
    const target = `${proxyHost}/app/api:1`;
    const panel = await openDetails('app/api:1');
    await panel.getByTestId('push-open').click();
    const push = dialog('push-dialog');
    await push.getByTestId('push-other').click();
    await push.getByTestId('push-ref').fill(target);
    await push.getByTestId('push-plan').waitFor();
    await push.getByTestId('push-start').click();
    const bar = push.getByTestId('push-progress-bar');
    await expect
      .poll(async () => Number((await bar.getAttribute('aria-valuenow')) ?? 0), { timeout: 30_000 })
      .toBeGreaterThan(5);
    expect(await push.getByTestId('push-layer').count()).toBeGreaterThan(0);
    await shot('07-push-progress');
    await push.getByTestId('push-hide').click();
    await page.getByRole('button', { name: 'Close tasks' }).click();

    // A second push and a prune while it runs.
    const worker = await openDetails('app/worker:1');
    await worker.getByTestId('push-open').click();
    await push.getByTestId('push-other').click();
    await push.getByTestId('push-ref').fill(`${proxyHost}/app/worker:1`);
    await push.getByTestId('push-start').click();
    await push.getByTestId('push-progress-bar').waitFor();
    await push.getByTestId('push-hide').click();
    await page.getByRole('button', { name: 'Close tasks' }).click();
    await page.getByLabel('Filter images').fill('');
    await page.getByTestId('prune-open').click();
    const prune = dialog('prune-dialog');
    await prune.getByTestId('prune-mode-unused').click();
    await prune.getByTestId('prune-labels').fill('team=web');
    await expect.poll(() => prune.getByTestId('prune-preview-row').count()).toBe(2);
    // This prune is cancelled: held at its first images, Cancel, then it stops after them.
    const pid = dockerdPid();
    process.kill(pid, 'SIGSTOP');
    try {
      await prune.getByTestId('prune-confirm').click();
      await prune.getByTestId('prune-cancel').click();
      await expect.poll(() => prune.getByTestId('prune-cancel').textContent()).toBe('Cancelling…');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await expect
      .poll(() => prune.getByTestId('prune-report-headline').textContent(), { timeout: 30_000 })
      .toMatch(/^Cancelled after deleting \d image/);
    await prune.getByTestId('prune-close').click();
    await page.getByTestId('tasks-button').click();

    const drawer = page.getByTestId('task-drawer');
    if (!(await drawer.isVisible())) await page.getByTestId('tasks-button').click();
    await expect.poll(() => drawer.getByTestId('task-card').count()).toBeGreaterThanOrEqual(3);
    await shot('08-task-drawer-running');
    const apiCard = drawer.locator(`[data-task-id][data-kind="push"]`, { hasText: 'app/api:1' });
    await expect
      .poll(() => apiCard.first().getAttribute('data-state'), { timeout: 60_000 })
      .toBe('succeeded');
    await expect
      .poll(() => drawer.locator('[data-state="running"]').count(), { timeout: 60_000 })
      .toBe(0);
    if ((await apiCard.first().getByTestId('push-result').count()) === 0) {
      await apiCard.first().getByTestId('task-toggle').click();
    }
    const shown = (await apiCard.first().getByTestId('push-digest').textContent())?.trim();
    await shot('09-task-drawer-done');
    expect(await page.getByTestId('tasks-running').count()).toBe(0);

    // The digest shown is the one the registry has under that tag.
    const res = await fetch(`${registry.url}/v2/app/api/manifests/1`, {
      method: 'HEAD',
      headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
    });
    expect(res.status).toBe(200);
    expect(shown).toBe(res.headers.get('docker-content-digest'));
    expect(problems).toEqual([]);
  });

  it('says in words when the registry refuses, and what to do', async () => {
    await fresh();
    const panel = await openDetails('shop/db:15');
    await panel.getByTestId('push-open').click();
    const push = dialog('push-dialog');
    await push.getByTestId('push-other').click();
    await push.getByTestId('push-ref').fill(`${authRegistry.host}/shop/db:15`);
    await push.getByTestId('push-start').click();
    const error = push.getByTestId('push-error');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.textContent()).toContain(`docker login ${authRegistry.host}`);
    await shot('10-push-auth-failed');
    await push.getByTestId('push-close').click();
  });
  it('removes the selection, refusing an image in use unless forced', async () => {
    await fresh();
    const before = await allIds();
    for (const name of ['app/worker', 'shop/db']) {
      const row = page.getByTestId('image-row').filter({ hasText: name });
      await row.locator('input[type="checkbox"]').check();
    }
    await page.getByTestId('remove-selected').click();
    const remove = dialog('remove-dialog');
    const plan = remove.getByTestId('remove-plan-item');
    await expect.poll(() => plan.count()).toBe(2);
    const verdicts = await plan.evaluateAll((lis) => lis.map((li) => li.dataset.verdict));
    expect(verdicts.sort()).toEqual(['needs-force', 'needs-force']);
    expect(await remove.getByTestId('remove-plan').textContent()).toContain(
      'used by stopped container db-1',
    );
    // app/worker is tagged in two repositories (its pushed name): force removes every tag.
    await remove.getByTestId('remove-force').locator('input').check();
    await expect
      .poll(() => remove.getByTestId('remove-confirm').textContent())
      .toMatch(/^Force-remove 2 images, [\d.]+ MB$/);
    await shot('11-remove-confirm');
    await remove.getByTestId('remove-confirm').click();
    await remove.getByTestId('remove-outcomes').waitFor();
    expect(await remove.getByTestId('remove-summary').textContent()).toBe('2 removed');
    await shot('12-remove-outcomes');
    const after = await allIds();
    expect(after).not.toContain(idOf('app/worker:1'));
    expect(after).not.toContain(idOf('shop/db:15'));
    expect(after.length).toBe(before.length - 2);
    // The stopped container is still there.
    const ps = await daemon.docker(['ps', '-a', '--format', '{{.Names}}']);
    expect(ps.stdout).toContain('db-1');
    await remove.getByTestId('remove-close').click();
    expect(problems).toEqual([]);
  });
});
