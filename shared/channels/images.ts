/** Channels of the image index and image details. */
import { z } from 'zod';
import type { ImageInspect, IndexDelta, IndexSnapshot, IndexStatus } from '../model.js';
import { imageIdOrRef } from './common.js';
import type { SchemasFor } from './define.js';

/** One step of an image's history (`GET /images/{id}/history`), oldest first. */
export interface ImageLayer {
  /** `sha256:` id of the image this step made, or null when that image is not local (`<missing>`). */
  id: string | null;
  /** Unix seconds. */
  created: number;
  /** The instruction that made the step, as the daemon records it. */
  createdBy: string;
  /** Its Dockerfile keyword: `RUN`, `COPY`, `ENV`… (`RUN` for a plain command). */
  instruction: string;
  /** Bytes the step added to the filesystem. */
  size: number;
  /** True for a step that changed only metadata (ENV, CMD, LABEL…) and has no filesystem layer. */
  empty: boolean;
  /** Tags of the image this step made, if it is one. */
  tags: string[];
  comment: string;
}

export interface ImageLayers {
  /** `sha256:` id of the image. */
  imageId: string;
  /** Oldest first: the order of the Dockerfile. */
  layers: ImageLayer[];
  /** Filesystem layers (`RootFS.Layers`). */
  layerCount: number;
  /**
   * False when counting could not tell which zero-size RUN/COPY/ADD/WORKDIR steps made a layer;
   * then they are all counted as layers.
   */
  emptyExact: boolean;
}

/**
 * Per-image shared and unique sizes from `GET /system/df`: a shared byte belongs to a layer that
 * another image also has. The daemon computes them slowly, so the core keeps the last answer and
 * refreshes it on request only when it is older than a while or the index changed since.
 */
export interface DiskUsageReport {
  /** Unix ms when the daemon was asked. */
  computedAt: number;
  /** How long `/system/df` took, ms. */
  durationMs: number;
  /** Index version when the daemon was asked. */
  indexVersion: number;
  /** Bytes of every image layer on disk, each layer counted once (`LayersSize`). */
  layersSize: number;
  /** `sharedSize` by image id; images the daemon did not list (intermediate layers) are absent. */
  sharedSize: Record<string, number>;
  /**
   * True when these figures may not match the images the index has now (it changed since they
   * were computed, and the next refresh is not due yet): new images have no figures until then.
   */
  estimated: boolean;
  /** Why the figures are estimated, in words; null when they are current. */
  estimateReason: string | null;
  /** When estimated: Unix ms from which asking again gets recomputed figures. */
  refreshableAt: number | null;
}

export interface DiskUsageOptions {
  /** Ask the daemon now, even if the cached figures are recent. */
  refresh?: boolean;
}

export interface ImagesChannels {
  /** The whole image index with its version; deltas after that version follow as `index:delta`. */
  'images:snapshot': { args: []; result: IndexSnapshot };
  /** The daemon's full inspect of one image. */
  'images:inspect': { args: [idOrRef: string]; result: ImageInspect };
  /** The history of one image: its layers, with the instruction and size of each. */
  'images:layers': { args: [idOrRef: string]; result: ImageLayers };
  /** Shared and unique sizes per image (cached in the core; see `DiskUsageReport`). */
  'images:diskUsage': { args: [options?: DiskUsageOptions]; result: DiskUsageReport };
}

const diskUsageOptions = z
  .object(
    { refresh: z.boolean({ error: 'refresh is true or false.' }).optional() },
    { error: 'Disk usage options are an object like { "refresh": true }.' },
  )
  .strict();

export const imagesSchemas = {
  'images:snapshot': z.tuple([]),
  'images:inspect': z.tuple([imageIdOrRef]),
  'images:layers': z.tuple([imageIdOrRef]),
  'images:diskUsage': z.tuple([diskUsageOptions.optional()]),
} satisfies SchemasFor<ImagesChannels>;

export interface ImagesEvents {
  'index:delta': IndexDelta;
  'index:status': IndexStatus;
}
