/** Opens the Files tab of the one image a search for `name` shows, as a user does with the keys. */
import type { Page } from 'playwright-core';
import type { AppSession } from './app-session.js';

export async function openFilesTab(app: AppSession, name: string): Promise<Page> {
  const page = app.page;
  await page.goto(app.web.url);
  await page.goto(`${app.web.origin}/#/images?q=${encodeURIComponent(name)}`);
  const grid = page.getByRole('grid', { name: 'Images' });
  await grid.waitFor();
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.getByTestId('details-panel').waitFor();
  await page.getByTestId('details-tab-files').click();
  return page;
}
