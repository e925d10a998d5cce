/**
 * The index slice: the renderer's copy of the core's image index. Followed as `index`, it
 * subscribes to `index:delta` and `index:status` first, then fetches `images:snapshot`, buffering
 * the deltas that arrive meanwhile; after that each delta is applied in version order. A delta
 * that skips a version means one was lost (e.g. while the event stream reconnected), so the
 * snapshot is fetched again. Its selectors give the rows derived from it.
 */
import type { IndexDelta, IndexSnapshot, IndexStatus } from '../../../shared/model.js';
import { errorMessage } from '../../model/errors.js';
import { compareImages, deriveRows, type ImageRow } from '../../model/images/rows.js';
import {
  applyDelta,
  applyDeltas,
  fromSnapshot,
  memoizeOne,
  type ImageMap,
  type IndexCopy,
} from '../index-model.js';
import type { AppStore } from '../index.js';
import type { SliceCreator } from '../slice.js';

/** `loading` before the first snapshot, `error` when it failed, then `ready` for good. */
export type IndexPhase = 'idle' | 'loading' | 'ready' | 'error';

export interface IndexSlice {
  indexPhase: IndexPhase;
  /** Version of the index held here; -1 before the first snapshot. */
  indexVersion: number;
  /** Every image by id, intermediate layers included. Replaced (not mutated) on each change. */
  indexImages: ImageMap;
  /** Unix ms since when the core's event stream is down, or null when live. */
  indexStaleSince: number | null;
  /** Unix ms of the core's last full load from the daemon. */
  indexLoadedAt: number | null;
  /** The core is (re)loading from the daemon. */
  indexLoading: boolean;
  /** A snapshot fetch is in flight (the first load, or a resync after a gap). */
  indexSyncing: boolean;
  /** Why the last snapshot fetch failed; cleared by the next success. */
  indexError: string | null;
  /** Snapshots fetched so far: 1 after the first load, one more per resync. */
  indexSnapshotCount: number;
  /** Fetches the snapshot again (a no-op while one is on its way). */
  reloadIndex(): Promise<void>;
}

/** Gaps found in the buffered deltas right after a snapshot before we settle for what we have. */
const MAX_ATTEMPTS = 3;

export const createIndexSlice: SliceCreator<IndexSlice> =
  ({ transport, syncs }) =>
  (set, get) => {
    /** Deltas that arrived while a snapshot is on its way; null when none is. */
    let buffer: IndexDelta[] | null = null;
    let inFlight: Promise<void> = Promise.resolve();
    /** Bumped by each `index:status`, so an older snapshot does not undo a newer status. */
    let statusSeq = 0;

    const commit = (index: IndexCopy, snapshot: IndexSnapshot, statusSeqAtAsk: number): void => {
      set({
        indexPhase: 'ready',
        indexVersion: index.version,
        indexImages: index.images,
        indexError: null,
        ...(statusSeq === statusSeqAtAsk
          ? { indexStaleSince: snapshot.staleSince, indexLoadedAt: snapshot.loadedAt }
          : {}),
      });
    };

    const fetchSnapshot = async (deltas: IndexDelta[]): Promise<void> => {
      const wasReady = get().indexPhase === 'ready';
      set({ indexSyncing: true, ...(wasReady ? {} : { indexPhase: 'loading' as const }) });
      try {
        for (let attempt = 1; ; attempt++) {
          const askedAt = statusSeq;
          const snapshot = await transport.invoke('images:snapshot');
          set((s) => ({ indexSnapshotCount: s.indexSnapshotCount + 1 }));
          const outcome = applyDeltas(fromSnapshot(snapshot), deltas);
          if (outcome.kind === 'gap' && attempt < MAX_ATTEMPTS) continue;
          commit(outcome.index, snapshot, askedAt);
          deltas.length = 0;
          return;
        }
      } catch (err) {
        set({
          indexError: errorMessage(err),
          ...(get().indexPhase === 'ready' ? {} : { indexPhase: 'error' as const }),
        });
      } finally {
        buffer = null;
        set({ indexSyncing: false });
      }
    };

    /**
     * Starts a snapshot fetch unless one is on its way; deltas (this one, if given, and the ones
     * that follow) go to the buffer until it lands.
     */
    const resync = (delta?: IndexDelta): Promise<void> => {
      if (!buffer) {
        buffer = [];
        inFlight = fetchSnapshot(buffer);
      }
      if (delta) buffer.push(delta);
      return inFlight;
    };

    const onDelta = (delta: IndexDelta): void => {
      if (buffer) {
        buffer.push(delta);
        return;
      }
      const state = get();
      if (state.indexPhase !== 'ready') {
        void resync(delta);
        return;
      }
      const outcome = applyDelta({ version: state.indexVersion, images: state.indexImages }, delta);
      if (outcome.kind === 'applied') {
        set({ indexImages: outcome.index.images, indexVersion: outcome.index.version });
      } else if (outcome.kind === 'gap') {
        void resync(delta);
      }
    };

    const onStatus = (status: IndexStatus): void => {
      statusSeq++;
      set({
        indexStaleSince: status.staleSince,
        indexLoadedAt: status.loadedAt,
        indexLoading: status.loading,
      });
      if (buffer) return;
      const state = get();
      // Deltas go out before the status that follows them, so a status ahead of us means a
      // delta never arrived (e.g. it was sent while the event stream was reconnecting); one
      // behind us means the core started over (its versions restart), so ours mean nothing.
      const differs = state.indexPhase === 'ready' && status.version !== state.indexVersion;
      if (differs || state.indexPhase === 'error') void resync();
    };

    syncs.follow('index', () => {
      const offDelta = transport.on('index:delta', onDelta);
      const offStatus = transport.on('index:status', onStatus);
      return {
        loaded: resync(),
        stop: () => {
          offDelta();
          offStatus();
        },
      };
    });

    return {
      indexPhase: 'idle',
      indexVersion: -1,
      indexImages: new Map(),
      indexStaleSince: null,
      indexLoadedAt: null,
      indexLoading: false,
      indexSyncing: false,
      indexError: null,
      indexSnapshotCount: 0,

      reloadIndex: () => resync(),
    };
  };

// Rows derived from the index, memoized on the map's identity: a new array only when the index
// changed, so components that select it re-render only then (and zustand's snapshots stay stable).
const everyRow = memoizeOne((images: ImageMap): ImageRow[] =>
  deriveRows([...images.values()].sort(compareImages)),
);
const imageRows = memoizeOne((rows: ImageRow[]): ImageRow[] => rows.filter((r) => !r.intermediate));
const danglingRows = memoizeOne((rows: ImageRow[]): ImageRow[] => rows.filter((r) => r.dangling));

/** One row per image, newest first, intermediate layers included. */
export const selectAllRows = (s: AppStore): ImageRow[] => everyRow(s.indexImages);

/** One row per image for the Images view: intermediate layers left out. */
export const selectImageRows = (s: AppStore): ImageRow[] => imageRows(everyRow(s.indexImages));

/** Rows of dangling images. */
export const selectDanglingRows = (s: AppStore): ImageRow[] =>
  danglingRows(imageRows(everyRow(s.indexImages)));
