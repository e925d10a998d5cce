/**
 * The images table on Podman end to end: the real renderer in Chromium, served by `hangar web`
 * (the real CLI) pointed at a private Podman service through DOCKER_HOST, lists exactly the images
 * `podman images` lists, with Podman's own names, and follows changes made with the podman CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seedImages, type SeededImage } from '../harness/image-tar.js';
import { startPodmanService, type PodmanService } from '../harness/podman.js';
import { captureFailures } from '../support/browser.js';
import { oracleView } from '../support/oracle.js';
import { startAppSession, type AppSession } from '../support/app-session.js';

const SHOTS = 'test-results/e2e-podman';

describe('images table in the browser, on Podman', () => {
  let podman: PodmanService;
  let app: AppSession;
  let page: Page;
  let seeded: SeededImage[] = [];
  const problems: string[] = [];
  captureFailures(SHOTS, () => page, problems);

  /**
   * image id → sorted tags, of every image `podman images -a` lists: the table's rows, as loads
   * make no intermediate images (which the table hides).
   */
  async function podmanListing(): Promise<Record<string, string[]>> {
    return (await oracleView((a) => podman.cli(a))).tags;
  }

  /** image id → sorted tags, of every row the table shows (all fit the window). */
  async function tableListing(): Promise<Record<string, string[]>> {
    const rows = await page.getByTestId('image-row').evaluateAll((elements) =>
      elements.map((row) => ({
        id: row.getAttribute('data-row-id') ?? '',
        tags: row.querySelector('.tags')?.getAttribute('title') ?? '',
      })),
    );
    return Object.fromEntries(
      rows.map((r) => [r.id, r.tags === '' ? [] : r.tags.split('\n').sort()]),
    );
  }

  beforeAll(async () => {
    podman = await startPodmanService({ name: 'e2e' });
    seeded = await seedImages(podman, [
      ...Array.from({ length: 12 }, (_, i) => ({
        tags: [`shop/service-${i % 4}:v${i}`],
        labels: { team: i % 2 ? 'web' : 'data' },
        created: new Date(Date.now() - i * 7 * 3600_000),
        content: 'x'.repeat(((i * 7919) % 97) * 1000 + 1),
      })),
      { tags: ['shop/multi:1', 'shop/multi:2'] },
      { tags: [], created: new Date(Date.now() - 30 * 86400_000) },
      { tags: [], created: new Date(Date.now() - 90 * 86400_000) },
    ]);
    // A name Podman qualifies with docker.io: what the Docker-compatible API tags.
    await podman.cli(['tag', 'shop/service-1:v1', 'docker.io/shop/hub:1']);
    app = await startAppSession(podman.host, {
      problems,
      shots: SHOTS,
      via: 'DOCKER_HOST',
      viewport: { width: 1280, height: 1600 },
    });
    page = app.page;
  });

  afterAll(async () => {
    await app?.stop();
    await podman?.destroy();
  });

  it("lists every image Podman lists, with Podman's names, and the untagged ones as dangling", async () => {
    await page.goto(app.web.url);
    await page.getByRole('grid', { name: 'Images' }).waitFor();
    const expected = await podmanListing();
    expect(Object.keys(expected)).toHaveLength(15);
    expect(expected[seeded[0]?.id ?? '']).toEqual(['localhost/shop/service-0:v0']);
    expect(expected[seeded[1]?.id ?? '']).toEqual([
      'docker.io/shop/hub:1',
      'localhost/shop/service-1:v1',
    ]);
    await expect.poll(() => page.getByTestId('image-row').count()).toBe(15);
    expect(await tableListing()).toEqual(expected);
    expect(await page.getByTestId('images-count').textContent()).toMatch(/^15 images/);
    await page.screenshot({ path: `${SHOTS}/01-images.png` });

    const dangling = (
      await podman.cli(['images', '-q', '--no-trunc', '-f', 'dangling=true'])
    ).stdout
      .split('\n')
      .filter(Boolean);
    expect(dangling.sort()).toEqual([seeded[13]?.id, seeded[14]?.id].sort());
    await page.getByTestId('nav-dangling').click();
    await expect.poll(() => page.getByTestId('badge-dangling').count()).toBe(dangling.length);
    expect(Object.keys(await tableListing()).sort()).toEqual(dangling.sort());
    await page.getByTestId('nav-images').click();
  });

  it('follows a podman tag, untag and rmi made outside, without a reload', async () => {
    await page.getByRole('grid', { name: 'Images' }).waitFor();
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    await podman.cli(['tag', 'shop/service-0:v0', 'fresh/arrival:now']);
    // Podman sends `untag` then `delete` for a name it removes from an image that keeps others.
    await podman.cli(['rmi', 'shop/multi:1']);
    await podman.cli(['rmi', seeded[14]?.id ?? '']);
    const expected = await podmanListing();
    expect(expected[seeded[0]?.id ?? '']).toEqual([
      'localhost/fresh/arrival:now',
      'localhost/shop/service-0:v0',
    ]);
    expect(expected[seeded[12]?.id ?? '']).toEqual(['localhost/shop/multi:2']);
    expect(Object.keys(expected)).toHaveLength(14);
    await expect.poll(() => tableListing()).toEqual(expected);
    expect(navigations).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/02-after-outside-changes.png` });
  });

  it('broke no rule of the page (no CSP violation, no error, no failed request)', () => {
    expect(problems).toEqual([]);
  });
});
