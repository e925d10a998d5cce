/**
 * One image read from the engine: its `docker save` stream opened with `openSave` (the one way an
 * archive leaves the engine), read front to back by `readSave`, and checked against the image
 * config and `manifest.json`: every layer the config names is there, in order, with the diff id the
 * config says. Nothing here writes anywhere; the caller stores what was read once this resolves.
 */
import { HangarError } from '../../../shared/errors.js';
import type { LayerIndex } from '../../../shared/layers.js';
import type { TaskProgress } from '../../../shared/tasks.js';
import type { DockerClient } from '../engine/docker-client.js';
import { openSave } from '../images/image-transfer.js';
import { legacyLayerName, readSave, type SaveContents } from './read-save.js';

interface ImageConfig {
  rootfs?: { diff_ids?: unknown };
  history?: { created_by?: unknown; empty_layer?: unknown }[];
}

interface ManifestEntry {
  Config?: unknown;
  Layers?: unknown;
}

export interface ReadImageOptions {
  /** The diff ids the engine reported for the image (empty: not known); the save must match. */
  expected: readonly string[];
  /** Diff ids already stored: their blobs are skipped unread. */
  known: ReadonlySet<string>;
  /** The diff id of a legacy layer name (a v1 id) read before, if any. */
  legacyDiffId(v1Id: string): string | null;
  signal?: AbortSignal;
  progress?: (update: Partial<TaskProgress>) => void;
  /** Called as each layer has been indexed, while the engine sends the next. */
  onLayer?: (layer: LayerIndex) => void;
}

export interface ReadImage {
  diffIds: string[];
  /** The history step of each layer, oldest first (nulls when the history does not line up). */
  steps: (string | null)[];
  /** The layers the stream held, by diff id (those `known` named were skipped: not here). */
  read: Map<string, LayerIndex>;
  /** Docker's legacy layout: the v1 id each layer was named by, with its diff id. */
  legacyNames: Map<string, string>;
}

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

/** Reads image `id` (`image` in words) through `client`, a client without an idle timeout. */
export async function readImage(
  client: DockerClient,
  image: string,
  id: string,
  options: ReadImageOptions,
): Promise<ReadImage> {
  const { signal, progress, known, expected } = options;
  signal?.throwIfAborted();
  progress?.({ message: `Reading ${image} from the engine…`, percent: 0 });
  const save = await openSave({ client: () => client, streamClient: () => client }, [id], signal);
  const size = save.approxBytes;
  let indexed = 0;
  const contents = await readSave(save.stream, image, {
    known,
    legacyDiffId: options.legacyDiffId,
    signal,
    onBytes: (bytes) =>
      progress?.({
        percent: size > 0 ? Math.min(99, Math.floor((bytes / size) * 100)) : null,
        message: `Read ${Math.round(bytes / 1e6)} of ${Math.round(size / 1e6)} MB; ${indexed} layers indexed`,
      }),
    onLayer: (layer) => {
      indexed++;
      options.onLayer?.(layer);
    },
  });
  const { diffIds, entries, config } = layersOfSave(contents, id, image);
  if (expected.length > 0 && expected.join() !== diffIds.join()) {
    throw new HangarError(
      'INTERNAL',
      `The saved image ${image} has other layers than the engine reported for it (it changed during the read?). Nothing was stored.`,
    );
  }
  const read = new Map<string, LayerIndex>();
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
    if (!read.has(want)) read.set(want, layer);
  }
  signal?.throwIfAborted();
  return { diffIds, steps: layerSteps(config, diffIds.length), read, legacyNames };
}
