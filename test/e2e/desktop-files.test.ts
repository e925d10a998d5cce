/**
 * Save… and Load… as the desktop app runs them, end to end but for Electron itself (whose binary
 * cannot run here): the real renderer in Chromium gets a `window.hangar` bridge, as the preload
 * gives it, whose requests this test answers the way the main process does: contract channels by
 * `dispatch` over a real core on a private dockerd, the desktop channels by `dispatchDesktop`
 * with a file dialog that answers the path the test chose (the system's dialog is the one part
 * faked); the core's events go to the page. The page uses the IPC transport, so Save… and Load…
 * take the dialog way: a `save` task writes the archive, a `load` task brings the tag back, a
 * file that is not an archive is refused in words, and a dismissed dialog starts nothing.
 * Screenshots land in test-results/desktop-files/.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { isDesktopChannel } from '../../shared/desktop.js';
import { createCore, type Core } from '../../electron/core/core.js';
import { dispatch } from '../../electron/core/dispatch.js';
import {
  desktopFileHandlers,
  dispatchDesktop,
  type FileDialog,
} from '../../electron/desktop-files.js';
import { startPrivateDaemon, type PrivateDaemon } from '../harness/daemon.js';
import { seedImages } from '../harness/image-tar.js';
import { startAppSession, type AppSession } from '../support/app-session.js';
import { captureFailures, expectAccessible } from '../support/browser.js';
import { imageIdOf } from '../support/oracle.js';

const SHOTS = 'test-results/desktop-files';
const TAG = 'desk/app:1';

/** What the preload exposes, built in the page from two functions the test provides. */
const BRIDGE = `
  const listeners = new Map();
  window.__hangarEmit = (event, payload) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  window.hangar = {
    invoke: (channel, args) => window.__hangarInvoke(channel, args),
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
`;

describe('Save… and Load… through the desktop file dialogs', () => {
  let daemon: PrivateDaemon;
  let core: Core;
  let session: AppSession;
  let page: Page;
  let work: string;
  /** What the fake dialog answers next: a path, or null for a dismissed dialog. */
  let answer: string | null = null;
  const shown: { kind: 'save' | 'open'; defaultPath: string }[] = [];
  const problems: string[] = [];
  captureFailures(SHOTS, () => page, problems);

  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
    await expectAccessible(page, name);
  };
  const row = () => page.getByTestId('image-row').filter({ hasText: 'desk/app' });

  beforeAll(async () => {
    daemon = await startPrivateDaemon({ name: 'desk-files' });
    await seedImages(daemon, [{ tags: [TAG], content: randomBytes(300_000).toString('hex') }]);
    work = mkdtempSync(path.join(tmpdir(), 'hangar-desk-files-'));
    core = await createCore({ host: daemon.host });
    await core.ready();
    const dialog: FileDialog = {
      showSaveDialog: async (o) => {
        shown.push({ kind: 'save', defaultPath: o.defaultPath });
        return answer === null ? { canceled: true } : { canceled: false, filePath: answer };
      },
      showOpenDialog: async (o) => {
        shown.push({ kind: 'open', defaultPath: o.defaultPath });
        return answer === null
          ? { canceled: true, filePaths: [] }
          : { canceled: false, filePaths: [answer] };
      },
    };
    const desktop = desktopFileHandlers({ files: core.files, defaultFolder: () => work });
    session = await startAppSession(daemon.host, { problems, shots: SHOTS });
    page = session.page;
    await page.exposeFunction('__hangarInvoke', (channel: unknown, args: unknown) =>
      isDesktopChannel(channel)
        ? dispatchDesktop(desktop, dialog, channel, args)
        : dispatch(core.handlers, channel, args),
    );
    await page.addInitScript(BRIDGE);
    core.subscribe((event, payload) => {
      if (page.isClosed()) return;
      void page
        .evaluate(
          ([e, p]) =>
            (globalThis as unknown as { __hangarEmit(e: unknown, p: unknown): void }).__hangarEmit(
              e,
              p,
            ),
          [event, payload] as const,
        )
        .catch(() => undefined);
    });
    await page.goto(session.web.url);
    await page.getByRole('grid', { name: 'Images' }).waitFor();
    await row().waitFor();
  }, 300_000);

  afterAll(async () => {
    await session?.stop();
    await core?.close();
    await daemon?.destroy();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('Save… asks where through the dialog and saves there as a task', async () => {
    await row().locator('input[type="checkbox"]').check();
    await page.getByTestId('save-open').click();
    const dialog = page.getByTestId('save-dialog');
    expect(await dialog.getByTestId('save-names').textContent()).toBe(TAG);
    expect(await dialog.getByTestId('save-download').count()).toBe(0);
    await shot('01-save');

    // A dismissed system dialog starts nothing: the Save button is there again.
    answer = null;
    await dialog.getByTestId('save-start').click();
    await expect.poll(() => shown.length).toBe(1);
    expect(shown[0]).toEqual({ kind: 'save', defaultPath: path.join(work, 'desk_app_1.tar') });
    await expect.poll(() => dialog.getByTestId('save-start').isEnabled()).toBe(true);
    expect(await core.handlers['tasks:list']()).toEqual([]);

    const archive = path.join(work, 'chosen.tar');
    answer = archive;
    await dialog.getByTestId('save-start').click();
    const outcome = dialog.getByTestId('save-outcome');
    await outcome.waitFor({ timeout: 60_000 });
    expect(await outcome.textContent()).toMatch(new RegExp(`^Saved .+ to ${archive}\\.$`));
    await shot('02-saved');
    expect(execFileSync('tar', ['-tf', archive], { encoding: 'utf8' })).toContain('manifest.json');
    await dialog.locator('button.button', { hasText: 'Close' }).click();
    await row().locator('input[type="checkbox"]').uncheck();
    expect(problems).toEqual([]);
  });

  it('Load… refuses a file that is not an archive in words, then loads the saved one back', async () => {
    const archive = path.join(work, 'chosen.tar');
    expect(existsSync(archive)).toBe(true);
    await daemon.cli(['rmi', TAG]);
    expect(await imageIdOf(daemon, TAG)).toBeNull();
    await expect.poll(() => row().count()).toBe(0);
    // With no image left the page is empty, and offers Pull… and Load… there.
    await page.getByTestId('images-empty').waitFor();
    await shot('03-empty');

    const notes = path.join(work, 'notes.txt');
    writeFileSync(notes, 'these are my notes, not an image\n'.repeat(100));
    answer = notes;
    await page.getByTestId('load-open').click();
    let dialog = page.getByTestId('load-dialog');
    expect(await dialog.getByTestId('load-file').count()).toBe(0);
    await dialog.getByTestId('load-start').click();
    const error = dialog.getByTestId('load-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toContain(`${notes} is not an image archive`);
    await shot('04-load-refused');
    await dialog.locator('button.button', { hasText: 'Close' }).click();

    answer = archive;
    await page.getByTestId('load-open').click();
    dialog = page.getByTestId('load-dialog');
    await dialog.getByTestId('load-start').click();
    const outcome = dialog.getByTestId('load-outcome');
    await outcome.waitFor({ timeout: 60_000 });
    expect(await outcome.textContent()).toBe(`Loaded 1 tag: ${TAG}.`);
    await shot('05-loaded');
    expect(shown.at(-1)).toEqual({ kind: 'open', defaultPath: work });
    await dialog.locator('button.button', { hasText: 'Close' }).click();
    await row().waitFor();
    expect(await imageIdOf(daemon, TAG)).not.toBeNull();
    expect(problems).toEqual([]);
  });
});
