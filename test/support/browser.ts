/**
 * Debian's Chromium, headless, as every browser test and benchmark launches it: never a browser
 * downloaded by Playwright, and no background networking (this machine has no network to reach).
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
}
