/**
 * The Artifact cache view end to end: the real renderer in Chromium, served by `hangar web` (the
 * real CLI) with its own store (`HANGAR_HOME`) over a private dockerd. Builds a small `FROM
 * scratch` context through the dialog (MISS, then a fast HIT, then a MISS naming the changed
 * file), a failing build, a cancelled one, the table, pin, evict with its confirm (the image
 * removed, checked with the docker CLI), a skaffold import, the policy with preview and apply,
 * and a push. Screenshots of each state land in test-results/artifacts/ for a person to look at. */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { busyboxImage } from '../harness/build.js';
import { buildThroughDialog } from '../support/build-dialog.js';
import { startPrivateDaemon, type PrivateDaemon } from '../harness/daemon.js';
import { sharedRegistryHost } from '../harness/shared.js';
import { startAppSession, type AppSession } from '../support/app-session.js';
import { captureFailures, cutCellTexts, expectAccessible } from '../support/browser.js';
import { writeInto } from '../support/builds.js';

const SHOTS = 'test-results/artifacts';
const DOCKERFILE = 'FROM scratch\nARG VERSION=0\nLABEL version=$VERSION\nCOPY . /app/\n';

describe('artifact cache in Chromium', () => {
  let daemon: PrivateDaemon;
  let app: AppSession;
  let page: Page;
  let work: string;
  const problems: string[] = [];
  captureFailures(SHOTS, () => page, problems);

  /** Saves what the page shows, and checks it with axe-core. */
  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
    await expectAccessible(page, name);
  };
  const write = (rel: string, content: string) => writeInto(work, rel, content);
  const dialog = (id: string): Locator => page.getByTestId(id);
  const rows = (): Locator => page.getByTestId('artifact-row');
  const imageIds = async (): Promise<string[]> =>
    (await daemon.docker(['images', '-a', '-q', '--no-trunc'])).stdout.split('\n').filter(Boolean);

  /**
   * Tests run in order and share the page; these put it in the state a test starts from, so that
   * one failing test (say, with its dialog left open) does not fail all the others.
   */
  const closeDialogs = async (): Promise<void> => {
    if ((await page.locator('dialog[open]').count()) === 0) return;
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached', timeout: 5000 });
  };
  const openBuildDialog = async (): Promise<void> => {
    if ((await dialog('build-dialog').count()) > 0) return;
    await closeDialogs();
    await page.getByTestId('open-build').click();
    await dialog('build-dialog').waitFor();
  };

  const openBuildForm = async (): Promise<void> => {
    await openBuildDialog();
    if ((await page.getByTestId('build-edit').count()) > 0) {
      await page.getByTestId('build-edit').click();
    }
    await page.getByTestId('build-submit').waitFor();
  };

  /** Builds through the open dialog ("Build" or "Build again") and waits for the outcome. */
  const build = (button: 'build-submit' | 'build-again') => buildThroughDialog(page, button);

  beforeAll(async () => {
    work = realpathSync(mkdtempSync(path.join(tmpdir(), 'hangar-e2e-ctx-')));
    write('Dockerfile', DOCKERFILE);
    write('.dockerignore', '*.log\n');
    write('src/a.txt', 'alpha\n');
    write('src/b.txt', 'beta\n');
    write('debug.log', 'noise\n');
    daemon = await startPrivateDaemon({ name: 'artifacts' });
    await busyboxImage(daemon, 'e2e/busybox:1');
    app = await startAppSession(daemon.host, { problems, shots: SHOTS });
    page = app.page;
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await daemon?.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  it('explains an empty cache and how to fill it', async () => {
    await page.goto(app.web.url);
    await page.getByTestId('nav-artifacts').click();
    const empty = page.getByTestId('artifacts-empty');
    await empty.waitFor();
    expect(await empty.textContent()).toContain('hangar build');
    expect(await page.getByTestId('artifacts-totals').textContent()).toMatch(/^0 entries/);
    await shot('01-empty');
  });

  it('builds through the dialog: MISS, then a fast HIT', async () => {
    await page.getByTestId('open-build').click();
    const d = dialog('build-dialog');
    await d.waitFor();
    // A relative folder and a bad name are refused in words before anything is sent.
    await page.getByTestId('build-context').fill('relative/dir');
    await page.getByTestId('build-tag').fill('E2E/App');
    await page.getByTestId('build-submit').click();
    expect(await d.getByRole('alert').allTextContents()).toEqual([
      expect.stringMatching(/absolute path/),
      expect.stringMatching(/not an image name/),
    ]);
    await shot('02-build-form-errors');

    await page.getByTestId('build-context').fill(work);
    await page.getByTestId('build-tag').fill('e2e/app:dev');
    await d.getByRole('button', { name: '+ Add build arg' }).click();
    await d.getByLabel('Build arg 1 name').fill('VERSION');
    await d.getByLabel('Build arg 1 value').fill('1');
    expect(await d.locator('.ac-cli').textContent()).toContain(
      `hangar build ${work} -t e2e/app:dev --build-arg VERSION=1`,
    );
    await shot('03-build-form');

    await build('build-submit');
    expect(await page.getByTestId('build-status').textContent()).toBe('MISS');
    expect(await page.getByTestId('build-reason').textContent()).toContain('no entry');
    expect(await page.getByTestId('build-headline').textContent()).toMatch(/^built in/);
    await shot('04-build-miss');

    await build('build-again');
    expect(await page.getByTestId('build-status').textContent()).toBe('HIT');
    // formatMs switches to seconds from 1000 ms on: a HIT reads in milliseconds.
    expect(await page.getByTestId('build-headline').textContent()).toMatch(
      /^in [\d.]+ ms: no build needed$/,
    );
    await shot('05-build-hit');
  });

  it('names the changed file on the next MISS', async () => {
    await openBuildDialog();
    write('src/a.txt', 'alpha, changed\n');
    write('debug.log', 'more noise\n'); // ignored by .dockerignore: not an input
    await build('build-again');
    expect(await page.getByTestId('build-status').textContent()).toBe('MISS');
    expect(await page.getByTestId('build-reason').textContent()).toContain('file src/a.txt');
    expect(await page.getByTestId('changed-inputs').locator('li').allTextContents()).toEqual([
      'modifiedsrc/a.txt',
    ]);
    await shot('06-build-miss-changed');
  });

  it('shows a failing build with the failing step in words', async () => {
    write(
      'Dockerfile.broken',
      'FROM e2e/busybox:1\nRUN ["/bin/busybox", "sh", "-c", "echo compiling main.c; echo main.c:3: error: boom >&2; exit 2"]\n',
    );
    await openBuildForm();
    await page.getByTestId('build-dockerfile').fill('Dockerfile.broken');
    await page.getByTestId('build-tag').fill('e2e/broken');
    await build('build-submit');
    expect(await page.getByTestId('build-failure-title').textContent()).toMatch(/^at step 2\/\d+$/);
    expect(await page.getByTestId('build-failure-error').textContent()).toMatch(
      /(returned a non-zero code|exit code): 2/,
    );
    // The step's own output, stderr included, without the builder's colour codes.
    await shot('07-build-failed');
    const output = (await page.getByTestId('build-output').textContent()) ?? '';
    // stdout and stderr arrive as two streams: their order is the builder's.
    expect(output.split('\n').sort()).toEqual(['compiling main.c', 'main.c:3: error: boom']);
    expect(output).not.toContain('\u001b');
    // Back to the working artifact for what follows.
    await page.getByTestId('build-edit').click();
    await page.getByTestId('build-dockerfile').fill('Dockerfile');
    await page.getByTestId('build-tag').fill('e2e/app:dev');
    await dialog('build-dialog').getByRole('button', { name: 'Close' }).first().click();
    await dialog('build-dialog').waitFor({ state: 'detached' });
  });

  it('follows a running build live and cancels it', async () => {
    write(
      'Dockerfile.slow',
      'FROM e2e/busybox:1\nRUN ["/bin/busybox", "echo", "warming up"]\nRUN ["/bin/busybox", "sleep", "60"]\n',
    );
    await openBuildForm();
    await page.getByTestId('build-dockerfile').fill('Dockerfile.slow');
    await page.getByTestId('build-tag').fill('e2e/slow');
    await page.getByTestId('build-submit').click();
    const progress = page.getByTestId('build-progress');
    await progress.waitFor();
    await expect
      .poll(() => page.getByTestId('build-message').textContent(), { timeout: 30_000 })
      .toMatch(/^Step 3\/\d+: RUN \["\/bin\/busybox", "sleep", "60"\]$/);
    expect(await progress.locator('li.is-done').count()).toBe(2);
    await shot('08-build-progress');
    await page.getByTestId('build-cancel').click();
    await page.getByTestId('build-cancelled').waitFor({ timeout: 30_000 });
    await shot('09-build-cancelled');
    // Back to the working artifact for what follows.
    await page.getByTestId('build-edit').click();
    await page.getByTestId('build-dockerfile').fill('Dockerfile');
    await page.getByTestId('build-tag').fill('e2e/app:dev');
  });

  it('lists the entries live, with status, hits and totals', async () => {
    await closeDialogs();
    await expect.poll(() => rows().count()).toBe(2);
    const text = await page.locator('.ac-table').textContent();
    expect(text).toContain('e2e/app');
    expect(text).toContain('dev');
    expect(await page.getByTestId('entry-state').allTextContents()).toEqual(['present', 'present']);
    expect(await page.getByTestId('artifacts-totals').textContent()).toMatch(
      /^2 entries · .+ of 10 GB limit · no TTL$/,
    );
    // The key column shows 12 characters and copies all 64.
    const firstKey = (await rows().first().getAttribute('data-key')) ?? '';
    await rows().first().hover();
    await rows()
      .first()
      .getByRole('button', { name: /^Copy the cache key/ })
      .click();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(firstKey);
    expect(firstKey).toMatch(/^[0-9a-f]{64}$/);
    // At 1440 px no cell is cut without an ellipsis and its full text on hover.
    expect(await cutCellTexts(page)).toEqual([]);
    await shot('10-table');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('10-table-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('pins an entry, then evicts the other with its image after a confirm', async () => {
    await closeDialogs();
    // Newest first: row 0 is the build after the change, row 1 the first one.
    const keys = await rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key')));
    const [newest, oldest] = keys as [string, string];
    const newestRow = page.locator(`[data-key="${newest}"]`);
    await newestRow.getByRole('button', { name: /^Pin / }).click();
    await newestRow.getByTestId('entry-pinned').waitFor();

    const oldRow = page.locator(`[data-key="${oldest}"]`);
    const oldImage = (
      await daemon.docker(['image', 'inspect', '-f', '{{.Id}}', `e2e/app:${oldest}`])
    ).stdout.trim();
    await oldRow.getByRole('button', { name: /^Evict / }).click();
    const d = dialog('evict-dialog');
    await d.waitFor();
    expect(await page.getByTestId('evict-image-plan').textContent()).toMatch(
      /stays on the engine with its tags/,
    );
    await page.getByTestId('evict-remove-image').check();
    expect(await page.getByTestId('evict-image-plan').textContent()).toMatch(
      new RegExp(
        `The image ${oldImage.slice(7, 19)} \\(.+\\) and its tag e2e/app:${oldest.slice(0, 12)}… are removed from the engine`,
      ),
    );
    await shot('11-evict-confirm');
    await page.getByTestId('evict-confirm').click();
    await page.getByTestId('evict-report').waitFor();
    expect(await page.getByTestId('evict-report').textContent()).toContain('image removed');
    await shot('12-evicted');
    await page.getByTestId('evict-close').click();
    await expect.poll(() => rows().count()).toBe(1);
    expect(await imageIds()).not.toContain(oldImage);
  });

  it('imports a skaffold cache file and shows its entries', async () => {
    await closeDialogs();
    const id = (
      await daemon.docker(['image', 'inspect', '-f', '{{.Id}}', 'e2e/app:dev'])
    ).stdout.trim();
    const file = path.join(app.home, 'skaffold-cache');
    writeFileSync(
      file,
      `${'a'.repeat(64)}:\n  id: ${id}\n${'b'.repeat(64)}:\n  digest: sha256:${'c'.repeat(64)}\n`,
    );
    await page.getByTestId('open-skaffold').click();
    await page.getByTestId('skaffold-file').fill(file);
    await page.getByTestId('skaffold-import').click();
    const report = page.getByTestId('skaffold-report');
    await report.waitFor();
    expect(await report.textContent()).toContain(`Imported 2 entries from ${file}`);
    await shot('13-skaffold-import');
    await dialog('skaffold-dialog').getByRole('button', { name: 'Close' }).first().click();
    await expect.poll(() => rows().count()).toBe(3);
    expect(await page.locator('.ac-source-skaffold').count()).toBe(2);
    await shot('14-table-with-skaffold');
  });

  it('previews the policy: the pinned entry is left alone', async () => {
    await closeDialogs();
    await page.getByTestId('open-policy').click();
    const d = dialog('policy-dialog');
    await d.waitFor();
    await d.getByLabel('Size limit').fill('1 B');
    await page.getByTestId('policy-preview').click();
    const report = page.getByTestId('policy-preview-report');
    await report.waitFor();
    expect(await report.textContent()).toMatch(/Nothing to evict: the entries over the limits/);
    expect(await report.textContent()).toMatch(/pinned \(over the size limit\)/);
    expect(await page.getByTestId('policy-apply').isDisabled()).toBe(true);
    await shot('15-policy-pinned');
    await d.getByRole('button', { name: 'Close' }).first().click();
    await d.waitFor({ state: 'detached' });
  });

  it('applies exactly the previewed policy, removing the image', async () => {
    await closeDialogs();
    const hangarRow = page.locator('[data-testid="artifact-row"]:has(.ac-source-hangar)');
    const key = (await hangarRow.getAttribute('data-key')) ?? '';
    const image = (
      await daemon.docker(['image', 'inspect', '-f', '{{.Id}}', 'e2e/app:dev'])
    ).stdout.trim();
    await hangarRow.getByRole('button', { name: /^Unpin / }).click();
    await hangarRow.getByTestId('entry-pinned').waitFor({ state: 'detached' });

    await page.getByTestId('open-policy').click();
    const d = dialog('policy-dialog');
    await d.waitFor();
    await d.getByLabel('Size limit').fill('1 B');
    await d.getByLabel(/Also remove the evicted entries’ images/).check();
    await page.getByTestId('policy-preview').click();
    const preview = page.getByTestId('policy-preview-report');
    await preview.waitFor();
    const actions = page.getByTestId('policy-action');
    expect(await actions.count()).toBe(1);
    expect(await actions.first().textContent()).toContain(key.slice(0, 12));
    expect(await actions.first().textContent()).toContain(
      'least recently hit, over the size limit',
    );
    expect(await actions.first().textContent()).toContain('removes the image');
    await shot('16-policy-preview');

    await page.getByTestId('policy-apply').click();
    const applied = page.getByTestId('policy-report');
    await applied.waitFor();
    expect(await applied.textContent()).toMatch(/Evicted 1 entry, removed 1 image/);
    await shot('17-policy-applied');
    await page.getByTestId('policy-close').click();
    // Left: skaffold's two entries (the policy never touches them), now both without an image.
    await expect
      .poll(() => page.getByTestId('entry-state').allTextContents())
      .toEqual(['missing', 'missing']);
    expect(await imageIds()).not.toContain(image);
    await shot('18-after-policy');
  });

  it('pushes an entry’s tag to a registry through the push task', async () => {
    const registry = sharedRegistryHost();
    const name = `${registry}/e2e/pushme`;
    await openBuildForm();
    await page.getByTestId('build-tag').fill(`${name}:1`);
    await build('build-submit');
    expect(await page.getByTestId('build-status').textContent()).toBe('MISS');
    await closeDialogs();

    const row = page.locator('[data-testid="artifact-row"]', { hasText: 'e2e/pushme' });
    await row.getByRole('button', { name: /^Push / }).click();
    const d = dialog('push-dialog');
    await d.waitFor();
    expect(await d.getByLabel('Tag to push').inputValue()).toBe(`${name}:1`);
    await shot('19-push');
    await d.getByRole('button', { name: 'Push', exact: true }).click();
    const result = page.getByTestId('push-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.textContent()).toMatch(
      new RegExp(
        `^Pushed ${name.replace(/[.]/g, '\\.')}:1 to ${registry.replace(/[.]/g, '\\.')}: sha256:[0-9a-f]{64}`,
      ),
    );
    await shot('20-pushed');
    await closeDialogs();
    expect(problems).toEqual([]);
  });
});
