/**
 * The Files tab on a large image, end to end: the real renderer in Chromium over `hangar web` and
 * the shared dockerd, on an image of 50,000 small files in 100 folders plus a layer holding one
 * 128 MB file (so the first read from the engine lasts long enough to cancel). The first read is
 * cancelled from the tab, which says so and reads again on request; then the tree holds every
 * path while the DOM holds only a window of rows, the last file is reached by scrolling and by
 * End, and the filter finds one file among them. Screenshots go to test-results/browser/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layeredSave, type FixtureEntry } from '../harness/layered-image.js';
import { sharedDaemon } from '../harness/shared.js';
import { startAppSession, type AppSession } from '../support/app-session.js';
import { captureFailures, expectAccessible } from '../support/browser.js';
import { openFilesTab } from '../support/files-tab.js';

const SHOTS = 'test-results/browser';
const FOLDERS = 100;
const PER_FOLDER = 500;
const two = (n: number) => String(n).padStart(2, '0');
const three = (n: number) => String(n).padStart(3, '0');

/** Every folder, then its files: `d00/f000.txt` … `d99/f499.txt`, 16 bytes each. */
function manyFiles(): FixtureEntry[] {
  const entries: FixtureEntry[] = [];
  for (let d = 0; d < FOLDERS; d++) {
    entries.push({ path: `d${two(d)}` });
    for (let f = 0; f < PER_FOLDER; f++) {
      entries.push({
        path: `d${two(d)}/f${three(f)}.txt`,
        content: `file ${two(d)}/${three(f)}\n`,
      });
    }
  }
  return entries;
}

describe('Files tab on 50,000 files in Chromium', () => {
  let app: AppSession;
  let page: Page;
  const problems: string[] = [];
  captureFailures(SHOTS, () => page, problems);

  beforeAll(async () => {
    const daemon = sharedDaemon();
    const { archive } = await layeredSave([
      {
        tags: ['fileslarge/app:1'],
        layers: [
          { step: 'COPY files /', entries: manyFiles() },
          {
            step: 'COPY blob.bin /',
            entries: [{ path: 'blob.bin', content: Buffer.alloc(128 * 1024 * 1024, 7) }],
          },
        ],
      },
    ]);
    await daemon.cli(['load', '-q'], { input: archive, timeoutMs: 300_000 });
    app = await startAppSession(daemon.host, { problems, shots: SHOTS });
    page = app.page;
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('cancels the first read from the tab, then reads again on request', async () => {
    await openFilesTab(app, 'fileslarge/app:1');
    await page.getByTestId('files-cancel').click({ timeout: 60_000 });
    const cancelled = page.getByTestId('files-cancelled');
    await cancelled.waitFor({ timeout: 60_000 });
    expect(await cancelled.textContent()).toContain(
      'Reading the layers was cancelled; nothing from the read was stored.',
    );
    await page.screenshot({ path: `${SHOTS}/files-cancelled.png` });
    await expectAccessible(page, 'files-cancelled');

    await page.getByTestId('files-read-again').click();
    const waste = page.getByTestId('files-waste');
    await waste.waitFor({ timeout: 120_000 });
    // 100 folders, 50,000 files and blob.bin.
    expect(await waste.textContent()).toContain('50,101 paths');
    expect(problems).toEqual([]);
  });

  it('scrolls to the last of 50,000 files with only a window of rows in the DOM, and filters', async () => {
    const rows = page.getByTestId('file-row');
    await rows.first().waitFor();
    const tree = page.getByRole('treegrid', { name: 'Files' });
    expect(await tree.getAttribute('aria-rowcount')).toBe(String(50_101 + 1));
    expect(await rows.count()).toBeLessThan(100);

    // By path: blob.bin, then d00 … d99, each folder's files in order.
    await page.getByRole('columnheader', { name: 'Path' }).getByRole('button').click();
    const frame = page.getByTestId('files-grid-scroll');
    await frame.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    const last = rows.filter({ has: page.locator('.mono', { hasText: /^f499\.txt$/ }) }).last();
    await expect.poll(() => last.getAttribute('aria-rowindex')).toBe(String(50_101 + 1));
    expect(await last.getAttribute('aria-level')).toBe('2');
    expect(await last.locator('.mono').getAttribute('title')).toBe('d99/f499.txt');
    expect(await rows.count()).toBeLessThan(100);
    await frame.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/files-50k-end.png` });

    // From the keyboard: Down takes the first row (the grid scrolls back to it), End the last file.
    await tree.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => rows.first().getAttribute('aria-rowindex')).toBe('2');
    await page.keyboard.press('End');
    await expect.poll(() => last.getAttribute('aria-selected')).toBe('true');

    await page.getByTestId('files-filter').fill('d42/f499');
    await expect
      .poll(() =>
        rows.evaluateAll((rs) => rs.map((r) => r.querySelector('.mono')?.getAttribute('title'))),
      )
      .toEqual(['d42', 'd42/f499.txt']);
    await page.screenshot({ path: `${SHOTS}/files-50k-filter.png` });
    await expectAccessible(page, 'files-50k');
    expect(problems).toEqual([]);
  });
});
