/**
 * `images:layers`: an image's history (`GET /images/{id}/history`) as the steps of its Dockerfile,
 * oldest first, with the steps that made no filesystem layer marked empty.
 *
 * The history endpoint does not say which steps are empty (the image config's `empty_layer` is not
 * exposed by the API), so we count: a step with a size made a layer, and a step that only sets
 * metadata (ENV, CMD, LABEL…) made none. The zero-size steps left (RUN, COPY, ADD, WORKDIR) made a
 * layer or not; when exactly as many of them are needed to reach `RootFS.Layers`, they all did (or,
 * when none is needed, none did), and the answer is exact. Otherwise they are counted as layers
 * and the answer says it guessed.
 */
import type { ImageLayer, ImageLayers } from '../../../shared/channels/images.js';
import type { DockerClient, HistoryEntry } from '../engine/docker-client.js';

const METADATA_INSTRUCTIONS = new Set([
  'ARG',
  'CMD',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
]);

/** Instructions that may write files (WORKDIR creates its directory). */
const FILE_INSTRUCTIONS = new Set(['ADD', 'COPY', 'RUN', 'WORKDIR']);

/**
 * The Dockerfile keyword of a history step: `/bin/sh -c #(nop)  ENV A=1` (classic builder) and
 * `ENV A=1` (BuildKit) both give `ENV`; a plain command (`/bin/sh -c make`) gives `RUN`.
 */
export function instructionOf(createdBy: string): string {
  const nop = /#\(nop\)\s*([A-Za-z]+)/.exec(createdBy);
  if (nop?.[1]) return nop[1].toUpperCase();
  const word = /^\s*([A-Z]+)\s/.exec(createdBy)?.[1];
  const known =
    word !== undefined && (METADATA_INSTRUCTIONS.has(word) || FILE_INSTRUCTIONS.has(word));
  return known ? word : 'RUN';
}

export function isMetadataInstruction(createdBy: string): boolean {
  return METADATA_INSTRUCTIONS.has(instructionOf(createdBy));
}

/** Maps the daemon's history (newest first) and layer count to our steps (oldest first). */
export function toImageLayers(
  imageId: string,
  history: readonly HistoryEntry[],
  layerCount: number,
): ImageLayers {
  const steps = [...history].reverse();
  const sized = steps.filter((s) => (s.Size ?? 0) > 0).length;
  const zeroWriters = steps.filter(
    (s) => (s.Size ?? 0) <= 0 && !isMetadataInstruction(s.CreatedBy ?? ''),
  ).length;
  const needed = Math.max(0, layerCount - sized);
  // Exact when the zero-size writers are all layers, or none is.
  const emptyExact = needed === 0 || needed === zeroWriters;
  const writersAreEmpty = needed === 0;
  const layers: ImageLayer[] = steps.map((s) => {
    const size = Math.max(0, s.Size ?? 0);
    const createdBy = s.CreatedBy ?? '';
    const id = s.Id && s.Id !== '<missing>' ? s.Id : null;
    const metadata = isMetadataInstruction(createdBy);
    return {
      id,
      created: s.Created ?? 0,
      createdBy,
      instruction: instructionOf(createdBy),
      size,
      empty: size === 0 && (metadata || writersAreEmpty),
      tags: (s.Tags ?? []).filter((t) => t !== '<none>:<none>'),
      comment: s.Comment ?? '',
    };
  });
  return { imageId, layers, layerCount, emptyExact };
}

/** Asks the daemon for one image's history and layer list (two calls, in parallel). */
export async function imageLayers(docker: DockerClient, idOrRef: string): Promise<ImageLayers> {
  const image = docker.getImage(idOrRef);
  const [inspect, history] = await Promise.all([image.inspect(), image.history()]);
  return toImageLayers(inspect.Id ?? idOrRef, history, inspect.RootFS?.Layers?.length ?? 0);
}
