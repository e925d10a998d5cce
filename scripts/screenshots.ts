/**
 * Makes the README's screenshots (docs/screenshots/*.png) from a private dockerd seeded with the
 * images browser's realistic images: the Images page, and a build through the cache whose outcome
 * names the changed file. It runs `hangar web` as a user would, with a store of its own
 * (`HANGAR_HOME` in a temporary folder), and Debian's Chromium at 1440×900. The page must log no
 * error and get no failed answer, else no picture is written.
 *
 *   npm run docs:screenshots      (builds first; after a build, `npx tsx scripts/screenshots.ts` alone)
 */
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startPrivateDaemon, type PrivateDaemon } from '../test/harness/daemon.js';
import { seedBrowserImages } from '../test/e2e/images-browser-seed.js';
import { launchChromium, openAppPage } from '../test/support/browser.js';
import { startWebHostProcess, type WebHostProcess } from '../test/support/web-host-process.js';

const OUT = 'docs/screenshots';
const DOCKERFILE = 'FROM busybox:1.36\nARG VERSION=0\nLABEL version=$VERSION\nCOPY src/ /app/\n';

function write(dir: string, rel: string, content: string): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), content);
}

/** Throws when the page has logged an error or got a failed answer so far. */
function checkProblems(problems: string[], what: string): void {
  if (problems.length > 0) {
    throw new Error(
      `The page went wrong before the ${what} screenshot:\n  ${problems.join('\n  ')}`,
    );
  }
}

/** Builds through the open dialog and waits for this build's outcome (not the previous one's). */
async function build(page: Page, button: 'build-submit' | 'build-again'): Promise<void> {
  const body = page.getByTestId('build-body');
  const before = await body.getAttribute('data-task');
  await page.getByTestId(button).click();
  const deadline = Date.now() + 10_000;
  while ((await body.getAttribute('data-task')) === before) {
    if (Date.now() > deadline) throw new Error('The build dialog started no build.');
    await page.waitForTimeout(100);
  }
  await body
    .locator('[data-testid="build-outcome"], [data-testid="build-failure"]')
    .waitFor({ timeout: 120_000 });
  if ((await page.getByTestId('build-failure').count()) > 0) {
    throw new Error(`The build failed: ${await page.getByTestId('build-body').innerText()}`);
  }
}

async function main(): Promise<void> {
  if (!existsSync('dist/renderer/index.html')) {
    throw new Error('The renderer is not built: run `npm run build` first.');
  }
  mkdirSync(OUT, { recursive: true });
  const home = mkdtempSync(path.join(tmpdir(), 'hangar-shots-home-'));
  const work = realpathSync(mkdtempSync(path.join(tmpdir(), 'hangar-shots-ctx-')));
  let daemon: PrivateDaemon | undefined;
  let web: WebHostProcess | undefined;
  const browser = await launchChromium();
  try {
    daemon = await startPrivateDaemon({ name: 'screenshots' });
    console.log('seeding images…');
    await seedBrowserImages(daemon, null);
    process.env.HANGAR_HOME = home; // the web host process takes its environment from ours
    web = await startWebHostProcess(daemon.host);
    const problems: string[] = [];
    const page = await openAppPage(browser, web.origin, problems);

    // The Images page, with Docker's disk usage figures in.
    await page.goto(web.url);
    await page.getByRole('grid', { name: 'Images' }).waitFor();
    await page.getByTestId('image-row').first().waitFor();
    await page.waitForFunction(
      `/MB$/.test(document.querySelector('[data-testid="usage-on-disk"]')?.textContent ?? '')`,
    );
    // The largest repositories' bars (drawn once the figures per repository are in).
    await page.waitForFunction(
      `document.querySelectorAll('[data-testid="repo-chart"] g').length >= 5`,
    );
    await page.mouse.move(0, 0);
    checkProblems(problems, 'Images');
    await page.screenshot({ path: `${OUT}/images.png` });
    console.log(`wrote ${OUT}/images.png`);

    // A build's story: built once, a file changed, built again: the MISS names the file.
    write(work, 'Dockerfile', DOCKERFILE);
    write(work, '.dockerignore', '*.log\n');
    write(work, 'src/index.html', '<h1>shop</h1>\n');
    write(work, 'src/app.js', 'console.log("shop");\n');
    await page.getByTestId('nav-artifacts').click();
    await page.getByTestId('open-build').click();
    await page.getByTestId('build-dialog').waitFor();
    await page.getByTestId('build-context').fill(work);
    await page.getByTestId('build-tag').fill('shop/web:dev');
    await page.getByRole('button', { name: '+ Add build arg' }).click();
    await page.getByLabel('Build arg 1 name').fill('VERSION');
    await page.getByLabel('Build arg 1 value').fill('2.5.0');
    await build(page, 'build-submit');
    write(work, 'src/app.js', 'console.log("shop, with a new checkout");\n');
    await build(page, 'build-again');
    await page.mouse.move(0, 0);
    checkProblems(problems, 'build');
    await page.screenshot({ path: `${OUT}/build.png` });
    console.log(`wrote ${OUT}/build.png`);
  } finally {
    await browser.close();
    await web?.stop();
    await daemon?.destroy();
    rmSync(home, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
