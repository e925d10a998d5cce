/**
 * The details slice: whether the details panel is open, and an image's full inspect and its
 * layers, fetched when the panel asks and kept for the last few images, so moving back and forth
 * between rows costs no call. An image's files by layer are read as a `layers:read` task (its
 * progress and Cancel are the tab's while it runs), then its tree and waste are asked for.
 */
import type { ImageLayers } from '../../../shared/channels/images.js';
import type {
  ImageDiff,
  ImageLayersView,
  ImageTree,
  LayerChanges,
  WasteReport,
} from '../../../shared/layers.js';
import type { ImageInspect } from '../../../shared/model.js';
import type { TaskInfo } from '../../../shared/tasks.js';
import { errorMessage } from '../../model/errors.js';
import type { AppStore } from '../index.js';
import type { SliceCreator } from '../slice.js';
import { isTaskEnded } from './tasks.js';

export type Loadable<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

export interface DetailsSlice {
  /** The details panel is open (it shows the active row's image). */
  detailsOpen: boolean;
  detailsInspects: ReadonlyMap<string, Loadable<ImageInspect>>;
  detailsLayers: ReadonlyMap<string, Loadable<ImageLayers>>;
  /** The layer explorer's view of an image: its layers, merged files and waste. */
  detailsFiles: ReadonlyMap<string, FilesEntry>;
  /** What one layer of an image changed, by `image|layer`. */
  detailsChanges: ReadonlyMap<string, Loadable<LayerChanges>>;
  /** Differences of two images, by `a|b`. */
  detailsDiffs: ReadonlyMap<string, Loadable<ImageDiff>>;
  setDetailsOpen(open: boolean): void;
  /** Fetches an image's inspect unless it is cached (or `force`). */
  loadInspect(id: string, force?: boolean): Promise<void>;
  /** Fetches an image's layers unless they are cached (or `force`). */
  loadLayers(id: string, force?: boolean): Promise<void>;
  /**
   * Reads an image's files by layer (the engine only for layers not read before) unless they are
   * held (or `force`): a cancelled or failed read is read again only when forced.
   */
  loadFiles(id: string, force?: boolean): Promise<void>;
  /** Fetches what layer `layer` (0 = oldest) of an image added, changed and removed. */
  loadChanges(id: string, layer: number, force?: boolean): Promise<void>;
  /** Compares two images (the engine only for layers not read before). */
  loadDiff(a: string, b: string, force?: boolean): Promise<void>;
}

export interface ImageFiles {
  layers: ImageLayersView;
  tree: ImageTree;
  waste: WasteReport;
}

/** The files of an image: being read (the read's task), read, failed, or cancelled. */
export type FilesEntry =
  Loadable<ImageFiles> | { status: 'reading'; taskId: string } | { status: 'cancelled' };

/** Images whose details are kept. */
export const DETAILS_CACHE_SIZE = 24;

/** A copy of `map` with `key` set (moved to the end), the oldest entries past the limit dropped. */
function put<T>(map: ReadonlyMap<string, T>, key: string, value: T): Map<string, T> {
  const next = new Map(map);
  next.delete(key);
  next.set(key, value);
  while (next.size > DETAILS_CACHE_SIZE) {
    const oldest = next.keys().next().value;
    if (oldest === undefined) break;
    next.delete(oldest);
  }
  return next;
}

/** The task once it has ended, as the tasks slice follows it. */
function taskEnd(
  get: () => AppStore,
  subscribe: (listener: (state: AppStore) => void) => () => void,
  id: string,
): Promise<TaskInfo> {
  return new Promise((resolve) => {
    const ended = (state: AppStore): TaskInfo | null => {
      const task = state.tasks[id];
      return task && isTaskEnded(task) ? task : null;
    };
    const now = ended(get());
    if (now) return resolve(now);
    const unsubscribe = subscribe((state) => {
      const task = ended(state);
      if (!task) return;
      unsubscribe();
      resolve(task);
    });
  });
}

export const createDetailsSlice: SliceCreator<DetailsSlice> =
  ({ transport }) =>
  (set, get, api) => {
    /** Fetches unless cached; a failed or forced entry is fetched again. */
    async function load<T>(
      cached: Loadable<T> | undefined,
      write: (entry: Loadable<T>) => void,
      force: boolean,
      fetch: () => Promise<T>,
    ): Promise<void> {
      if (!force && cached && cached.status !== 'error') return;
      write({ status: 'loading' });
      try {
        write({ status: 'ready', value: await fetch() });
      } catch (err) {
        write({ status: 'error', message: errorMessage(err) });
      }
    }

    return {
      detailsOpen: false,
      detailsInspects: new Map(),
      detailsLayers: new Map(),
      detailsFiles: new Map(),
      detailsChanges: new Map(),
      detailsDiffs: new Map(),
      setDetailsOpen: (detailsOpen) => set({ detailsOpen }),
      loadInspect: (id, force = false) =>
        load(
          get().detailsInspects.get(id),
          (entry) => set((s) => ({ detailsInspects: put(s.detailsInspects, id, entry) })),
          force,
          () => transport.invoke('images:inspect', id),
        ),
      loadLayers: (id, force = false) =>
        load(
          get().detailsLayers.get(id),
          (entry) => set((s) => ({ detailsLayers: put(s.detailsLayers, id, entry) })),
          force,
          () => transport.invoke('images:layers', id),
        ),
      loadFiles: async (id, force = false) => {
        const cached = get().detailsFiles.get(id);
        if (!force && cached) return;
        const write = (entry: FilesEntry) =>
          set((s) => ({ detailsFiles: put(s.detailsFiles, id, entry) }));
        write({ status: 'loading' });
        try {
          // Layers read before answer from the store; only a read of the engine is a task.
          let layers = force ? null : await transport.invoke('layers:stored', id);
          if (layers === null) {
            const task = get().trackTask(await transport.invoke('layers:read', id));
            write({ status: 'reading', taskId: task.id });
            const ended = await taskEnd(get, api.subscribe, task.id);
            if (ended.state === 'cancelled') return write({ status: 'cancelled' });
            if (ended.state === 'failed' || ended.kind !== 'layers' || !ended.result) {
              return write({
                status: 'error',
                message: ended.error?.message ?? 'Reading the layers failed.',
              });
            }
            layers = ended.result;
          }
          // The read left every layer in the store and in memory: these answer from there.
          const [tree, waste] = await Promise.all([
            transport.invoke('layers:tree', id),
            transport.invoke('layers:waste', id, { worst: 10 }),
          ]);
          write({ status: 'ready', value: { layers, tree, waste } });
        } catch (err) {
          write({ status: 'error', message: errorMessage(err) });
        }
      },
      loadChanges: (id, layer, force = false) =>
        load(
          get().detailsChanges.get(`${id}|${layer}`),
          (entry) =>
            set((s) => ({ detailsChanges: put(s.detailsChanges, `${id}|${layer}`, entry) })),
          force,
          () => transport.invoke('layers:changes', id, layer),
        ),
      loadDiff: (a, b, force = false) =>
        load(
          get().detailsDiffs.get(`${a}|${b}`),
          (entry) => set((s) => ({ detailsDiffs: put(s.detailsDiffs, `${a}|${b}`, entry) })),
          force,
          () => transport.invoke('layers:diff', a, b),
        ),
    };
  };
