/**
 * The details slice: whether the details panel is open, and an image's full inspect and its
 * layers, fetched when the panel asks and kept for the last few images, so moving back and forth
 * between rows costs no call.
 */
import type { ImageLayers } from '../../../shared/channels/images.js';
import type { ImageDiff, ImageLayersView, ImageTree, WasteReport } from '../../../shared/layers.js';
import type { ImageInspect } from '../../../shared/model.js';
import { errorMessage } from '../../model/errors.js';
import type { SliceCreator } from '../slice.js';

export type Loadable<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

export interface DetailsSlice {
  /** The details panel is open (it shows the active row's image). */
  detailsOpen: boolean;
  detailsInspects: ReadonlyMap<string, Loadable<ImageInspect>>;
  detailsLayers: ReadonlyMap<string, Loadable<ImageLayers>>;
  /** The layer explorer's view of an image: its layers, merged files and waste. */
  detailsFiles: ReadonlyMap<string, Loadable<ImageFiles>>;
  /** Differences of two images, by `a|b`. */
  detailsDiffs: ReadonlyMap<string, Loadable<ImageDiff>>;
  setDetailsOpen(open: boolean): void;
  /** Fetches an image's inspect unless it is cached (or `force`). */
  loadInspect(id: string, force?: boolean): Promise<void>;
  /** Fetches an image's layers unless they are cached (or `force`). */
  loadLayers(id: string, force?: boolean): Promise<void>;
  /** Reads an image's files by layer (the engine only for layers not read before). */
  loadFiles(id: string, force?: boolean): Promise<void>;
  /** Compares two images (the engine only for layers not read before). */
  loadDiff(a: string, b: string, force?: boolean): Promise<void>;
}

export interface ImageFiles {
  layers: ImageLayersView;
  tree: ImageTree;
  waste: WasteReport;
}

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

export const createDetailsSlice: SliceCreator<DetailsSlice> =
  ({ transport }) =>
  (set, get) => {
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
      loadFiles: (id, force = false) =>
        load(
          get().detailsFiles.get(id),
          (entry) => set((s) => ({ detailsFiles: put(s.detailsFiles, id, entry) })),
          force,
          async () => {
            // The first request reads what the store lacks; the others find it in memory.
            const layers = await transport.invoke('layers:image', id);
            const [tree, waste] = await Promise.all([
              transport.invoke('layers:tree', id),
              transport.invoke('layers:waste', id, { worst: 10 }),
            ]);
            return { layers, tree, waste };
          },
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
