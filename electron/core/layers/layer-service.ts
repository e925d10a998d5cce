/**
 * The layer explorer: opens an image as its layer indexes, reading the engine's `docker save`
 * stream (`GET /images/{id}/get`) only for layers the store does not hold, and answers the views
 * (layers, files, waste, diff) from them.
 *
 * An image whose layers are all stored opens without the stream. Each new layer is stored in its
 * own transaction once the whole stream has been read and checked against the image config, so a
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
import { legacyLayerName, readSave, type SaveContents } from './read-save.js';

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

interface ImageConfig {
  rootfs?: { diff_ids?: unknown };
  history?: { created_by?: unknown; empty_layer?: unknown }[];
}

interface ManifestEntry {
  Config?: unknown;
  Layers?: unknown;
}

/** The worst files a waste report lists by default. */
export const DEFAULT_WORST = 20;

/** Entries of decoded layers kept in memory between requests (about 40 MB). */
const DECODED_ENTRIES = 200_000;

const idHex = (id: string) => id.replace(/^sha256:/, '');

/** The history steps that made layers, oldest first, or nulls when they do not line up. */
export function layerSteps(config: ImageConfig, layerCount: number): (string | null)[] {
  const steps = (config.history ?? [])
    .filter((h) => h.empty_layer !== true)
    .map((h) => (typeof h.created_by === 'string' ? h.created_by : null));
  return steps.length === layerCount ? steps : Array.from({ length: layerCount }, () => null);
}

/** Picks the image's config and its layers (in order) out of a read save. */
export function layersOfSave(
  contents: SaveContents,
  id: string,
  what: string,
): { diffIds: string[]; entries: string[]; config: ImageConfig } {
  const manifest = contents.json.get('manifest.json');
  const entries: ManifestEntry[] = Array.isArray(manifest) ? (manifest as ManifestEntry[]) : [];
  const hex = idHex(id);
  const entry =
    entries.find((e) => typeof e.Config === 'string' && e.Config.includes(hex)) ?? entries[0];
  const configName = typeof entry?.Config === 'string' ? entry.Config : null;
  const config = configName
    ? (contents.json.get(configName) as ImageConfig | undefined)
    : undefined;
  if (!entry || !config) {
    throw new HangarError(
      'INTERNAL',
      `The saved image ${what} has no manifest.json naming its config: the stream from the engine ended early or is not a docker save archive. Nothing was stored.`,
    );
  }
  const diffIds = Array.isArray(config.rootfs?.diff_ids)
    ? config.rootfs.diff_ids.filter((d): d is string => typeof d === 'string')
    : [];
  const layerEntries = Array.isArray(entry.Layers)
    ? entry.Layers.filter((l): l is string => typeof l === 'string')
    : [];
  if (layerEntries.length !== diffIds.length) {
    throw new HangarError(
      'INTERNAL',
      `The saved image ${what} lists ${layerEntries.length} layers in manifest.json but its config names ${diffIds.length}. Nothing was stored.`,
    );
  }
  return { diffIds, entries: layerEntries, config };
}

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
   * The layer list: from the image's stored summary when the store still holds all its layers
   * (nothing decoded), else worked out from the layers and kept with the image.
   */
  async layers(image: string): Promise<ImageLayersView> {
    const client = this.deps.client();
    const inspect = await this.inspect(client, image);
    const repo = this.deps.store.get().layers;
    const row = repo.image(inspect.Id);
    if (row?.summary && repo.storedOf(row.diffIds).size === new Set(row.diffIds).size) {
      repo.touch(row.diffIds, this.now());
      return { image, id: inspect.Id, layers: row.summary, readFromDaemon: false };
    }
    return this.summarize(await this.open(image));
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
    const work = this.openById(client, image, id, inspect.Size, inspect.RootFS?.Layers, options);
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
    size: number,
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
    return this.readFromEngine(client, image, id, size, diffIds ?? [], options);
  }

  private async readFromEngine(
    client: DockerClient,
    image: string,
    id: string,
    size: number,
    expected: readonly string[],
    options: OpenOptions,
  ): Promise<OpenedImage> {
    const { signal, progress } = options;
    const repo = this.deps.store.get().layers;
    const known = repo.storedOf(expected);
    signal?.throwIfAborted();
    progress?.({ message: `Reading ${image} from the engine…`, percent: 0 });
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
      client.modem.dial(
        {
          path: `/images/${encodeURIComponent(id)}/get`,
          method: 'GET',
          isStream: true,
          abortSignal: signal,
          statusCodes: { 200: true, 404: 'no such image', 500: 'server error' },
        },
        (err, answer) =>
          err ? reject(toHangarError(err)) : resolve(answer as NodeJS.ReadableStream),
      );
    });
    this.daemonReads++;
    let indexed = 0;
    // Encoded as each layer is read, while the engine is still sending the next.
    const encoded = new Map<LayerIndex, Uint8Array>();
    const contents = await readSave(stream, image, {
      known,
      legacyDiffId: (v1Id) => repo.legacyDiffId(v1Id),
      signal,
      onBytes: (bytes) =>
        progress?.({
          percent: size > 0 ? Math.min(99, Math.floor((bytes / size) * 100)) : null,
          message: `Read ${Math.round(bytes / 1e6)} of ${Math.round(size / 1e6)} MB; ${indexed} layers indexed`,
        }),
      onLayer: (layer) => {
        indexed++;
        if (!known.has(layer.diffId)) encoded.set(layer, encodeLayer(layer));
      },
    });
    const { diffIds, entries, config } = layersOfSave(contents, id, image);
    if (expected.length > 0 && expected.join() !== diffIds.join()) {
      throw new HangarError(
        'INTERNAL',
        `The saved image ${image} has other layers than the engine reported for it (it changed during the read?). Nothing was stored.`,
      );
    }
    const fresh: LayerIndex[] = [];
    const byDiffId = new Map<string, LayerIndex>();
    const legacyNames = new Map<string, string>();
    for (const [i, name] of entries.entries()) {
      const want = diffIds[i] as string;
      const layer = contents.layersByEntry.get(name);
      if (!layer) {
        if (contents.skipped.get(name) === want || known.has(want)) continue;
        throw new HangarError(
          'INTERNAL',
          `The saved image ${image} lacks layer ${i + 1} (${name}): the stream ended early. Nothing was stored.`,
        );
      }
      if (layer.diffId !== want) {
        throw new HangarError(
          'INTERNAL',
          `Layer ${i + 1} of the saved image ${image} does not match its config (read ${layer.diffId}, the config says ${want}). Nothing was stored.`,
        );
      }
      const v1Id = legacyLayerName(name);
      if (v1Id !== null) legacyNames.set(v1Id, want);
      if (!byDiffId.has(want)) {
        byDiffId.set(want, layer);
        if (!known.has(want)) fresh.push(layer);
      }
    }
    signal?.throwIfAborted();
    const at = this.now();
    for (const layer of fresh) repo.putLayer(layer, at, encoded.get(layer));
    repo.putLegacyNames(legacyNames);
    this.layersIndexed += fresh.length;
    const row: LayerImageRow = {
      id,
      diffIds,
      steps: layerSteps(config, diffIds.length),
      summary: null,
    };
    repo.putImage(row, at);
    const stored = this.storedLayers(diffIds.filter((d) => !byDiffId.has(d)));
    for (const layer of fresh) this.remember(layer);
    repo.evict(new Set(diffIds));
    const layers = diffIds.map((d) => {
      const layer = byDiffId.get(d) ?? stored.get(d);
      if (!layer) {
        throw new HangarError('INTERNAL', `Layer ${d} of ${image} left the store during the read.`);
      }
      return layer;
    });
    progress?.({ percent: 100, message: `Indexed ${fresh.length} layers of ${image}` });
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
