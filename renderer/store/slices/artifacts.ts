/**
 * The artifact cache slice: the listing (`artifacts:list`), kept live while followed as
 * `artifacts` — re-read on `artifacts:changed` and a moment after the image index changes (an
 * image removed by another tool turns its entry `missing`) — and the cache's actions. A build
 * starts a task: it is handed to the tasks slice and returned.
 */
import { functionalUpdate, type SortingState, type Updater } from '@tanstack/react-table';
import type {
  ArtifactSpec,
  CacheEntry,
  CacheListing,
  CacheSettings,
  EvictOptions,
  EvictReport,
  PolicyOptions,
  PolicyReport,
  SkaffoldImportReport,
} from '../../../shared/artifacts.js';
import type { TaskInfo } from '../../../shared/tasks.js';
import { EMPTY_FORM, type BuildForm } from '../../model/artifacts/build-form.js';
import { errorMessage } from '../../model/errors.js';
import { whileBusy, type SliceCreator } from '../slice.js';

export type ArtifactsPhase = 'idle' | 'loading' | 'ready' | 'error';

export interface ArtifactsSlice {
  artifacts: CacheListing | null;
  artifactsPhase: ArtifactsPhase;
  /** Why the last read failed (the listing shown, if any, is the one before). */
  artifactsError: string | null;
  artifactsSorting: SortingState;
  /** Keys with an action on its way, and which. */
  artifactsBusy: Readonly<Record<string, 'pin' | 'retag' | 'evict'>>;
  /** The build dialog's fields, kept between openings. */
  artifactsBuildForm: BuildForm;
  /** The build the dialog follows (running or ended), or null. */
  artifactsBuildTaskId: string | null;
  setArtifactsBuildForm(form: BuildForm): void;
  setArtifactsBuildTaskId(id: string | null): void;
  setArtifactsSorting(updater: Updater<SortingState>): void;
  /** Reads the listing (calls made while one is on its way are folded into one more read). */
  loadArtifacts(): Promise<void>;
  pinEntry(key: string, pinned: boolean): Promise<CacheEntry>;
  retagEntry(key: string): Promise<CacheEntry>;
  evictEntries(options: EvictOptions): Promise<EvictReport>;
  enforcePolicy(options: PolicyOptions): Promise<PolicyReport>;
  importSkaffold(file: string | null): Promise<SkaffoldImportReport>;
  saveCacheSettings(settings: CacheSettings): Promise<CacheSettings>;
  /** Starts `artifacts:build`; the task is tracked by the tasks slice. */
  buildArtifact(spec: ArtifactSpec): Promise<TaskInfo>;
}

export const DEFAULT_ARTIFACTS_SORTING: SortingState = [{ id: 'lastUsed', desc: true }];

/**
 * Quiet time after an index change before re-reading the listing. The core's index is already up
 * to date when its delta arrives here, so this only folds a burst of deltas into one read.
 */
export const ARTIFACTS_INDEX_SETTLE_MS = 50;

export const createArtifactsSlice: SliceCreator<ArtifactsSlice> =
  ({ transport, syncs }) =>
  (set, get, api) => {
    let inFlight: Promise<void> | null = null;
    let again = false;

    const readOnce = async (): Promise<void> => {
      if (get().artifacts === null) set({ artifactsPhase: 'loading' });
      try {
        const listing = await transport.invoke('artifacts:list');
        set({ artifacts: listing, artifactsPhase: 'ready', artifactsError: null });
      } catch (err) {
        set((s) => ({
          artifactsError: errorMessage(err),
          artifactsPhase: s.artifacts === null ? 'error' : s.artifactsPhase,
        }));
      }
    };

    const loadArtifacts = (): Promise<void> => {
      if (inFlight) {
        again = true;
        return inFlight;
      }
      inFlight = (async () => {
        try {
          do {
            again = false;
            await readOnce();
          } while (again);
        } finally {
          inFlight = null;
        }
      })();
      return inFlight;
    };

    /** Runs an action on one entry, marked busy meanwhile; the listing is read again after. */
    const busy = <T>(key: string, what: 'pin' | 'retag' | 'evict', work: () => Promise<T>) =>
      whileBusy(set, 'artifactsBusy', key, what, work).finally(() => void loadArtifacts());

    syncs.follow('artifacts', () => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const off = transport.on('artifacts:changed', () => void loadArtifacts());
      const unsubscribe = api.subscribe((state, previous) => {
        if (state.indexVersion === previous.indexVersion) return;
        if (timer !== null) clearTimeout(timer);
        timer = setTimeout(() => {
          timer = null;
          void loadArtifacts();
        }, ARTIFACTS_INDEX_SETTLE_MS);
      });
      return {
        loaded: loadArtifacts(),
        stop: () => {
          off();
          unsubscribe();
          if (timer !== null) clearTimeout(timer);
        },
      };
    });

    return {
      artifacts: null,
      artifactsPhase: 'idle',
      artifactsError: null,
      artifactsSorting: DEFAULT_ARTIFACTS_SORTING,
      artifactsBusy: {},
      artifactsBuildForm: EMPTY_FORM,
      artifactsBuildTaskId: null,
      setArtifactsBuildForm: (artifactsBuildForm) => set({ artifactsBuildForm }),
      setArtifactsBuildTaskId: (artifactsBuildTaskId) => set({ artifactsBuildTaskId }),

      setArtifactsSorting: (updater) =>
        set((s) => ({ artifactsSorting: functionalUpdate(updater, s.artifactsSorting) })),

      loadArtifacts,

      pinEntry: (key, pinned) =>
        busy(key, 'pin', () => transport.invoke('artifacts:pin', { key, pinned })),

      retagEntry: (key) => busy(key, 'retag', () => transport.invoke('artifacts:retag', key)),

      evictEntries: async (options) => {
        const work = () => transport.invoke('artifacts:evict', options);
        const [only] = options.keys;
        if (only !== undefined && options.keys.length === 1) return busy(only, 'evict', work);
        try {
          return await work();
        } finally {
          void loadArtifacts();
        }
      },

      enforcePolicy: async (options) => {
        const report = await transport.invoke('artifacts:enforcePolicy', options);
        if (!options.preview) void loadArtifacts();
        return report;
      },

      importSkaffold: async (file) => {
        const report = await transport.invoke('artifacts:importSkaffold', { file });
        void loadArtifacts();
        return report;
      },

      saveCacheSettings: async (settings) => {
        const saved = await transport.invoke('artifacts:setSettings', settings);
        void loadArtifacts();
        return saved;
      },

      buildArtifact: async (spec) =>
        get().trackTask(await transport.invoke('artifacts:build', spec)),
    };
  };
