/**
 * The artifact cache slice: the listing (`artifacts:list`), kept live while a view follows it —
 * re-read on `artifacts:changed` and a moment after the image index changes (an image removed by
 * another tool turns its entry `missing`) — and the cache's actions. Actions that start a task
 * (`artifacts:build`, `images:push`) hand it to the tasks slice and return it.
 */
import type { SortingState, Updater } from '@tanstack/react-table';
import type { StateCreator } from 'zustand';
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
import type { Transport } from '../../../shared/contract.js';
import type { TaskInfo, TaskOf } from '../../../shared/tasks.js';
import { EMPTY_FORM, type BuildForm } from '../../model/artifacts/build-form.js';
import { errorMessage } from '../../model/errors.js';
import type { AppStore } from '../index.js';

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
  /** Follows the cache as described above. Returns the function that stops. */
  startArtifactsSync(): () => void;
  pinEntry(key: string, pinned: boolean): Promise<CacheEntry>;
  retagEntry(key: string): Promise<CacheEntry>;
  evictEntries(options: EvictOptions): Promise<EvictReport>;
  enforcePolicy(options: PolicyOptions): Promise<PolicyReport>;
  importSkaffold(file: string | null): Promise<SkaffoldImportReport>;
  saveCacheSettings(settings: CacheSettings): Promise<CacheSettings>;
  /** Starts `artifacts:build`; the task is tracked by the tasks slice. */
  buildArtifact(spec: ArtifactSpec): Promise<TaskInfo>;
  /** Starts `images:push` of one `repo:tag`; the task is tracked by the tasks slice. */
  pushImage(ref: string): Promise<TaskOf<'push'>>;
}

export const DEFAULT_ARTIFACTS_SORTING: SortingState = [{ id: 'lastUsed', desc: true }];

/**
 * Quiet time after an index change before re-reading the listing. The core's index is already up
 * to date when its delta arrives here, so this only folds a burst of deltas into one read.
 */
export const ARTIFACTS_INDEX_SETTLE_MS = 50;

const apply = <T>(updater: Updater<T>, current: T): T =>
  typeof updater === 'function' ? (updater as (old: T) => T)(current) : updater;

export const createArtifactsSlice =
  (transport: Transport): StateCreator<AppStore, [], [], ArtifactsSlice> =>
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

    const busy = async <T>(
      key: string,
      what: 'pin' | 'retag' | 'evict',
      work: () => Promise<T>,
    ): Promise<T> => {
      set((s) => ({ artifactsBusy: { ...s.artifactsBusy, [key]: what } }));
      try {
        return await work();
      } finally {
        set((s) => {
          const next = { ...s.artifactsBusy };
          delete next[key];
          return { artifactsBusy: next };
        });
        void loadArtifacts();
      }
    };

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
        set((s) => ({ artifactsSorting: apply(updater, s.artifactsSorting) })),

      loadArtifacts,

      startArtifactsSync: () => {
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
        void loadArtifacts();
        return () => {
          off();
          unsubscribe();
          if (timer !== null) clearTimeout(timer);
        };
      },

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

      buildArtifact: async (spec) => {
        const task = await transport.invoke('artifacts:build', spec);
        get().trackTask(task);
        return task;
      },

      pushImage: async (ref) => {
        const task = await transport.invoke('images:push', ref);
        get().trackTask(task);
        return task;
      },
    };
  };
