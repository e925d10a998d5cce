/**
 * The one lifecycle of everything the store follows: `start(id)` subscribes to the core's events
 * and loads what they change; `stop(id)` unsubscribes. Slices register their follower once, when
 * the store is made. Starts are counted, so two users of one follower (or React's double effect)
 * share one subscription, and the last `stop` ends it.
 */
import type { SliceCreator } from './slice.js';

/**
 * What can be followed: the address, the engine's status, the image index, the disk usage
 * figures, the tasks, and the listings of the artifact cache, history, registry cache, builds and
 * build cache pages.
 */
export type SyncId =
  | 'url'
  | 'engine'
  | 'index'
  | 'diskUsage'
  | 'tasks'
  | 'artifacts'
  | 'history'
  | 'registryCache'
  | 'builds'
  | 'buildCache';

/** What the shell follows for as long as it runs; each page starts its own. */
export const APP_SYNCS: readonly SyncId[] = ['url', 'engine', 'index', 'diskUsage', 'tasks'];

/** A follower at work. */
export interface Following {
  /** Settles once the first load has landed (or failed: the slice keeps the error). */
  loaded: Promise<void>;
  stop(): void;
}

/** Starts following: subscribes, then loads. */
export type Follow = () => Following;

export class Syncs {
  private readonly follows = new Map<SyncId, Follow>();
  private readonly running = new Map<SyncId, { following: Following; users: number }>();

  /** Registers what `start(id)` runs (once per id). */
  follow(id: SyncId, start: Follow): void {
    if (this.follows.has(id)) throw new Error(`Two followers for ${id}.`);
    this.follows.set(id, start);
  }

  start(id: SyncId): Promise<void> {
    const run = this.running.get(id);
    if (run) {
      run.users++;
      return run.following.loaded;
    }
    const follow = this.follows.get(id);
    if (!follow) return Promise.resolve();
    const following = follow();
    this.running.set(id, { following, users: 1 });
    return following.loaded;
  }

  stop(id: SyncId): void {
    const run = this.running.get(id);
    if (!run) return;
    if (--run.users > 0) return;
    this.running.delete(id);
    run.following.stop();
  }
}

export interface SyncSlice {
  /**
   * Starts following `id` (or counts one more user of it). Resolves once its first load has
   * landed.
   */
  start(id: SyncId): Promise<void>;
  /** One user fewer; the last one stops following. A stop of what is not started does nothing. */
  stop(id: SyncId): void;
}

export const createSyncSlice: SliceCreator<SyncSlice> =
  ({ syncs }) =>
  () => ({
    start: (id) => syncs.start(id),
    stop: (id) => syncs.stop(id),
  });
