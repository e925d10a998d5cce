/**
 * The disk usage slice: the core's shared/unique figures (`images:diskUsage`), and whether the
 * strip that shows them is expanded. Followed as `diskUsage`, the figures are fetched once the
 * index is loaded, then again a while after the index stops changing (never per delta: the core
 * recomputes at most every few seconds anyway), and when the core said its answer was estimated,
 * at the time it said fresh figures can be had.
 */
import type { DiskUsageReport } from '../../../shared/channels/images.js';
import { errorMessage } from '../../model/errors.js';
import type { SliceCreator } from '../slice.js';

export interface DiskUsageSlice {
  diskUsage: DiskUsageReport | null;
  diskUsageError: string | null;
  diskUsageLoading: boolean;
  /** The disk usage strip is expanded. */
  diskUsageOpen: boolean;
  setDiskUsageOpen(open: boolean): void;
  /** Asks the core (a no-op while a request is on its way). */
  loadDiskUsage(refresh?: boolean): Promise<void>;
}

/** Quiet time after the last index change before asking again. */
export const USAGE_SETTLE_MS = 1500;
/** Longest wait while the index keeps changing. */
export const USAGE_MAX_WAIT_MS = 10_000;

export const createDiskUsageSlice: SliceCreator<DiskUsageSlice> =
  ({ transport, syncs }) =>
  (set, get, api) => {
    let inFlight: Promise<void> | null = null;

    const loadDiskUsage = (refresh = false): Promise<void> => {
      if (inFlight) return inFlight;
      set({ diskUsageLoading: true });
      inFlight = (async () => {
        try {
          const report = await transport.invoke(
            'images:diskUsage',
            ...(refresh ? [{ refresh }] : []),
          );
          set({ diskUsage: report, diskUsageError: null });
        } catch (err) {
          set({ diskUsageError: errorMessage(err) });
        } finally {
          inFlight = null;
          set({ diskUsageLoading: false });
        }
      })();
      return inFlight;
    };

    syncs.follow('diskUsage', () => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      let firstChangeAt: number | null = null;
      let stopped = false;

      const fire = (): void => {
        timer = null;
        firstChangeAt = null;
        void loadDiskUsage().then(() => {
          const report = get().diskUsage;
          // The core said when it will recompute: come back then, unless a change already did.
          if (!stopped && timer === null && report?.estimated && report.refreshableAt !== null) {
            schedule(Math.max(0, report.refreshableAt - Date.now()) + 50);
          }
        });
      };
      const schedule = (delay: number): void => {
        if (timer !== null) clearTimeout(timer);
        timer = setTimeout(fire, delay);
      };
      const onIndexChange = (): void => {
        const now = Date.now();
        firstChangeAt ??= now;
        const waited = now - firstChangeAt;
        schedule(Math.max(0, Math.min(USAGE_SETTLE_MS, USAGE_MAX_WAIT_MS - waited)));
      };

      const loaded = get().indexPhase === 'ready' ? loadDiskUsage() : Promise.resolve();
      const unsubscribe = api.subscribe((state, previous) => {
        if (state.indexPhase !== 'ready') return;
        if (previous.indexPhase !== 'ready') {
          void loadDiskUsage();
          return;
        }
        if (state.indexVersion !== previous.indexVersion) onIndexChange();
      });
      return {
        loaded,
        stop: () => {
          stopped = true;
          unsubscribe();
          if (timer !== null) clearTimeout(timer);
        },
      };
    });

    return {
      diskUsage: null,
      diskUsageError: null,
      diskUsageLoading: false,
      diskUsageOpen: true,
      setDiskUsageOpen: (diskUsageOpen) => set({ diskUsageOpen }),
      loadDiskUsage,
    };
  };
