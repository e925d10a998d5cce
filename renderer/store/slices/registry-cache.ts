/**
 * The registry cache slice: the level settings (`registryCache:settings`), the TTL the ages are
 * judged against (the artifact cache's, or one typed on the page), which level is shown, and per
 * level — global, project, or a location browsed without saving — its listing (how it is paged
 * and searched: `registry-levels.ts`). Started as `registryCache` (each time the page opens), it
 * reads the settings and the default TTL, then lists every set level not listed yet. Pull starts
 * a task (the tasks slice tracks it); delete goes by the digest listed and drops every loaded tag
 * of it.
 */
import type {
  RegistryCacheDeleteResult,
  RegistryCacheDigestTags,
  RegistryCacheEntry,
  RegistryCacheInspect,
  RemoteCacheSettings,
} from '../../../shared/registry-cache.js';
import type { TaskInfo } from '../../../shared/tasks.js';
import { LEVEL_IDS, type CacheLevelId } from '../../model/registry-cache/cache-rows.js';
import { errorMessage } from '../../model/errors.js';
import { whileBusy, type SliceCreator } from '../slice.js';
import {
  createLevelListings,
  emptyLevel,
  locationOfReference,
  type LevelListing,
} from './registry-levels.js';

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

export const createRegistryCacheSlice: SliceCreator<RegistryCacheSlice> =
  ({ transport, syncs }) =>
  (set, get) => {
    const levels = createLevelListings(transport, set, get);
    /** The user picked a level: opening the page again keeps it. */
    let levelChosen = false;

    /** Points the two saved levels at the settings' locations; lists those not listed yet. */
    const applySettings = (settings: RemoteCacheSettings): void => {
      set({ registryCacheSettings: settings, registryCacheSettingsError: null });
      levels.point('global', settings.global);
      levels.point('project', settings.project);
      if (!levelChosen) {
        const first = settings.global ? 'global' : settings.project ? 'project' : 'browse';
        set({ registryCacheLevel: first });
      }
      for (const id of LEVEL_IDS) {
        const level = get().registryCacheLevels[id];
        if (level.location !== null && level.phase === 'idle') void levels.list(id);
      }
    };

    const busy = <T>(ref: string, what: RegistryBusy, work: () => Promise<T>) =>
      whileBusy(set, 'registryCacheBusy', ref, what, work);

    const open = async (): Promise<void> => {
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
    };
    // Nothing to follow between two openings: the page asks again each time it opens.
    syncs.follow('registryCache', () => ({ loaded: open(), stop: () => undefined }));

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

      setRegistryCacheLevel: (level) => {
        levelChosen = true;
        set({ registryCacheLevel: level });
      },

      browseRegistryLocation: async (location) => {
        levelChosen = true;
        levels.point('browse', location.trim());
        set({ registryCacheLevel: 'browse' });
        await levels.list('browse');
      },

      refreshRegistryLevel: (level) => levels.refresh(level),
      searchRegistryLevel: (level, text) => levels.search(level, text),
      loadMoreRegistryLevel: (level) => levels.more(level),

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
        busy(reference, 'pull', async () =>
          get().trackTask(await transport.invoke('registryCache:pull', reference)),
        ),

      deleteRegistryImage: (entry) =>
        busy(entry.reference, 'delete', async () => {
          const location = locationOfReference(entry.reference);
          const target = entry.digest ? `${location}@${entry.digest}` : entry.reference;
          const result = await transport.invoke('registryCache:delete', target);
          levels.dropDigest(location, result.digest, entry.key);
          return result;
        }),

      inspectRegistryImage: (reference) => transport.invoke('registryCache:inspect', reference),

      findRegistryDigestTags: (reference) =>
        transport.invoke('registryCache:digestTags', reference),
    };
  };
