/** Builds through the app's open build dialog, as a person does, in a browser test. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Clicks "Build" (`build-submit`) or "Build again" (`build-again`) and waits for this build's
 * outcome or failure: the one on screen may be the previous build's, so it first waits for the
 * dialog to follow a new task.
 */
export async function buildThroughDialog(
  page: Page,
  button: 'build-submit' | 'build-again',
  timeout = 60_000,
): Promise<void> {
  const body = page.getByTestId('build-body');
  const before = await body.getAttribute('data-task');
  await page.getByTestId(button).click();
  await expect.poll(() => body.getAttribute('data-task'), { timeout: 10_000 }).not.toBe(before);
  await body
    .locator('[data-testid="build-outcome"], [data-testid="build-failure"]')
    .waitFor({ timeout });
}
