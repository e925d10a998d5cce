import { describe, expect, it } from 'vitest';
import type {
  RegistryCacheListRequest,
  RegistryCachePage,
} from '../../../shared/registry-cache.js';
import { HangarError } from '../../../shared/errors.js';
import { keyMatches, matchWords } from '../../../shared/registry-cache.js';
import type { TaskInfo } from '../../../shared/tasks.js';
import {
  GLOBAL_LOC,
  keys,
  LOC,
  makeCacheEntry,
  makePage,
  makeSettings,
} from '../../testing/registry-cache-entries.js';
import { deferred, FakeTransport, flush } from '../../testing/fake-transport.js';
import { createAppStore, type AppStoreApi } from '../index.js';
import { REGISTRY_PAGE_SIZE } from './registry-levels.js';

const CACHE_SETTINGS = { ttlHours: 24, maxSizeBytes: null };

function setup(settings = makeSettings({ project: LOC, global: GLOBAL_LOC })) {
  const transport = new FakeTransport();
  const store = createAppStore(transport, { storage: null });
  transport.handle('registryCache:settings', async () => settings);
  transport.handle('artifacts:settings', async () => CACHE_SETTINGS);
  return { transport, store };
}

/** Opens the page, as after leaving it: the stop of leaving, then the start of opening. */
async function openPage(store: AppStoreApi): Promise<void> {
  store.getState().stop('registryCache');
  await store.getState().start('registryCache');
}

/** A fake registry of `n` sorted keys at each location, paged like the core (cursor = last key). */
function serveKeys(transport: FakeTransport, byLocation: Record<string, string[]>): void {
  transport.handle('registryCache:list', async (req: RegistryCacheListRequest) => {
    const every = byLocation[req.location];
    if (!every)
      throw new HangarError('NOT_FOUND', `localhost:5000 has no repository ${req.location}.`);
    const words = matchWords(req.match);
    const all = every.filter((k) => keyMatches(words, k, null));
    const start = req.cursor === null ? 0 : all.findIndex((k) => k > (req.cursor ?? ''));
    const page = start < 0 ? [] : all.slice(start, start + req.limit);
    const more = start >= 0 && start + req.limit < all.length;
    return makePage(
      page.map((k) => makeCacheEntry(k, {}, req.location)),
      {
        total: every.length,
        matching: all.length,
        nextCursor: more ? (page.at(-1) ?? null) : null,
      },
    );
  });
}

const listCalls = (t: FakeTransport): RegistryCacheListRequest[] =>
  t.calls
    .filter((c) => c.channel === 'registryCache:list')
    .map((c) => c.args[0] as RegistryCacheListRequest);

describe('registry cache slice', () => {
  it('reads the settings and the TTL, then lists each set level, global first', async () => {
    const { transport, store } = setup();
    serveKeys(transport, { [LOC]: keys(3), [GLOBAL_LOC]: keys(250) });
    await openPage(store);
    await flush();
    const s = store.getState();
    expect(s.registryCacheLevel).toBe('global');
    expect(s.registryCacheTtl).toBe(24);
    expect(s.registryCacheDefaultTtl).toBe(24);
    expect(listCalls(transport)).toEqual([
      { location: GLOBAL_LOC, cursor: null, limit: REGISTRY_PAGE_SIZE, ttlHours: 24 },
      { location: LOC, cursor: null, limit: REGISTRY_PAGE_SIZE, ttlHours: 24 },
    ]);
    expect(s.registryCacheLevels.global).toMatchObject({
      phase: 'ready',
      total: 250,
      nextCursor: 'k099',
    });
    expect(s.registryCacheLevels.global.entries).toHaveLength(100);
    expect(s.registryCacheLevels.project).toMatchObject({
      phase: 'ready',
      total: 3,
      nextCursor: null,
    });
    expect(s.registryCacheLevels.browse.location).toBeNull();
  });

  it('opens on the project level when only it is set, and lists nothing twice', async () => {
    const { transport, store } = setup(makeSettings({ project: LOC }));
    serveKeys(transport, { [LOC]: keys(2) });
    await openPage(store);
    await flush();
    await openPage(store);
    await flush();
    expect(store.getState().registryCacheLevel).toBe('project');
    expect(listCalls(transport)).toHaveLength(1);
  });

  it('opens on Browse when no level is set, and when the settings cannot be read', async () => {
    const { transport, store } = setup(makeSettings());
    await openPage(store);
    expect(store.getState().registryCacheLevel).toBe('browse');
    expect(transport.callsTo('registryCache:list')).toBe(0);

    const broken = setup();
    broken.transport.handle('registryCache:settings', async () => {
      throw new HangarError('INTERNAL', 'The Hangar store /x/hangar.db is corrupt.');
    });
    await openPage(broken.store);
    expect(broken.store.getState().registryCacheSettingsError).toMatch(/corrupt/);
    expect(broken.store.getState().registryCacheLevel).toBe('browse');
    expect(broken.store.getState().registryCacheTtl).toBe(24);
  });

  it('shows a repository that does not exist yet as an empty level, not a failure', async () => {
    const { transport, store } = setup(makeSettings({ project: LOC }));
    serveKeys(transport, {});
    await openPage(store);
    await flush();
    expect(store.getState().registryCacheLevels.project).toMatchObject({
      phase: 'empty',
      total: 0,
      entries: [],
      error: null,
    });
  });

  it('says what to do when the registry refuses the credentials or cannot be reached', async () => {
    const { transport, store } = setup();
    transport.handle('registryCache:list', async (req) => {
      if (req.location === GLOBAL_LOC) {
        throw new HangarError(
          'AUTH_FAILED',
          'localhost:5000 refused the credentials for the tags of shared/cache (HTTP 401).',
        );
      }
      throw new HangarError(
        'REGISTRY_ERROR',
        'Cannot reach localhost:5000: connect ECONNREFUSED 127.0.0.1:5000',
      );
    });
    await openPage(store);
    await flush();
    const { global, project } = store.getState().registryCacheLevels;
    expect(global.phase).toBe('error');
    expect(global.error).toEqual({
      code: 'AUTH_FAILED',
      text: 'localhost:5000 refused the credentials for the tags of shared/cache (HTTP 401). Run docker login localhost:5000 (Hangar uses the docker CLI’s credentials), then Refresh.',
    });
    expect(project.phase).toBe('error');
    expect(project.error?.text).toBe(
      'Cannot reach localhost:5000: connect ECONNREFUSED 127.0.0.1:5000. Check the address and that the registry is running, then Refresh.',
    );
  });

  it('appends the next page after the cursor, one request at a time, until the last', async () => {
    const { transport, store } = setup(makeSettings({ project: LOC }));
    serveKeys(transport, { [LOC]: keys(230) });
    await openPage(store);
    await flush();
    const a = store.getState().loadMoreRegistryLevel('project');
    const b = store.getState().loadMoreRegistryLevel('project'); // on its way: no second request
    expect(store.getState().registryCacheLevels.project.loadingMore).toBe(true);
    await Promise.all([a, b]);
    expect(listCalls(transport).map((r) => r.cursor)).toEqual([null, 'k099']);
    await store.getState().loadMoreRegistryLevel('project');
    await store.getState().loadMoreRegistryLevel('project'); // last page reached: nothing asked
    const level = store.getState().registryCacheLevels.project;
    expect(listCalls(transport).map((r) => r.cursor)).toEqual([null, 'k099', 'k199']);
    expect(level.entries.map((e) => e.key)).toEqual(keys(230));
    expect(level).toMatchObject({ total: 230, nextCursor: null, loadingMore: false });
  });

  it('searches every tag of a level, pages the matches, and lists all again when cleared', async () => {
    const { transport, store } = setup(makeSettings({ project: LOC }));
    serveKeys(transport, { [LOC]: [...keys(250), 'x-only-on-page-3'] });
    await openPage(store);
    await flush();
    await store.getState().searchRegistryLevel('project', '  ONLY  page ');
    let level = store.getState().registryCacheLevels.project;
    expect(listCalls(transport).at(-1)).toEqual({
      location: LOC,
      cursor: null,
      limit: REGISTRY_PAGE_SIZE,
      ttlHours: 24,
      match: 'ONLY page',
    });
    expect(level).toMatchObject({ phase: 'ready', match: 'ONLY page', matching: 1, total: 251 });
    expect(level.entries.map((e) => e.key)).toEqual(['x-only-on-page-3']);

    const ones = keys(250).filter((k) => k.includes('1')); // more than a page
    await store.getState().searchRegistryLevel('project', '1');
    level = store.getState().registryCacheLevels.project;
    expect(level).toMatchObject({ matching: ones.length, nextCursor: ones[99] });
    await store.getState().loadMoreRegistryLevel('project'); // the last page of the matches
    expect(listCalls(transport).at(-1)).toMatchObject({ cursor: ones[99], match: '1' });
    level = store.getState().registryCacheLevels.project;
    expect(level.entries.map((e) => e.key)).toEqual(ones);
    expect(level.nextCursor).toBeNull();

    await store.getState().searchRegistryLevel('project', 'zzz');
    level = store.getState().registryCacheLevels.project;
    expect(level).toMatchObject({ phase: 'ready', matching: 0, total: 251, entries: [] });

    const asked = listCalls(transport).length;
    await store.getState().searchRegistryLevel('project', ' zzz '); // the same search: not asked
    await store.getState().searchRegistryLevel('project', ''); // the listing from before is back
    expect(listCalls(transport)).toHaveLength(asked);
    level = store.getState().registryCacheLevels.project;
    expect(level).toMatchObject({ match: '', matching: 251, total: 251, nextCursor: 'k099' });
    expect(level.entries).toHaveLength(100);

    // After a refresh during a search there is nothing kept: clearing the search lists again.
    await store.getState().searchRegistryLevel('project', 'k0');
    await store.getState().refreshRegistryLevel('project');
    await store.getState().searchRegistryLevel('project', '');
    expect(listCalls(transport)).toHaveLength(asked + 3);
    expect(listCalls(transport).at(-1)).not.toHaveProperty('match');
  });

  it('brings back every page loaded before a search when it is cleared', async () => {
    const { transport, store } = setup(makeSettings({ project: LOC }));
    serveKeys(transport, { [LOC]: keys(250) });
    await openPage(store);
    await flush();
    await store.getState().loadMoreRegistryLevel('project');
    await store.getState().searchRegistryLevel('project', 'k24');
    expect(store.getState().registryCacheLevels.project.entries).toHaveLength(10);
    await store.getState().searchRegistryLevel('project', '');
    const level = store.getState().registryCacheLevels.project;
    expect(level.entries.map((e) => e.key)).toEqual(keys(200));
    expect(level).toMatchObject({ match: '', nextCursor: 'k199', phase: 'ready' });
    expect(listCalls(transport)).toHaveLength(3);
  });

  it('shows the answer to the last search typed, never an older one that came later', async () => {
    const { transport, store } = setup(makeSettings({ project: LOC }));
    serveKeys(transport, { [LOC]: keys(30) });
    await openPage(store);
    await flush();
    const slow = deferred<RegistryCachePage>();
    transport.handle('registryCache:list', (req) =>
      req.match === 'k1'
        ? slow.promise
        : Promise.resolve(makePage([makeCacheEntry('k020')], { total: 30, matching: 1 })),
    );
    const first = store.getState().searchRegistryLevel('project', 'k1');
    await store.getState().searchRegistryLevel('project', 'k20');
    slow.resolve(makePage([makeCacheEntry('k010')], { total: 30, matching: 10 }));
    await first;
    const level = store.getState().registryCacheLevels.project;
    expect(level.match).toBe('k20');
    expect(level.entries.map((e) => e.key)).toEqual(['k020']);
    expect(level.matching).toBe(1);
  });

  it('keeps the loaded rows when a next page fails, and says why', async () => {
    const { transport, store } = setup(makeSettings({ project: LOC }));
    serveKeys(transport, { [LOC]: keys(150) });
    await openPage(store);
    await flush();
    transport.handle('registryCache:list', async () => {
      throw new HangarError(
        'REGISTRY_ERROR',
        'localhost:5000 answered HTTP 500 for the tags of team/cache.',
      );
    });
    await store.getState().loadMoreRegistryLevel('project');
    const level = store.getState().registryCacheLevels.project;
    expect(level.entries).toHaveLength(100);
    expect(level.moreError).toBe('localhost:5000 answered HTTP 500 for the tags of team/cache.');
    expect(level.loadingMore).toBe(false);
    expect(level.nextCursor).toBe('k099');
  });

  it('keeps the rows of a refresh that failed, with the error above them', async () => {
    const { transport, store } = setup(makeSettings({ project: LOC }));
    serveKeys(transport, { [LOC]: keys(5) });
    await openPage(store);
    await flush();
    transport.handle('registryCache:list', async () => {
      throw new HangarError('REGISTRY_ERROR', 'Cannot reach localhost:5000: timeout');
    });
    await store.getState().refreshRegistryLevel('project');
    const level = store.getState().registryCacheLevels.project;
    expect(level.phase).toBe('ready');
    expect(level.entries).toHaveLength(5);
    expect(level.error?.text).toMatch(/^Cannot reach localhost:5000: timeout\. Check the address/);
  });

  it('drops the answer to a location that changed while it was on its way', async () => {
    const { transport, store } = setup(makeSettings({ project: LOC }));
    const slow = deferred<RegistryCachePage>();
    const other = 'localhost:5000/other/cache';
    transport.handle('registryCache:list', (req) =>
      req.location === LOC
        ? slow.promise
        : Promise.resolve(makePage([makeCacheEntry('new', {}, other)])),
    );
    transport.handle('registryCache:setSettings', async (s) => s);
    await openPage(store);
    await store.getState().saveRegistryCacheSettings(makeSettings({ project: other }));
    await flush();
    slow.resolve(makePage([makeCacheEntry('old')]));
    await flush();
    const level = store.getState().registryCacheLevels.project;
    expect(level.location).toBe(other);
    expect(level.entries.map((e) => e.key)).toEqual(['new']);
  });

  it('saves the settings and lists a level whose location changed; lets a refusal through', async () => {
    const { transport, store } = setup(makeSettings({ project: LOC }));
    serveKeys(transport, { [LOC]: keys(2), [GLOBAL_LOC]: keys(4) });
    transport.handle('registryCache:setSettings', async (s) => {
      if (s.project === 'bad') {
        throw new HangarError(
          'VALIDATION',
          'Invalid request registryCache:setSettings: argument 0.project: A cache location is REGISTRY/REPO[/NAMESPACE], e.g. localhost:5000/team/cache.',
        );
      }
      return s;
    });
    await openPage(store);
    await flush();
    store.getState().setRegistryCacheLevel('project');
    await expect(
      store.getState().saveRegistryCacheSettings(makeSettings({ project: 'bad' })),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(store.getState().registryCacheSettings?.project).toBe(LOC);

    const saved = await store
      .getState()
      .saveRegistryCacheSettings(makeSettings({ project: LOC, global: GLOBAL_LOC }));
    await flush();
    expect(saved.global).toBe(GLOBAL_LOC);
    // The project level was listed already: only the new global one is asked.
    expect(listCalls(transport).map((r) => r.location)).toEqual([LOC, GLOBAL_LOC]);
    expect(store.getState().registryCacheLevels.global.total).toBe(4);
    // After a save the page shows the first level again.
    expect(store.getState().registryCacheLevel).toBe('global');
  });

  it('browses a location without saving it', async () => {
    const { transport, store } = setup(makeSettings());
    serveKeys(transport, { 'localhost:5000/adhoc': keys(1) });
    await openPage(store);
    await store.getState().browseRegistryLocation('  localhost:5000/adhoc ');
    expect(store.getState().registryCacheLevel).toBe('browse');
    expect(store.getState().registryCacheLevels.browse).toMatchObject({
      location: 'localhost:5000/adhoc',
      phase: 'ready',
      total: 1,
    });
    expect(transport.callsTo('registryCache:setSettings')).toBe(0);
  });

  it('judges against a TTL typed on the page until reset, without saving it', async () => {
    const { transport, store } = setup();
    serveKeys(transport, { [LOC]: [], [GLOBAL_LOC]: [] });
    await openPage(store);
    store.getState().setRegistryCacheTtl(2);
    expect(store.getState()).toMatchObject({
      registryCacheTtl: 2,
      registryCacheTtlOverridden: true,
    });
    await openPage(store); // the default read again does not undo it
    expect(store.getState().registryCacheTtl).toBe(2);
    store.getState().setRegistryCacheTtl(null);
    expect(store.getState().registryCacheTtl).toBeNull();
    store.getState().resetRegistryCacheTtl();
    expect(store.getState()).toMatchObject({
      registryCacheTtl: 24,
      registryCacheTtlOverridden: false,
    });
    expect(transport.callsTo('artifacts:setSettings')).toBe(0);
  });

  it('drops every loaded tag of the deleted digest, in each level listing that location', async () => {
    const { transport, store } = setup(makeSettings({ project: LOC }));
    const shared = 'sha256:' + 'f'.repeat(64);
    const entries = [
      makeCacheEntry('a', { digest: shared }),
      makeCacheEntry('b'),
      makeCacheEntry('c', { digest: shared }),
    ];
    transport.handle('registryCache:list', async () => makePage(entries, { total: 10 }));
    await openPage(store);
    await store.getState().browseRegistryLocation(LOC);
    const answer = deferred<{ reference: string; digest: string; message: string }>();
    const asked: string[] = [];
    transport.handle('registryCache:delete', (ref) => {
      asked.push(ref);
      return answer.promise;
    });
    const deleting = store.getState().deleteRegistryImage(entries[0]!);
    // By the digest listed: what the confirm checked, even if the tag has moved since.
    expect(asked).toEqual([`${LOC}@${shared}`]);
    expect(store.getState().registryCacheBusy).toEqual({ [`${LOC}:a`]: 'delete' });
    answer.resolve({ reference: `${LOC}:a`, digest: shared, message: 'Deleted.' });
    await deleting;
    for (const id of ['project', 'browse'] as const) {
      const level = store.getState().registryCacheLevels[id];
      expect(level.entries.map((e) => e.key)).toEqual(['b']);
      expect(level.total).toBe(8);
    }
    expect(store.getState().registryCacheBusy).toEqual({});
  });

  it('keeps the rows when a delete is refused, and lets the words through', async () => {
    const { transport, store } = setup(makeSettings({ project: LOC }));
    transport.handle('registryCache:list', async () => makePage([makeCacheEntry('a')]));
    transport.handle('registryCache:delete', async () => {
      throw new HangarError(
        'REGISTRY_ERROR',
        'localhost:5000 does not allow deletes (UNSUPPORTED)',
      );
    });
    await openPage(store);
    await flush();
    await expect(
      store
        .getState()
        .deleteRegistryImage(store.getState().registryCacheLevels.project.entries[0]!),
    ).rejects.toThrow(/does not allow deletes/);
    expect(store.getState().registryCacheLevels.project.entries).toHaveLength(1);
    expect(store.getState().registryCacheBusy).toEqual({});
  });

  it('hands a pull task to the tasks slice', async () => {
    const { transport, store } = setup(makeSettings());
    const info = {
      id: 'b1c2d3e4-0000-4000-8000-000000000001',
      kind: 'pull',
      title: `Pull ${LOC}:a`,
      target: `${LOC}:a`,
      state: 'running',
      progress: { percent: null, message: 'Looking up the credentials', items: [] },
      startedAt: 1,
      endedAt: null,
      error: null,
      result: null,
    } as TaskInfo;
    const answer = deferred<TaskInfo>();
    transport.handle('registryCache:pull', () => answer.promise);
    const pulling = store.getState().pullRegistryImage(`${LOC}:a`);
    expect(store.getState().registryCacheBusy).toEqual({ [`${LOC}:a`]: 'pull' });
    answer.resolve(info);
    expect(await pulling).toEqual(info);
    expect(store.getState().tasks[info.id]).toEqual(info);
    expect(store.getState().registryCacheBusy).toEqual({});
  });
});
