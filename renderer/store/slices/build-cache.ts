/**
 * The build cache slice: BuildKit's records and totals (`buildCache:list`), whether a request is
 * on its way and the last error. Started as `buildCache` (each time the page opens), it reads the
 * listing the core keeps (the core asks the daemon again when it has gone stale); Refresh asks the
 * daemon now. A prune goes by a preview's id and reads the listing again after it.
 */
import type {
  BuildCacheListing,
  BuildCachePrunePreview,
  BuildCachePruneOptions,
  BuildCachePruneReport,
} from '../../../shared/build-cache.js';
import { errorMessage } from '../../model/errors.js';
import type { SliceCreator } from '../slice.js';

export interface BuildCacheSlice {
  buildCache: BuildCacheListing | null;
  buildCacheError: string | null;
  buildCacheLoading: boolean;
  /** Reads the listing; `refresh` asks the daemon now instead of the core's memory. */
  loadBuildCache(refresh?: boolean): Promise<void>;
  /** Exactly what a prune with these options would delete. Throws the core's error. */
  previewBuildCachePrune(options: BuildCachePruneOptions): Promise<BuildCachePrunePreview>;
  /** Deletes exactly the preview's records, then reads the listing again. */
  pruneBuildCache(previewId: string): Promise<BuildCachePruneReport>;
}

export const createBuildCacheSlice: SliceCreator<BuildCacheSlice> =
  ({ transport, syncs }) =>
  (set) => {
    let inFlight: { refresh: boolean; done: Promise<void> } | null = null;

    const loadBuildCache = (refresh = false): Promise<void> => {
      // A plain read shares any request on its way; a refresh waits for it, then asks again.
      if (inFlight && (!refresh || inFlight.refresh)) return inFlight.done;
      const before = inFlight?.done ?? Promise.resolve();
      set({ buildCacheLoading: true });
      const done = before.then(async () => {
        try {
          const listing = await transport.invoke('buildCache:list', { refresh });
          set({ buildCache: listing, buildCacheError: null });
        } catch (err) {
          set({ buildCacheError: errorMessage(err) });
        } finally {
          if (inFlight?.done === done) {
            inFlight = null;
            set({ buildCacheLoading: false });
          }
        }
      });
      inFlight = { refresh, done };
      return done;
    };

    // Nothing to follow between two openings: the page reads the listing each time it opens.
    syncs.follow('buildCache', () => ({ loaded: loadBuildCache(), stop: () => undefined }));

    return {
      buildCache: null,
      buildCacheError: null,
      buildCacheLoading: false,
      loadBuildCache,
      previewBuildCachePrune: (options) => transport.invoke('buildCache:prunePreview', options),
      pruneBuildCache: async (previewId) => {
        const report = await transport.invoke('buildCache:prune', previewId);
        await loadBuildCache(true);
        return report;
      },
    };
  };
