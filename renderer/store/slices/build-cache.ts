/**
 * The build cache slice: BuildKit's records and totals (`buildCache:list`), whether a request is
 * on its way and the last error. Started as `buildCache` (while the page is open), it reads the
 * listing the core keeps (the core asks the daemon again when it has gone stale), and again on
 * each `buildCache:changed`; Refresh asks the daemon now. A prune goes by a preview's id and reads the listing again after it. With the listing
 * it reads the keep-under policy and the growth over time (totals, prunes, builds); each listing
 * read reads the growth again, since the core records a point with each.
 */
import type {
  BuildCacheGrowth,
  BuildCacheListing,
  BuildCachePolicyCheck,
  BuildCachePolicyState,
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
  buildCachePolicy: BuildCachePolicyState | null;
  buildCacheGrowth: BuildCacheGrowth | null;
  /**
   * Sets the keep-under policy (null: off); a limit is checked at once (the core's check after a
   * new limit, shared) and the listing read again. Throws the core's error.
   */
  setBuildCachePolicy(
    keepUnderBytes: number | null,
  ): Promise<{ policy: BuildCachePolicyState; check: BuildCachePolicyCheck | null }>;
  /** Checks the policy now, then reads the listing again. Throws the core's error. */
  checkBuildCachePolicy(): Promise<BuildCachePolicyCheck>;
}

export const createBuildCacheSlice: SliceCreator<BuildCacheSlice> =
  ({ transport, syncs }) =>
  (set) => {
    let inFlight: { refresh: boolean; done: Promise<void> } | null = null;

    /** The growth and the policy: a failure leaves what was shown (the listing says the error). */
    const loadGrowth = async (): Promise<void> => {
      try {
        const [growth, policy] = await Promise.all([
          transport.invoke('buildCache:growth', {}),
          transport.invoke('buildCache:policy'),
        ]);
        set({ buildCacheGrowth: growth, buildCachePolicy: policy });
      } catch {
        // The page keeps the last growth and policy it had.
      }
    };

    const loadBuildCache = (refresh = false): Promise<void> => {
      // A plain read shares any request on its way; a refresh waits for it, then asks again.
      if (inFlight && (!refresh || inFlight.refresh)) return inFlight.done;
      const before = inFlight?.done ?? Promise.resolve();
      set({ buildCacheLoading: true });
      const done = before.then(async () => {
        try {
          const listing = await transport.invoke('buildCache:list', { refresh });
          set({ buildCache: listing, buildCacheError: null });
          await loadGrowth();
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

    // While the page is open, a change the core saw (a build, any prune) is read again.
    syncs.follow('buildCache', () => {
      const stop = transport.on('buildCache:changed', () => void loadBuildCache());
      return { loaded: loadBuildCache(), stop };
    });

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
      buildCachePolicy: null,
      buildCacheGrowth: null,
      setBuildCachePolicy: async (keepUnderBytes) => {
        const policy = await transport.invoke('buildCache:setPolicy', { keepUnderBytes });
        set({ buildCachePolicy: policy });
        if (policy.keepUnderBytes === null) return { policy, check: null };
        const check = await transport.invoke('buildCache:checkPolicy');
        await loadBuildCache(true);
        return { policy, check };
      },
      checkBuildCachePolicy: async () => {
        const check = await transport.invoke('buildCache:checkPolicy');
        await loadBuildCache(true);
        return check;
      },
    };
  };
