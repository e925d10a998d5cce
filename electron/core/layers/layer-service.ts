/**
 * The layer explorer: opens an image as its layer indexes, reading the engine's `docker save`
 * stream (`read-image.ts`) only when the store lacks a layer, and answers the views (layers,
 * files, waste, diff) from them. What it keeps: the layers in the store (bounded by last use) and
 * the most recently used decoded layers in memory.
 *
 * An image whose layers are all stored opens without the stream. What a read brought is stored in
 * one transaction once the whole stream has been read and checked against the image config, so a
 * read that fails or is cancelled stores nothing.
 */
import { HangarError } from '../../../shared/errors.js';
import type {
  ImageDiff,
  ImageLayersView,
  ImageTree,
  LayerChanges,
  LayerIndex,
  LayerStoreInfo,
  WasteReport,
} from '../../../shared/layers.js';
import type { TaskProgress } from '../../../shared/tasks.js';
import type { DockerClient } from '../engine/docker-client.js';
import { toHangarError } from '../errors.js';
import { encodeLayer, type LayerImageRow } from '../store/layers-repo.js';
import type { StoreProvider } from '../store/store.js';
import type { TaskManager } from '../tasks/task-manager.js';
import { diffImages, mergedTree, stackLayers, waste } from './analysis.js';
import { readImage } from './read-image.js';

export interface LayerServiceDeps {
  /** A client without an idle timeout: a large save streams for a while. */
  client: () => DockerClient;
  store: StoreProvider;
  tasks: TaskManager;
  now?: () => number;
}

export interface OpenedImage {
  image: string;
  id: string;
  layers: LayerIndex[];
  steps: (string | null)[];
  readFromDaemon: boolean;
}

export interface OpenOptions {
  signal?: AbortSignal;
  progress?: (update: Partial<TaskProgress>) => void;
}

/** The worst files a waste report lists by default. */
export const DEFAULT_WORST = 20;

/** Entries of decoded layers kept in memory between requests (about 40 MB). */
const DECODED_ENTRIES = 200_000;

export class LayerService {
  /** How many `docker save` streams this service has read. */
  daemonReads = 0;
  /** How many layers it has indexed from those streams. */
  layersIndexed = 0;
  private readonly now: () => number;
  private readonly inFlight = new Map<string, Promise<OpenedImage>>();
  /** Decoded layers, most recently used last, up to `DECODED_ENTRIES` entries in all. */
  private readonly decoded = new Map<string, LayerIndex>();
  private decodedEntries = 0;

  constructor(private readonly deps: LayerServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Starts reading `image` as a task (progress, cancel); its result is the layer list. */
  read(image: string) {
    return this.deps.tasks.run('layers', `Read layers of ${image}`, image, async (ctx) => {
      const opened = await this.open(image, { signal: ctx.signal, progress: ctx.progress });
      return this.summarize(opened);
    });
  }

  private async inspect(client: DockerClient, image: string) {
    try {
      return await client.getImage(image).inspect();
    } catch (err) {
      throw toHangarError(err);
    }
  }

  /**
   * The layer list from the image's stored summary when the store still holds all its layers
   * (nothing decoded, nothing read), else null.
   */
  async stored(image: string): Promise<ImageLayersView | null> {
    const inspect = await this.inspect(this.deps.client(), image);
    const repo = this.deps.store.get().layers;
    const row = repo.image(inspect.Id);
    if (!row?.summary || repo.storedOf(row.diffIds).size !== new Set(row.diffIds).size) {
      return null;
    }
    repo.touch(row.diffIds, this.now());
    return { image, id: inspect.Id, layers: row.summary, readFromDaemon: false };
  }

  /** The layer list: `stored()`, else worked out from the layers and kept with the image. */
  async layers(image: string): Promise<ImageLayersView> {
    return (await this.stored(image)) ?? this.summarize(await this.open(image));
  }

  /** The layer list of an opened image, kept with the image in the store. */
  private summarize(opened: OpenedImage): ImageLayersView {
    const view = this.layersView(opened);
    const repo = this.deps.store.get().layers;
    const row = repo.image(opened.id);
    if (row) repo.putImage({ ...row, summary: view.layers }, this.now());
    return view;
  }

  /** The image's layers: from the store when it holds all of them, else from the engine. */
  async open(image: string, options: OpenOptions = {}): Promise<OpenedImage> {
    const client = this.deps.client();
    const inspect = await this.inspect(client, image);
    const id = inspect.Id;
    const running = this.inFlight.get(id);
    if (running) return { ...(await running), image };
    const work = this.openById(client, image, id, inspect.RootFS?.Layers, options);
    this.inFlight.set(id, work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(id);
    }
  }

  private async openById(
    client: DockerClient,
    image: string,
    id: string,
    inspectedLayers: string[] | null | undefined,
    options: OpenOptions,
  ): Promise<OpenedImage> {
    const repo = this.deps.store.get().layers;
    const known = repo.image(id);
    const diffIds = known?.diffIds ?? inspectedLayers ?? null;
    if (diffIds) {
      const stored = this.storedLayers(diffIds);
      if (diffIds.every((d) => stored.has(d))) {
        return {
          image,
          id,
          layers: diffIds.map((d) => stored.get(d) as LayerIndex),
          steps: known?.steps ?? diffIds.map(() => null),
          readFromDaemon: false,
        };
      }
    }
    return this.readFromEngine(client, image, id, diffIds ?? [], options);
  }

  private async readFromEngine(
    client: DockerClient,
    image: string,
    id: string,
    expected: readonly string[],
    options: OpenOptions,
  ): Promise<OpenedImage> {
    const repo = this.deps.store.get().layers;
    const known = repo.storedOf(expected);
    // Encoded as each layer is read, while the engine is still sending the next.
    const encoded = new Map<LayerIndex, Uint8Array>();
    this.daemonReads++;
    const got = await readImage(client, image, id, {
      expected,
      known,
      legacyDiffId: (v1Id) => repo.legacyDiffId(v1Id),
      signal: options.signal,
      progress: options.progress,
      onLayer: (layer) => {
        if (!known.has(layer.diffId)) encoded.set(layer, encodeLayer(layer));
      },
    });
    const fresh = [...got.read.values()].filter((l) => !known.has(l.diffId));
    const at = this.now();
    const row: LayerImageRow = { id, diffIds: got.diffIds, steps: got.steps, summary: null };
    repo.putRead({ layers: fresh, encoded, legacyNames: got.legacyNames, image: row }, at);
    this.layersIndexed += fresh.length;
    const stored = this.storedLayers(got.diffIds.filter((d) => !got.read.has(d)));
    for (const layer of fresh) this.remember(layer);
    repo.evict(new Set(got.diffIds));
    const layers = got.diffIds.map((d) => {
      const layer = got.read.get(d) ?? stored.get(d);
      if (!layer) {
        throw new HangarError('INTERNAL', `Layer ${d} of ${image} left the store during the read.`);
      }
      return layer;
    });
    options.progress?.({ percent: 100, message: `Indexed ${fresh.length} layers of ${image}` });
    return { image, id, layers, steps: row.steps, readFromDaemon: true };
  }

  /** The stored layers among `diffIds` (decoded ones from memory), marked used. */
  private storedLayers(diffIds: readonly string[]): Map<string, LayerIndex> {
    const repo = this.deps.store.get().layers;
    const out = new Map<string, LayerIndex>();
    const missing: string[] = [];
    for (const d of diffIds) {
      const layer = this.decoded.get(d);
      if (layer) out.set(d, layer);
      else missing.push(d);
    }
    const cached = [...out.keys()];
    const present = repo.storedOf(cached);
    for (const d of cached) if (!present.has(d)) out.delete(d);
    if (cached.length > 0) repo.touch(cached, this.now());
    for (const [d, layer] of repo.layers(missing, this.now())) out.set(d, layer);
    for (const layer of out.values()) this.remember(layer);
    return out;
  }

  private remember(layer: LayerIndex): void {
    const had = this.decoded.get(layer.diffId);
    if (had) {
      this.decoded.delete(layer.diffId);
      this.decodedEntries -= had.entries.length;
    }
    this.decoded.set(layer.diffId, layer);
    this.decodedEntries += layer.entries.length;
    for (const [d, l] of this.decoded) {
      if (this.decodedEntries <= DECODED_ENTRIES || d === layer.diffId) break;
      this.decoded.delete(d);
      this.decodedEntries -= l.entries.length;
    }
  }

  layersView(opened: OpenedImage): ImageLayersView {
    const stack = stackLayers(opened.layers, 'changes');
    return {
      image: opened.image,
      id: opened.id,
      readFromDaemon: opened.readFromDaemon,
      layers: opened.layers.map((l, i) => {
        const changes = stack.changes[i] ?? [];
        return {
          index: i,
          diffId: l.diffId,
          step: opened.steps[i] ?? null,
          size: l.entries.reduce((sum, e) => sum + e.size, 0),
          tarSize: l.tarSize,
          added: changes.filter((c) => c.change === 'added').length,
          changed: changes.filter((c) => c.change === 'changed').length,
          removed: changes.filter((c) => c.change === 'removed').length,
        };
      }),
    };
  }

  /** The merged tree: every path, its size, and the layer that last wrote it. */
  async tree(image: string): Promise<ImageTree> {
    const opened = await this.open(image);
    return { image, id: opened.id, files: mergedTree(stackLayers(opened.layers, 'tree')) };
  }

  /** What layer `layer` (0 = oldest) adds, changes and removes. */
  async changes(image: string, layer: number): Promise<LayerChanges> {
    const opened = await this.open(image);
    const changes = stackLayers(opened.layers, 'changes').changes[layer];
    if (!changes) {
      throw new HangarError(
        'VALIDATION',
        `${image} has ${opened.layers.length} layers (0 to ${opened.layers.length - 1}); there is no layer ${layer}.`,
      );
    }
    return { image, id: opened.id, layer, changes };
  }

  async waste(image: string, worst = DEFAULT_WORST): Promise<WasteReport> {
    const opened = await this.open(image);
    const w = waste(stackLayers(opened.layers));
    return {
      image,
      efficiency: w.efficiency,
      wastedBytes: w.wastedBytes,
      diveWastedBytes: w.diveWastedBytes,
      worst: w.files.slice(0, worst),
    };
  }

  async diff(a: string, b: string): Promise<ImageDiff> {
    const left = await this.open(a);
    const right = await this.open(b);
    return diffImages(
      { image: a, id: left.id, layers: left.layers },
      { image: b, id: right.id, layers: right.layers },
    );
  }

  storeInfo(): LayerStoreInfo {
    return this.deps.store.get().layers.info();
  }

  /** Sets the bound of the layer store and evicts down to it at once. */
  setMaxBytes(maxBytes: number): LayerStoreInfo {
    const repo = this.deps.store.get().layers;
    repo.setMaxBytes(maxBytes);
    repo.evict(new Set());
    return repo.info();
  }
}
