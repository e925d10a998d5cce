/**
 * The Registry cache page end to end: the real renderer in Chromium, served by `hangar web` (the
 * real CLI) with its own store (`HANGAR_HOME`) and docker config over a private dockerd, listing
 * the shared test registry (Debian's docker-registry, deletes on). Cache tags are pushed for real
 * with the docker CLI (one image under 257 keys, so three pages). Covers: the empty state, a bad
 * location refused in words, saving the levels, a level whose repository does not exist yet, the
 * list with key, digest (equal to the registry's), age against a TTL typed on the page and size,
 * paging by scrolling, the search over every tag, details from the keyboard, copy reference, pull (the image
 * appears in the daemon), delete with a confirm naming the tags sharing the digest (gone from the
 * registry's tag list), a build through the cache pinning its tag and the warning once someone
 * moves it, browsing a location without saving, and an unreachable and a locked registry's errors
 * in words. Screenshots of each state land in test-results/registry-cache/.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { formatBytes } from '../../renderer/lib/format.js';
import { startPrivateDaemon, type PrivateDaemon } from '../harness/daemon.js';
import { seedImages } from '../harness/image-tar.js';
import { startRegistry, type TestRegistry } from '../harness/registry.js';
import { sharedRegistryHost } from '../harness/shared.js';
import { captureFailures, cutCellTexts, expectAccessible } from '../support/browser.js';
import { startAppSession, type AppSession } from '../support/app-session.js';

const SHOTS = 'test-results/registry-cache';
const REPO = 'e2e-regcache/project';
const GLOBAL_REPO = 'e2e-regcache/global';
/** Tags of the bulk image: with the two old ones and the fresh one, 260 tags, three pages. */
const BULK = 257;
const MANIFEST_ACCEPT = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

const key = (seed: string): string =>
  createHash('sha256').update(`e2e-regcache-${seed}`).digest('hex');

describe('registry cache page in Chromium', () => {
  let daemon: PrivateDaemon;
  let app: AppSession;
  let page: Page;
  let locked: TestRegistry;
  let noDelete: TestRegistry;
  let dockerConfig: string;
  let work: string;
  let registry: string;
  let loc: string;
  let globalLoc: string;
  const problems: string[] = [];
  captureFailures(SHOTS, () => page, problems);
  /** `registryCache:list` requests the page made. */
  let listRequests = 0;
  const oldKeys = [key('old-1'), key('old-2')];
  const freshKey = key('fresh');
  const bulkKeys = Array.from({ length: BULK }, (_, i) => key(`bulk-${i}`));
  const allKeys = [...oldKeys, freshKey, ...bulkKeys].sort();

  /** Saves what the page shows, and checks it with axe-core. */
  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
    await expectAccessible(page, name);
  };
  const rows = (): Locator => page.getByTestId('rc-row');
  const row = (k: string): Locator => page.locator(`[data-testid="rc-row"][data-key="${k}"]`);
  const loaded = (): Promise<string | null> => page.getByTestId('rc-loaded').textContent();

  async function registryTags(repo: string, host = registry): Promise<string[]> {
    const res = await fetch(`http://${host}/v2/${repo}/tags/list`);
    if (res.status === 404) return [];
    const body = (await res.json()) as { tags?: string[] | null };
    return body.tags ?? [];
  }

  async function manifestOf(tag: string): Promise<{ digest: string; size: number }> {
    const res = await fetch(`http://${registry}/v2/${REPO}/manifests/${tag}`, {
      headers: { accept: MANIFEST_ACCEPT },
    });
    const body = (await res.json()) as {
      config: { size: number };
      layers: { size: number }[];
    };
    return {
      digest: res.headers.get('docker-content-digest') ?? '',
      size: body.config.size + body.layers.reduce((n, l) => n + l.size, 0),
    };
  }

  const closeDialogs = async (): Promise<void> => {
    if ((await page.locator('dialog[open]').count()) === 0) return;
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached', timeout: 5000 });
  };

  const openLevel = async (level: 'global' | 'project' | 'browse'): Promise<void> => {
    await closeDialogs();
    await page.getByTestId(`rc-tab-${level}`).click();
    await expect.poll(() => page.getByTestId('rc-panel').getAttribute('data-level')).toBe(level);
  };

  const filter = async (text: string): Promise<void> => {
    await page.getByTestId('rc-filter').fill(text);
  };

  beforeAll(async () => {
    registry = sharedRegistryHost();
    loc = `${registry}/${REPO}`;
    globalLoc = `${registry}/${GLOBAL_REPO}`;
    dockerConfig = mkdtempSync(path.join(tmpdir(), 'hangar-e2e-docker-'));
    work = realpathSync(mkdtempSync(path.join(tmpdir(), 'hangar-e2e-ctx-')));
    writeFileSync(path.join(work, 'Dockerfile'), 'FROM scratch\nCOPY app.txt /app.txt\n');
    writeFileSync(path.join(work, 'app.txt'), 'registry cache e2e\n');
    [daemon, locked, noDelete] = await Promise.all([
      startPrivateDaemon({ name: 'regcache' }),
      startRegistry({ htpasswd: { user: 'dana', password: 'not-given' } }),
      startRegistry({ deleteEnabled: false }),
    ]);

    // Real cache tags: three images, one of them under 257 keys, pushed with the docker CLI.
    await seedImages(daemon, [
      { tags: oldKeys.map((k) => `${loc}:${k}`), created: new Date(Date.UTC(2020, 0, 1)) },
      { tags: [`${loc}:${freshKey}`], created: new Date(Date.now() - 2 * 3_600_000) },
      { tags: bulkKeys.map((k) => `${loc}:${k}`) },
      { tags: ['e2e/mover:1'], content: 'the image that moves a tag' },
    ]);
    await daemon.docker(['push', '--quiet', '--all-tags', loc], { timeoutMs: 120_000 });
    // The fresh image only in the registry, so a pull has something to bring.
    await daemon.docker(['rmi', `${loc}:${freshKey}`]);
    // A tag in a registry whose operator turned deletes off.
    await daemon.docker(['tag', 'e2e/mover:1', `${noDelete.host}/e2e/cache:${key('kept')}`]);
    await daemon.docker(['push', '--quiet', `${noDelete.host}/e2e/cache:${key('kept')}`]);

    // Its own store and no logins.
    app = await startAppSession(daemon.host, {
      problems,
      shots: SHOTS,
      env: { DOCKER_CONFIG: dockerConfig },
    });
    page = app.page;
    page.on('request', (r) => {
      if (decodeURIComponent(r.url()).includes('/api/invoke/registryCache:list')) listRequests++;
    });
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await Promise.all([daemon?.destroy(), locked?.stop(), noDelete?.stop()]);
    for (const dir of [dockerConfig, work]) {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains what to set when no level is configured', async () => {
    await page.goto(app.web.url);
    await page.getByTestId('nav-registry').click();
    const intro = page.getByTestId('rc-nothing-configured');
    await intro.waitFor();
    expect(await intro.textContent()).toContain('localhost:5000/team/cache');
    // The settings open by themselves, and the Browse tab is the one shown.
    await page.getByTestId('rc-settings').waitFor();
    expect(await page.getByTestId('rc-tab-browse').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('rc-tab-global').textContent()).toContain('not set');
    await shot('01-not-configured');
  });

  it('refuses a bad location in words, next to its field', async () => {
    await page.getByTestId('rc-settings-project').fill('Not A Location');
    await page.getByTestId('rc-settings-global').fill('localhost:5000');
    await page.getByTestId('rc-settings-save').click();
    const words = 'A cache location is REGISTRY/REPO[/NAMESPACE], e.g. localhost:5000/team/cache.';
    expect(await page.getByTestId('rc-settings-project-error').textContent()).toBe(words);
    expect(await page.getByTestId('rc-settings-global-error').textContent()).toBe(words);
    expect(await page.getByTestId('rc-settings-outcome').textContent()).toMatch(/^Not saved/);
    expect(await page.getByTestId('rc-settings-project').getAttribute('aria-invalid')).toBe('true');
    await shot('02-settings-error');
  });

  it('saves the levels; a repository nobody pushed to yet is an empty level', async () => {
    await page.getByTestId('rc-settings-project').fill(loc);
    await page.getByTestId('rc-settings-global').fill(globalLoc);
    await page.getByTestId('rc-settings-moved-pinned').check();
    await page.getByTestId('rc-settings-save').click();
    await expect
      .poll(() => page.getByTestId('rc-settings-outcome').textContent())
      .toBe(
        `Saved. After a local miss, lookups ask the global level ${globalLoc}, then the project level ${loc}. Builds after a miss push to ${loc}.`,
      );
    // The global level is shown first (lookups ask it first): no repository there yet.
    expect(await page.getByTestId('rc-panel').getAttribute('data-level')).toBe('global');
    await page.getByTestId('rc-empty').waitFor();
    expect(await page.getByTestId('rc-empty').textContent()).toContain('Nothing cached here yet');
    expect(await page.getByTestId('rc-level-badge').textContent()).toBe('Global');
    expect(await page.getByTestId('rc-location').textContent()).toBe(globalLoc);
    await expect.poll(() => page.getByTestId('rc-tab-project').textContent()).toContain('260');
    await shot('03-saved-global-empty');

    // Kept: a reload reads them back.
    await page.reload();
    await page.getByTestId('rc-tab-global').waitFor();
    expect(await page.getByTestId('rc-tab-global').textContent()).toContain(globalLoc);
    expect(await page.getByTestId('rc-tab-project').textContent()).toContain(loc);
    expect(await page.getByTestId('rc-settings').count()).toBe(0);
  });

  it('lists the project level: key, digest, created, age against the TTL, size', async () => {
    await openLevel('project');
    await rows().first().waitFor();
    expect(await page.getByTestId('rc-level-badge').textContent()).toBe('Project');
    expect(await loaded()).toBe('100 of 260 tags loaded');
    expect(await page.getByTestId('rc-listed').textContent()).toMatch(/^listed \d\d:\d\d:\d\d$/);
    // Key order, the order the registry is paged in.
    const first = await rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
    expect(first.slice(0, 10)).toEqual(allKeys.slice(0, 10));

    const firstKey = allKeys[0] ?? '';
    const facts = await manifestOf(firstKey);
    const r = row(firstKey);
    expect(await r.getByTestId('rc-key').textContent()).toBe(`${firstKey.slice(0, 12)}…`);
    expect(await r.getByTestId('rc-key').getAttribute('title')).toBe(firstKey);
    expect(await r.getByTestId('rc-digest').getAttribute('title')).toBe(facts.digest);
    expect(await r.getByTestId('rc-digest').textContent()).toBe(facts.digest.slice(7, 19));
    expect(await r.getByTestId('rc-size').textContent()).toBe(formatBytes(facts.size));
    // The artifact cache has no TTL: ages are not judged until one is typed here.
    expect(await page.getByTestId('rc-ttl-note').textContent()).toMatch(
      /^The artifact cache has no TTL/,
    );
    expect(new Set(await page.getByTestId('rc-freshness').allTextContents())).toEqual(
      new Set(['no TTL']),
    );
    expect(await cutCellTexts(page)).toEqual([]);
    await shot('04-project-list');

    // A TTL typed here judges the same rows at once, without listing again.
    const lists = listRequests;
    await page.getByTestId('rc-ttl-input').fill('24');
    await expect
      .poll(async () => new Set(await page.getByTestId('rc-freshness').allTextContents()))
      .not.toContain('no TTL');
    expect(listRequests).toBe(lists);
    expect(await page.getByTestId('rc-ttl-note').textContent()).toMatch(/on this page only/);
    expect(await page.getByTestId('rc-ttl-reset').getAttribute('title')).toBe(
      'Back to the artifact cache’s TTL (none)',
    );
    await shot('05-ttl-judged');
  });

  it('finds a tag not loaded yet, and brings the pages back when the search is cleared', async () => {
    const last = allKeys.at(-1) ?? '';
    expect(await loaded()).toBe('100 of 260 tags loaded');
    expect(await row(last).count()).toBe(0);
    await filter(last.slice(0, 12).toUpperCase());
    await row(last).waitFor();
    await expect.poll(loaded).toBe('1 of 260 tags matches');
    expect(await rows().count()).toBe(1);
    await expect
      .poll(() => page.getByTestId('rc-foot').textContent())
      .toBe(`End of the matches: 1 of 260 tags has “${last.slice(0, 12).toUpperCase()}”.`);
    await shot('05b-search-not-loaded');
    // Away and back: the search is still in its field, and the rows still answer it.
    await page.getByTestId('nav-images').click();
    await page.getByTestId('nav-registry').click();
    await expect
      .poll(() => page.getByTestId('rc-filter').inputValue())
      .toBe(last.slice(0, 12).toUpperCase());
    expect(await loaded()).toBe('1 of 260 tags matches');
    await filter('zzz-no-such-key');
    await expect
      .poll(() => page.getByTestId('rc-foot').textContent())
      .toBe('No key or artifact among the 260 tags has “zzz-no-such-key”.');
    expect(await loaded()).toBe('No tag of 260 matches');
    expect(await rows().count()).toBe(0);
    await filter('');
    await expect.poll(loaded).toBe('100 of 260 tags loaded');
    expect(await rows().first().getAttribute('data-key')).toBe(allKeys[0]);
  });

  it('loads the next pages as the table scrolls, and searches them', async () => {
    const scroller = page.getByTestId('rc-scroll');
    const before = listRequests;
    // Reaching the end asks for the next page; as the view is still at the old end when it lands,
    // the one after is asked at once (a page kept ahead): two requests of 100, not one of all.
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect.poll(loaded, { timeout: 30_000 }).toBe('All 260 tags');
    expect(listRequests - before).toBe(2);
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    const last = allKeys.at(-1) ?? '';
    await row(last).waitFor();
    expect(await page.getByTestId('rc-foot').textContent()).toBe('End of the list: 260 tags.');
    // Only the rows in view are in the page.
    expect(await rows().count()).toBeLessThan(80);
    await shot('06-paged-to-the-end');

    // Judged against the 24 h typed before: the 2020 image is too old, the 2-hour-old one fresh.
    await filter(freshKey.slice(0, 16));
    await expect.poll(() => rows().count()).toBe(1);
    expect(await row(freshKey).getByTestId('rc-freshness').textContent()).toBe('fresh');
    expect(await row(freshKey).getByTestId('rc-age').textContent()).toBe('2 hours');
    await filter(oldKeys[1]?.slice(0, 10) ?? '');
    await expect.poll(() => rows().count()).toBe(1);
    const old = row(oldKeys[1] ?? '');
    expect(await old.getByTestId('rc-freshness').textContent()).toBe('too old');
    expect(await old.getByTestId('rc-age').textContent()).toMatch(/^\d+ years$/);
    expect(await old.getByTestId('rc-freshness').getAttribute('title')).toMatch(
      /past the TTL of 24 h: a lookup rebuilds instead \(HIT_TOO_OLD\)\.$/,
    );
    await expect
      .poll(() => page.getByTestId('rc-foot').textContent())
      .toBe(`End of the matches: 1 of 260 tags has “${oldKeys[1]?.slice(0, 10) ?? ''}”.`);
    await shot('07-filtered');
    await filter('');
    await expect.poll(loaded).toBe('All 260 tags'); // the pages loaded before the search
  });

  it('opens a tag’s details from the keyboard', async () => {
    await page.getByTestId('rc-scroll').evaluate((el) => el.scrollTo(0, 0));
    await page.getByTestId('rc-table').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const active = page.locator('[data-testid="rc-row"][aria-selected="true"]');
    expect(await active.getAttribute('data-key')).toBe(allKeys[1]);
    await page.keyboard.press('Enter');
    const details = page.getByTestId('rc-details');
    await details.waitFor();
    expect(await page.getByTestId('rc-details-ref').textContent()).toBe(`${loc}:${allKeys[1]}`);
    await page.getByTestId('rc-details-layers').waitFor();
    expect(await page.getByTestId('rc-details-layers').locator('tbody tr').count()).toBe(1);
    await shot('08-details');
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
  });

  it('copies a tag’s reference', async () => {
    await filter(freshKey.slice(0, 16));
    const r = row(freshKey);
    await r.hover();
    await r.getByTestId('rc-copy-ref').click();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(`${loc}:${freshKey}`);
    expect(await page.getByTestId('rc-notice-text').textContent()).toBe(
      `Copied ${loc}:${freshKey}`,
    );
  });

  it('pulls a cache image into the engine, followed in the task drawer', async () => {
    const ref = `${loc}:${freshKey}`;
    const before = await daemon.docker(['image', 'inspect', ref], { allowFail: true });
    expect(before.code).not.toBe(0);
    await row(freshKey).getByTestId('rc-pull').click();
    await expect
      .poll(() => page.getByTestId('rc-notice-text').textContent(), { timeout: 60_000 })
      .toMatch(/^Pulled [0-9a-f]{12}… as image [0-9a-f]{12}: 1 layer downloaded\.$/);
    const id = (await daemon.docker(['image', 'inspect', '-f', '{{.Id}}', ref])).stdout.trim();
    expect(await page.getByTestId('rc-notice-text').textContent()).toContain(id.slice(7, 19));

    await page.getByTestId('rc-notice-task').click();
    const card = page.locator('[data-testid="task-card"][data-kind="pull"]');
    await card.waitFor();
    expect(await card.getAttribute('data-state')).toBe('succeeded');
    expect(await card.getByTestId('task-state').textContent()).toBe('Done');
    const result = card.getByTestId('pull-result');
    await result.waitFor();
    expect(await result.textContent()).toContain(
      `Pulled as image ${id.slice(7, 19)}: 1 layer downloaded.`,
    );
    expect(await card.getByTestId('pull-reference').textContent()).toBe(ref);
    expect(await card.getByTestId('pull-layer').count()).toBe(1);
    expect(await card.getByTestId('pull-image').textContent()).toBe(id.slice(7, 19));
    await shot('09-pull-task');
    await page.getByRole('button', { name: 'Close tasks' }).click();
    await filter('');
  });

  it('deletes a tag after a confirm naming every tag of its digest', async () => {
    const [target, sibling] = oldKeys as [string, string];
    const digest = (await manifestOf(target)).digest;
    // Only the target is shown (a search for its key): the registry is asked for the rest.
    await filter(target.slice(0, 16));
    await expect.poll(loaded).toBe('1 of 260 tags matches');
    await row(target).getByTestId('rc-delete').click();
    const d = page.getByTestId('rc-delete-dialog');
    await d.waitFor();
    await page.getByTestId('rc-delete-tags').waitFor();
    expect(await page.getByTestId('rc-delete-tags').locator('li').allTextContents()).toEqual(
      [target, sibling].sort(),
    );
    expect(await d.textContent()).toContain(
      'The 2 tags with this digest, of the 260 tags in the level:',
    );
    expect(await d.textContent()).toContain('every tag pointing at it goes too');
    expect(await page.getByTestId('rc-delete-confirm').textContent()).toBe('Delete 2 tags');
    expect(await page.getByTestId('rc-delete-partial').count()).toBe(0); // all 260 loaded
    await shot('10-delete-confirm');
    await page.getByTestId('rc-delete-confirm').click();
    await page.getByTestId('rc-delete-report').waitFor();
    expect(await page.getByTestId('rc-delete-report').textContent()).toContain(
      `Deleted ${loc}@${digest}: every tag that pointed at this digest is gone too.`,
    );
    await shot('11-deleted');
    await page.getByTestId('rc-delete-close').click();
    await expect.poll(() => rows().count()).toBe(0);
    const left = await registryTags(REPO);
    expect(left).not.toContain(target);
    expect(left).not.toContain(sibling);
    expect(left).toHaveLength(258);
    await filter('');
    // What was kept from before the search still listed the deleted tags: the level is listed again.
    await expect.poll(loaded).toBe('100 of 258 tags loaded');
  });

  it('pins the tag a build pushed, and warns once someone moves it', async () => {
    await page.getByTestId('nav-artifacts').click();
    await page.getByTestId('open-build').click();
    await page.getByTestId('build-context').fill(work);
    await page.getByTestId('build-tag').fill('e2e/regapp:dev');
    await page.getByTestId('build-submit').click();
    await page.getByTestId('build-outcome').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('build-status').textContent()).toBe('MISS');
    await closeDialogs();
    const builtKey =
      (await page
        .locator('[data-testid="artifact-row"]', { hasText: 'e2e/regapp' })
        .getAttribute('data-key')) ?? '';
    expect(builtKey).toMatch(/^[0-9a-f]{64}$/);
    await expect.poll(() => registryTags(REPO), { timeout: 30_000 }).toContain(builtKey);

    await page.getByTestId('nav-registry').click();
    await openLevel('project');
    await page.getByTestId('rc-refresh').click();
    await expect.poll(loaded).toBe('100 of 259 tags loaded');
    // Found by its artifact's name: the search covers the artifacts this machine built.
    await filter('REGAPP');
    const r = row(builtKey);
    await r.waitFor();
    await expect.poll(loaded).toBe('1 of 259 tags matches');
    expect(await r.getByTestId('rc-artifact').textContent()).toBe('e2e/regapp');
    expect(await r.getByTestId('rc-pin').getAttribute('data-pin')).toBe('pinned');
    expect(await r.getByTestId('rc-pin').getAttribute('title')).toContain(
      'Your last build of e2e/regapp used this digest',
    );
    const pinned = (await manifestOf(builtKey)).digest;
    await shot('12-pinned');

    // Someone else writes the tag: it now points at another image.
    await daemon.docker(['tag', 'e2e/mover:1', `${loc}:${builtKey}`]);
    await daemon.docker(['push', '--quiet', `${loc}:${builtKey}`]);
    const moved = (await manifestOf(builtKey)).digest;
    expect(moved).not.toBe(pinned);
    await page.getByTestId('rc-refresh').click();
    await expect.poll(() => r.getByTestId('rc-pin').getAttribute('data-pin')).toBe('moved');
    expect(await loaded()).toBe('1 of 259 tags matches');
    const pin = r.getByTestId('rc-pin');
    expect(await pin.textContent()).toContain('moved since your last build');
    const title = (await pin.getAttribute('title')) ?? '';
    expect(title).toContain(`Yours: ${pinned}`);
    expect(title).toContain(`Now: ${moved}`);
    await shot('13-moved');
    await filter('');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('14-project-list-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('browses a location without saving it, and refuses a bad one in words', async () => {
    await openLevel('browse');
    await page.getByTestId('rc-browse-input').fill('not a location');
    await page.getByTestId('rc-browse-submit').click();
    expect(await page.getByTestId('rc-browse-error').textContent()).toBe(
      'A cache location is REGISTRY/REPO[/NAMESPACE], e.g. localhost:5000/team/cache.',
    );
    await page.getByTestId('rc-browse-input').fill(loc);
    await page.getByTestId('rc-browse-submit').click();
    await rows().first().waitFor();
    expect(await page.getByTestId('rc-level-badge').textContent()).toBe('Browsing');
    expect(await loaded()).toBe('100 of 259 tags loaded');
    await shot('15-browse');
  });

  it('shows why a registry with deletes turned off keeps the tag', async () => {
    const kept = key('kept');
    await page.getByTestId('rc-browse-input').fill(`${noDelete.host}/e2e/cache`);
    await page.getByTestId('rc-browse-submit').click();
    await row(kept).waitFor();
    await row(kept).getByTestId('rc-delete').click();
    // First the registry is asked which tags share the digest: listing is allowed, deleting not.
    await expect.poll(() => page.getByTestId('rc-delete-confirm').textContent()).toBe('Delete');
    expect(await page.getByTestId('rc-delete-tags').textContent()).toBe(kept);
    await page.getByTestId('rc-delete-confirm').click();
    const error = page.getByTestId('rc-delete-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(
      new RegExp(`^${noDelete.host.replace(/[.]/g, '\\.')} does not allow deletes`),
    );
    await shot('16-delete-refused');
    await closeDialogs();
    expect(await row(kept).count()).toBe(1);
    expect(await registryTags('e2e/cache', noDelete.host)).toEqual([kept]);
  });

  it('says in words why an unreachable or a locked registry cannot be listed', async () => {
    await page.getByTestId('rc-browse-input').fill('127.0.0.1:1/e2e/cache');
    await page.getByTestId('rc-browse-submit').click();
    const error = page.getByTestId('rc-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.getAttribute('data-code')).toBe('REGISTRY_ERROR');
    expect(await page.getByTestId('rc-error-text').textContent()).toMatch(
      /^Cannot reach 127\.0\.0\.1:1: .+\. Check the address and that the registry is running, then Refresh\.$/,
    );
    expect(await page.getByTestId('rc-tab-browse').textContent()).toContain('!');
    await shot('17-unreachable');

    await page.getByTestId('rc-browse-input').fill(`${locked.host}/e2e/cache`);
    await page.getByTestId('rc-browse-submit').click();
    await expect
      .poll(() => error.getAttribute('data-code'), { timeout: 30_000 })
      .toBe('AUTH_FAILED');
    expect(await page.getByTestId('rc-error-text').textContent()).toContain(
      `docker login ${locked.host}`,
    );
    await shot('18-auth-failed');
    // The saved levels are untouched.
    expect(await page.getByTestId('rc-tab-project').textContent()).toContain(loc);
    expect(problems).toEqual([]);
  });
});
