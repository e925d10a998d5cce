/**
 * What every browser test starts with: the built renderer served by `hangar web` (the real CLI in
 * its own process, with its own `HANGAR_HOME`) over an engine, Debian's Chromium, and one page
 * whose problems are collected. `stop()` closes all three and removes the home it made.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openAppPage, type PageOptions } from './browser.js';
import {
  startWebHostProcess,
  type WebHostOptions,
  type WebHostProcess,
} from './web-host-process.js';

export interface AppSessionOptions extends PageOptions, Pick<WebHostOptions, 'via'> {
  /** Where the page's problems are collected (the array given to `captureFailures`). */
  problems: string[];
  /** The folder screenshots go to; made if missing. */
  shots: string;
  /** `HANGAR_HOME` of the web host; absent: a fresh folder, removed by `stop()`. */
  home?: string;
  /** More variables for the web host (e.g. `DOCKER_CONFIG`). */
  env?: Record<string, string>;
}

export interface AppSession {
  web: WebHostProcess;
  browser: Browser;
  page: Page;
  /** The web host's `HANGAR_HOME`. */
  home: string;
  stop(): Promise<void>;
}

export async function startAppSession(
  dockerHost: string,
  opts: AppSessionOptions,
): Promise<AppSession> {
  if (!existsSync('dist/renderer/index.html')) {
    throw new Error(
      'The renderer is not built: run `npm run build:renderer` before the e2e tests.',
    );
  }
  mkdirSync(opts.shots, { recursive: true });
  const ownHome = opts.home === undefined;
  const home = opts.home ?? mkdtempSync(path.join(tmpdir(), 'hangar-e2e-home-'));
  let web: WebHostProcess | undefined;
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close();
    await web?.stop();
    if (ownHome) rmSync(home, { recursive: true, force: true });
  };
  try {
    web = await startWebHostProcess(dockerHost, {
      via: opts.via,
      env: { ...opts.env, HANGAR_HOME: home },
    });
    browser = await launchChromium();
    const page = await openAppPage(browser, web.origin, opts.problems, opts);
    return { web, browser, page, home, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
