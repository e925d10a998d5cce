/**
 * The registry cache slice (issue 7): the level settings (`registryCache:settings`), the TTL the
 * ages are judged against (the artifact cache's, or one typed on the page), and per level — global,
 * project, or a location browsed without saving — the tags loaded so far, page by page
 * (`registryCache:list` with a keyset cursor). Loads are numbered per level, so an answer to an
 * older question (a location since changed, a refresh since asked) never lands. A level whose
 * repository does not exist yet is empty, not failed. Pull starts a task (the tasks slice tracks
 * it); delete drops every loaded tag of the deleted digest.
 */
import type { StateCreator } from 'zustand';
import type { Transport } from '../../../shared/contract.js';
import type {
  RegistryCacheDeleteResult,
  RegistryCacheDigestTags,
  RegistryCacheEntry,
  RegistryCacheInspect,
  RemoteCacheSettings,
} from '../../../shared/registry-cache.js';
import type { TaskInfo } from '../../../shared/tasks.js';
import { errorCodeOf } from '../../features/actions/words.js';
import {
  LEVEL_IDS,
  levelErrorText,
  type CacheLevelId,
  type LevelError,
} from '../../features/registry-cache/cache-rows.js';
import { errorMessage } from '../error-message.js';
import type { AppStore } from '../index.js';

/** Tags per `registryCache:list` call: each costs two registry reads, six at a time. */
export const REGISTRY_PAGE_SIZE = 100;

export type LevelPhase = 'idle' | 'loading' | 'ready' | 'empty' | 'error';

export interface LevelListing {
  /** `REGISTRY/REPO[/NAMESPACE]`, or null when the level is not set. */
  location: string | null;
  /**
   * `loading` while the first page is asked (rows of an earlier listing stay meanwhile), `empty`
   * when the location holds no tag (or no repository yet), `error` when it could not be read and
   * no row is shown.
   */
  phase: LevelPhase;
  entries: RegistryCacheEntry[];
  /** Tags in the repository, all pages. */
  total: number;
  /** The search the rows answer (keys and artifacts, every tag of the level); '' for none. */
  match: string;
  /** Tags the search lets through, all pages (`total` without a search). */
  matching: number;
  nextCursor: string | null;
  /** Unix ms of the first page's listing. */
  listedAt: number | null;
  /** Why the last listing failed (with rows kept from before, a line above them). */
  error: LevelError | null;
  loadingMore: boolean;
  /** Why the next page could not be read; the loaded rows stay. */
  moreError: string | null;
}

export type RegistryBusy = 'pull' | 'delete';

export interface RegistryCacheSlice {
  /** The saved levels and options, or null before they are read (or when they cannot be). */
  registryCacheSettings: RemoteCacheSettings | null;
  registryCacheSettingsError: string | null;
  /** The artifact cache's TTL in hours (`artifacts:settings`), or null for none. */
  registryCacheDefaultTtl: number | null;
  /** The TTL ages are judged against now: the default, or what the user typed on the page. */
  registryCacheTtl: number | null;
  registryCacheTtlOverridden: boolean;
  /** The level shown. */
  registryCacheLevel: CacheLevelId;
  registryCacheLevels: Readonly<Record<CacheLevelId, LevelListing>>;
  /** References with a request on its way, and which. */
  registryCacheBusy: Readonly<Record<string, RegistryBusy>>;
  /** Reads the settings and the default TTL, then lists every set level not listed yet. */
  openRegistryCache(): Promise<void>;
  setRegistryCacheLevel(level: CacheLevelId): void;
  /** Shows and lists a location without saving it. */
  browseRegistryLocation(location: string): Promise<void>;
  /** Lists a level again from its first page. */
  refreshRegistryLevel(level: CacheLevelId): Promise<void>;
  /** Lists only the level's tags whose key or artifact has every word of `text` ('' for all). */
  searchRegistryLevel(level: CacheLevelId, text: string): Promise<void>;
  /** Appends the level's next page (no-op while one is on its way, or on the last page). */
  loadMoreRegistryLevel(level: CacheLevelId): Promise<void>;
  /** Saves the settings; levels whose location changed are listed again. Throws the core's error. */
  saveRegistryCacheSettings(settings: RemoteCacheSettings): Promise<RemoteCacheSettings>;
  /** Judges ages against `hours` (null: none) instead of the default; not saved. */
  setRegistryCacheTtl(hours: number | null): void;
  resetRegistryCacheTtl(): void;
  /** Starts `registryCache:pull`; the task is tracked by the tasks slice. */
  pullRegistryImage(reference: string): Promise<TaskInfo>;
  /**
   * Deletes the manifest the tag pointed at when listed (by its digest, so exactly what the
   * confirm checked); every loaded tag of that digest leaves the lists.
   */
  deleteRegistryImage(entry: RegistryCacheEntry): Promise<RegistryCacheDeleteResult>;
  /** Every tag of the level pointing at `LOCATION@sha256:…`, asked of the registry now. */
  findRegistryDigestTags(reference: string): Promise<RegistryCacheDigestTags>;
  inspectRegistryImage(reference: string): Promise<RegistryCacheInspect>;
}

/** A search as the core is asked it: trimmed, blanks between words made one. */
export function normalizeSearch(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

export function emptyLevel(location: string | null): LevelListing {
  return {
    location,
    phase: 'idle',
    entries: [],
    total: 0,
    match: '',
    matching: 0,
    nextCursor: null,
    listedAt: null,
    error: null,
    loadingMore: false,
    moreError: null,
  };
}

/** The location part of `REGISTRY/REPO/NS:KEY`. */
function locationOfReference(reference: string): string {
  const colon = reference.lastIndexOf(':');
  return colon > reference.lastIndexOf('/') ? reference.slice(0, colon) : reference;
}

export const createRegistryCacheSlice =
  (transport: Transport): StateCreator<AppStore, [], [], RegistryCacheSlice> =>
  (set, get) => {
    const generations: Record<CacheLevelId, number> = { global: 0, project: 0, browse: 0 };
    /** Each level's listing without a search, kept while one is shown: clearing it brings it back. */
    const unsearched: Record<CacheLevelId, LevelListing | null> = {
      global: null,
      project: null,
      browse: null,
    };
    /** The user picked a level: opening the page again keeps it. */
    let levelChosen = false;

    const patch = (id: CacheLevelId, change: Partial<LevelListing>): void =>
      set((s) => ({
        registryCacheLevels: {
          ...s.registryCacheLevels,
          [id]: { ...s.registryCacheLevels[id], ...change },
        },
      }));

    /**
     * Points a level at a location; a new location forgets the old rows and any load on its way
     * (the level's search stays: it is what the page's field says).
     */
    const point = (id: CacheLevelId, location: string | null): boolean => {
      const { location: was, match } = get().registryCacheLevels[id];
      if (was === location) return false;
      generations[id]++;
      unsearched[id] = null;
      patch(id, { ...emptyLevel(location), match });
      return true;
    };

    /** The `match` part of a list request: absent without a search. */
    const searchOf = (id: CacheLevelId): { match?: string } => {
      const match = get().registryCacheLevels[id].match;
      return match === '' ? {} : { match };
    };

    const insecure = (): readonly string[] => get().registryCacheSettings?.insecureRegistries ?? [];

    const listFirst = async (id: CacheLevelId): Promise<void> => {
      const location = get().registryCacheLevels[id].location;
      if (location === null) return;
      const asked = ++generations[id];
      patch(id, { phase: 'loading', error: null, moreError: null, loadingMore: false });
      try {
        const page = await transport.invoke('registryCache:list', {
          location,
          cursor: null,
          limit: REGISTRY_PAGE_SIZE,
          ttlHours: get().registryCacheTtl,
          ...searchOf(id),
        });
        if (generations[id] !== asked) return;
        patch(id, {
          phase: page.total === 0 && page.entries.length === 0 ? 'empty' : 'ready',
          entries: page.entries,
          total: page.total,
          matching: page.matching,
          nextCursor: page.nextCursor,
          listedAt: page.listedAt,
          error: null,
        });
      } catch (err) {
        if (generations[id] !== asked) return;
        const code = errorCodeOf(err);
        if (code === 'NOT_FOUND') {
          // No repository yet: nothing was ever pushed there.
          patch(id, {
            phase: 'empty',
            entries: [],
            total: 0,
            matching: 0,
            nextCursor: null,
            listedAt: Date.now(),
            error: null,
          });
          return;
        }
        const error = { code, text: levelErrorText(code, errorMessage(err), location, insecure()) };
        set((s) => {
          const level = s.registryCacheLevels[id];
          return {
            registryCacheLevels: {
              ...s.registryCacheLevels,
              [id]: { ...level, error, phase: level.entries.length > 0 ? 'ready' : 'error' },
            },
          };
        });
      }
    };

    /** Points the two saved levels at the settings' locations; lists those not listed yet. */
    const applySettings = (settings: RemoteCacheSettings): void => {
      set({ registryCacheSettings: settings, registryCacheSettingsError: null });
      point('global', settings.global);
      point('project', settings.project);
      if (!levelChosen) {
        const first = settings.global ? 'global' : settings.project ? 'project' : 'browse';
        set({ registryCacheLevel: first });
      }
      for (const id of LEVEL_IDS) {
        const level = get().registryCacheLevels[id];
        if (level.location !== null && level.phase === 'idle') void listFirst(id);
      }
    };

    const busy = async <T>(ref: string, what: RegistryBusy, work: () => Promise<T>): Promise<T> => {
      set((s) => ({ registryCacheBusy: { ...s.registryCacheBusy, [ref]: what } }));
      try {
        return await work();
      } finally {
        set((s) => {
          const next = { ...s.registryCacheBusy };
          delete next[ref];
          return { registryCacheBusy: next };
        });
      }
    };

    return {
      registryCacheSettings: null,
      registryCacheSettingsError: null,
      registryCacheDefaultTtl: null,
      registryCacheTtl: null,
      registryCacheTtlOverridden: false,
      registryCacheLevel: 'global',
      registryCacheLevels: {
        global: emptyLevel(null),
        project: emptyLevel(null),
        browse: emptyLevel(null),
      },
      registryCacheBusy: {},

      openRegistryCache: async () => {
        const [settings, cache] = await Promise.allSettled([
          transport.invoke('registryCache:settings'),
          transport.invoke('artifacts:settings'),
        ]);
        if (cache.status === 'fulfilled') {
          set((s) => ({
            registryCacheDefaultTtl: cache.value.ttlHours,
            registryCacheTtl: s.registryCacheTtlOverridden
              ? s.registryCacheTtl
              : cache.value.ttlHours,
          }));
        }
        if (settings.status === 'fulfilled') applySettings(settings.value);
        else {
          set({
            registryCacheSettingsError: errorMessage(settings.reason),
            ...(levelChosen ? {} : { registryCacheLevel: 'browse' as const }),
          });
        }
      },

      setRegistryCacheLevel: (level) => {
        levelChosen = true;
        set({ registryCacheLevel: level });
      },

      browseRegistryLocation: async (location) => {
        levelChosen = true;
        point('browse', location.trim());
        set({ registryCacheLevel: 'browse' });
        await listFirst('browse');
      },

      refreshRegistryLevel: (level) => {
        unsearched[level] = null;
        return listFirst(level);
      },

      searchRegistryLevel: async (id, text) => {
        const match = normalizeSearch(text);
        const level = get().registryCacheLevels[id];
        if (level.match === match) return;
        const kept = unsearched[id];
        if (level.match === '' && level.phase === 'ready') unsearched[id] = level;
        if (match === '' && kept !== null && kept.location === level.location) {
          // The rows (and pages) loaded before the search come back as they were.
          unsearched[id] = null;
          generations[id]++;
          patch(id, { ...kept, loadingMore: false });
          return;
        }
        patch(id, { match });
        await listFirst(id);
      },

      loadMoreRegistryLevel: async (id) => {
        const level = get().registryCacheLevels[id];
        const cursor = level.nextCursor;
        if (level.location === null || cursor === null || level.loadingMore) return;
        if (level.phase === 'loading') return;
        const asked = generations[id];
        patch(id, { loadingMore: true, moreError: null });
        try {
          const page = await transport.invoke('registryCache:list', {
            location: level.location,
            cursor,
            limit: REGISTRY_PAGE_SIZE,
            ttlHours: get().registryCacheTtl,
            ...searchOf(id),
          });
          if (generations[id] !== asked) return;
          set((s) => {
            const current = s.registryCacheLevels[id];
            const have = new Set(current.entries.map((e) => e.key));
            return {
              registryCacheLevels: {
                ...s.registryCacheLevels,
                [id]: {
                  ...current,
                  entries: [...current.entries, ...page.entries.filter((e) => !have.has(e.key))],
                  total: page.total,
                  matching: page.matching,
                  nextCursor: page.nextCursor,
                  loadingMore: false,
                },
              },
            };
          });
        } catch (err) {
          if (generations[id] !== asked) return;
          const code = errorCodeOf(err);
          patch(id, {
            loadingMore: false,
            moreError: levelErrorText(code, errorMessage(err), level.location, insecure()),
          });
        }
      },

      saveRegistryCacheSettings: async (settings) => {
        const saved = await transport.invoke('registryCache:setSettings', settings);
        levelChosen = false;
        applySettings(saved);
        return saved;
      },

      setRegistryCacheTtl: (hours) =>
        set({ registryCacheTtl: hours, registryCacheTtlOverridden: true }),

      resetRegistryCacheTtl: () =>
        set((s) => ({
          registryCacheTtl: s.registryCacheDefaultTtl,
          registryCacheTtlOverridden: false,
        })),

      pullRegistryImage: (reference) =>
        busy(reference, 'pull', async () => {
          const task = await transport.invoke('registryCache:pull', reference);
          if (!get().tasks[task.id]) get().trackTask(task);
          return task;
        }),

      deleteRegistryImage: (entry) =>
        busy(entry.reference, 'delete', async () => {
          const location = locationOfReference(entry.reference);
          const target = entry.digest ? `${location}@${entry.digest}` : entry.reference;
          const result = await transport.invoke('registryCache:delete', target);
          set((s) => {
            const levels = { ...s.registryCacheLevels };
            for (const id of LEVEL_IDS) {
              const level = levels[id];
              if (level.location !== location) continue;
              unsearched[id] = null; // it still lists what was deleted: clearing a search relists
              const kept = level.entries.filter(
                (e) => e.digest !== result.digest && e.key !== entry.key,
              );
              const gone = level.entries.length - kept.length;
              const total = Math.max(0, level.total - gone);
              levels[id] = {
                ...level,
                entries: kept,
                total,
                matching: Math.max(0, level.matching - gone),
                phase: total === 0 && kept.length === 0 ? 'empty' : level.phase,
              };
            }
            return { registryCacheLevels: levels };
          });
          return result;
        }),

      inspectRegistryImage: (reference) => transport.invoke('registryCache:inspect', reference),

      findRegistryDigestTags: (reference) =>
        transport.invoke('registryCache:digestTags', reference),
    };
  };
