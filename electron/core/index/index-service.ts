/**
 * Keeps the `ImageIndex` true to the daemon: a cold load from one image listing and one container
 * listing in parallel, then targeted updates from `/events` (re-inspect the one image or container
 * an event touches, never a full re-list per event), and on any disconnect a reconnect with backoff
 * followed by a full reload, because the daemon replays only its last 256 events and forgets them
 * on restart.
 */
import { HangarError } from '../../../shared/errors.js';
import type {
  EngineKind,
  EngineStatus,
  IndexDelta,
  IndexSnapshot,
  IndexStatus,
} from '../../../shared/model.js';
import { engineLabel } from '../engine/describe-error.js';
import type { ContainerListEntry, ImageListEntry } from '../engine/docker-client.js';
import type { EngineSource } from '../engine/engine-source.js';
import { isConnectionError, toHangarError } from '../errors.js';
import { ImageIndex } from './image-index.js';
import { applyTouches, touchKey } from './apply-touches.js';
import { EventLineParser, touchesOf, type DockerEvent, type Touch } from './event-stream.js';
import {
  CONTAINER_LISTING,
  IMAGE_LISTING,
  containerFromList,
  fromListEntry,
  listingEntries,
} from './normalize.js';

export interface IndexServiceOptions {
  /** A burst of more touches than this is applied by one full reload instead. */
  burstReloadThreshold?: number;
  /** Parallel inspects while applying a batch of events. */
  concurrency?: number;
  /** Delay before re-opening a dropped event stream while the engine is still reachable. */
  reconnectDelayMs?: { initial: number; max: number };
  now?: () => number;
}

type Listener<T> = (value: T) => void;

export class IndexService {
  readonly index = new ImageIndex();
  private readonly opts: Required<IndexServiceOptions>;
  private readonly deltaListeners = new Set<Listener<IndexDelta>>();
  private readonly builderListeners = new Set<Listener<DockerEvent>>();
  private readonly statusListeners = new Set<Listener<IndexStatus>>();
  private readonly pending = new Map<string, Touch>();
  private generation = 0;
  private abort: AbortController | null = null;
  private live = false;
  private loading = false;
  private reloading = false;
  private draining: Promise<void> | null = null;
  private reloadRequested = false;
  private staleSince: number | null = null;
  private loadedAt: number | null = null;
  /** Why the last full load failed when the engine answered (not a lost connection); null after a good one. */
  private loadError: HangarError | null = null;
  /** Whose event dialect the open stream speaks (Podman's differs from Docker's). */
  private dialect: EngineKind = 'docker';
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay: number;
  private stopped = false;
  private unsubscribeEngine: (() => void) | null = null;
  private firstSettled!: () => void;
  private readonly firstSettledPromise = new Promise<void>((r) => (this.firstSettled = r));

  constructor(
    private readonly engine: EngineSource,
    options: IndexServiceOptions = {},
  ) {
    this.opts = {
      burstReloadThreshold: options.burstReloadThreshold ?? 200,
      concurrency: options.concurrency ?? 8,
      reconnectDelayMs: options.reconnectDelayMs ?? { initial: 250, max: 10_000 },
      now: options.now ?? Date.now,
    };
    this.reconnectDelay = this.opts.reconnectDelayMs.initial;
  }

  /** Starts following the engine: loads when it is reachable, goes stale when it is not. */
  start(): void {
    this.unsubscribeEngine = this.engine.onStatus((s) => this.onEngineStatus(s));
    this.onEngineStatus(this.engine.status());
  }

  /** Resolves once the first load finished, or the engine was found unreachable. */
  ready(): Promise<void> {
    return this.firstSettledPromise;
  }

  /**
   * The index as it stands. Throws the reason while no full load has succeeded and the last one
   * failed on the engine's answer (say, a listing that is not a list): an empty index would show
   * what is not there. Once a load has succeeded, a failed reload (Podman answers a listing made
   * while an image is being removed with a 500) leaves the last index, marked stale until the
   * reconnect's reload succeeds.
   */
  snapshot(): IndexSnapshot {
    if (this.loadError && this.loadedAt === null) throw this.loadError;
    return {
      version: this.index.version,
      images: this.index.all(),
      totals: this.index.totals(),
      staleSince: this.staleSince,
      loadedAt: this.loadedAt,
    };
  }

  status(): IndexStatus {
    return {
      version: this.index.version,
      staleSince: this.staleSince,
      loadedAt: this.loadedAt,
      loading: this.loading,
    };
  }

  onDelta(listener: Listener<IndexDelta>): () => void {
    this.deltaListeners.add(listener);
    return () => this.deltaListeners.delete(listener);
  }

  /**
   * Docker's `builder` events (a build cache prune by any tool) seen on the index's stream; they
   * change nothing in the index.
   */
  onBuilderEvent(listener: Listener<DockerEvent>): () => void {
    this.builderListeners.add(listener);
    return () => this.builderListeners.delete(listener);
  }

  onStatus(listener: Listener<IndexStatus>): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribeEngine?.();
    this.closeStream();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.firstSettled();
  }

  // ---- connection ----

  private onEngineStatus(status: EngineStatus): void {
    if (this.stopped) return;
    if (status.state === 'reachable') {
      if (!this.live && !this.loading) void this.connect();
    } else if (status.state === 'unreachable') {
      this.closeStream();
      this.markStale();
      this.firstSettled();
    }
  }

  /** Opens the event stream first, then lists, so nothing between the two is missed. */
  private async connect(): Promise<void> {
    if (this.stopped) return;
    const gen = ++this.generation;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.setLoading(true);
    const status = this.engine.status();
    this.dialect = status.state === 'reachable' ? status.kind : 'docker';
    try {
      // Podman's events know no `builder` type; Docker's carry build cache prunes.
      const types =
        this.dialect === 'podman' ? ['image', 'container'] : ['image', 'container', 'builder'];
      const stream = await this.engine.eventsClient().getEvents({
        filters: { type: types },
        abortSignal: abort.signal,
      });
      const parser = new EventLineParser();
      const dialect = this.dialect;
      stream.on('data', (chunk: Buffer) => {
        if (gen === this.generation) {
          const events = parser.push(chunk);
          for (const event of events) {
            if (event.Type === 'builder') for (const l of this.builderListeners) l(event);
          }
          this.enqueue(events.flatMap((event) => touchesOf(event, dialect)));
        }
      });
      const lost = (err?: unknown) => {
        if (gen === this.generation) this.onStreamLost(err);
      };
      stream.on('error', lost);
      stream.on('close', () => lost(new Error('event stream closed')));
      stream.on('end', () => lost(new Error('event stream ended')));
      this.live = true;
      await this.reload();
      if (gen !== this.generation) return;
      this.staleSince = null;
      this.reconnectDelay = this.opts.reconnectDelayMs.initial;
    } catch (err) {
      if (gen === this.generation) this.onStreamLost(err);
    } finally {
      if (gen === this.generation) this.setLoading(false);
      this.firstSettled();
    }
  }

  private closeStream(): void {
    this.generation++;
    this.live = false;
    this.abort?.abort();
    this.abort = null;
  }

  private onStreamLost(err: unknown): void {
    if (this.stopped) return;
    this.closeStream();
    this.pending.clear();
    this.markStale();
    this.setLoading(false);
    this.engine.reportFailure(err);
    // If the engine stays reachable (only the stream dropped), reopen it ourselves with backoff;
    // if it is down, the engine's own reconnect brings a `reachable` status that reconnects us.
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, this.opts.reconnectDelayMs.max);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.live && !this.loading && this.engine.status().state === 'reachable') {
        void this.connect();
      }
    }, delay);
  }

  private markStale(): void {
    if (this.staleSince === null) {
      this.staleSince = this.opts.now();
      this.emitStatus();
    }
  }

  private setLoading(loading: boolean): void {
    if (this.loading === loading) return;
    this.loading = loading;
    this.emitStatus();
  }

  // ---- full reload ----

  /**
   * Replaces the index with a fresh listing; the difference goes out as one delta. A listing that
   * is not what its endpoint promises fails the load with the reason (kept for `snapshot()`)
   * rather than reading as no images.
   */
  /**
   * Re-inspects these images now and resolves once the index holds what the engine answered (at
   * once when the index is not live): for an image Hangar has just made or changed, so that a read
   * right after sees it without waiting for the engine's event, which then finds nothing new.
   */
  async refreshImages(refs: readonly string[]): Promise<void> {
    if (!this.live || refs.length === 0) return;
    this.enqueue(refs.map((ref) => ({ kind: 'image', ref })));
    while (this.draining) await this.draining;
  }

  async reload(): Promise<void> {
    if (this.reloading) {
      this.reloadRequested = true;
      return;
    }
    this.reloading = true;
    try {
      do {
        this.reloadRequested = false;
        this.pending.clear();
        const { images, containers } = await this.listAll();
        this.index.replaceAll(images.map(fromListEntry), containers.map(containerFromList));
        this.loadError = null;
        this.loadedAt = this.opts.now();
        this.publish(this.index.commit());
      } while (this.reloadRequested);
    } finally {
      this.reloading = false;
    }
    this.emitStatus();
    this.scheduleDrain();
  }

  /**
   * Every image and container, checked to be what the endpoints promise. A failure other than a
   * lost connection (which the engine reports itself) is kept as the reason the index is not true.
   */
  private async listAll(): Promise<{
    images: ImageListEntry[];
    containers: ContainerListEntry[];
  }> {
    try {
      const docker = this.engine.client();
      // No `digests=true`: Podman 4.3 answers it with an empty body, and every engine puts
      // RepoDigests in the listing anyway.
      const [images, containers] = await Promise.all([
        docker.listImages({ all: true }),
        docker.listContainers({ all: true }),
      ]);
      const status = this.engine.status();
      const engine = engineLabel(status.state === 'reachable' ? status.kind : undefined);
      return {
        images: listingEntries<ImageListEntry>(images, IMAGE_LISTING, engine),
        containers: listingEntries<ContainerListEntry>(containers, CONTAINER_LISTING, engine),
      };
    } catch (err) {
      if (!isConnectionError(err)) this.loadError = toHangarError(err);
      throw err;
    }
  }

  // ---- targeted updates ----

  private enqueue(touches: Touch[]): void {
    for (const t of touches) this.pending.set(touchKey(t), t);
    if (touches.length > 0) this.scheduleDrain();
  }

  private scheduleDrain(): void {
    if (this.draining || this.reloading || this.pending.size === 0 || !this.live) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.pending.size > 0) this.scheduleDrain();
    });
  }

  private async drain(): Promise<void> {
    await new Promise((r) => setImmediate(r)); // let a burst of events arrive in one batch
    while (this.pending.size > 0 && !this.reloading && this.live) {
      if (this.pending.size > this.opts.burstReloadThreshold || this.pending.has('reload')) {
        this.pending.clear();
        // A reload that fails goes through the reconnect's backoff, never straight into another.
        await this.reload().catch((err: unknown) => this.onStreamLost(err));
        return;
      }
      const batch = [...this.pending.values()];
      this.pending.clear();
      await this.guard(async () => {
        const { reload } = await applyTouches(this.index, this.engine.client(), batch, {
          concurrency: this.opts.concurrency,
        });
        if (reload) this.pending.set('reload', { kind: 'reload' });
      });
      this.publish(this.index.commit());
    }
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      if (isConnectionError(err)) this.onStreamLost(err);
      else this.pending.set('reload', { kind: 'reload' });
    }
  }

  // ---- publishing ----

  private publish(delta: IndexDelta | null): void {
    if (!delta) return;
    for (const l of this.deltaListeners) l(delta);
  }

  private emitStatus(): void {
    const s = this.status();
    for (const l of this.statusListeners) l(s);
  }
}
