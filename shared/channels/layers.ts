/**
 * Channels of the layer explorer: read an image's layers (a task with progress, cancellable), its
 * layer list, merged tree, one layer's changes, its waste, the diff of two images, and the layer
 * store's size and bound.
 */
import { z } from 'zod';
import type {
  ImageDiff,
  ImageLayersView,
  ImageTree,
  LayerChanges,
  LayerStoreInfo,
  WasteReport,
} from '../layers.js';
import type { TaskInfo } from '../tasks.js';
import { imageIdOrRef } from './common.js';
import type { SchemasFor } from './define.js';

export interface WasteOptions {
  /** How many of the worst files to list (default 20). */
  worst?: number;
}

export interface LayersChannels {
  /** Starts reading the image's layers as a task; its result is the layer list. */
  'layers:read': { args: [image: string]; result: TaskInfo };
  /** The layer list when the store holds every layer of the image (no read), else null. */
  'layers:stored': { args: [image: string]; result: ImageLayersView | null };
  /** The layer list (reads the engine only for layers the store lacks). */
  'layers:image': { args: [image: string]; result: ImageLayersView };
  'layers:tree': { args: [image: string]; result: ImageTree };
  'layers:changes': { args: [image: string, layer: number]; result: LayerChanges };
  'layers:waste': { args: [image: string, options: WasteOptions]; result: WasteReport };
  'layers:diff': { args: [a: string, b: string]; result: ImageDiff };
  'layers:storeInfo': { args: []; result: LayerStoreInfo };
  /** Sets the layer store's bound in bytes; the least recently used layers beyond it go at once. */
  'layers:setMaxBytes': { args: [maxBytes: number]; result: LayerStoreInfo };
}

const layerNumber = z
  .number({ error: 'A layer is a number (0 is the oldest layer).' })
  .int('A layer is a whole number.')
  .min(0, 'A layer is 0 (the oldest) or more.')
  .max(10_000, 'An image has at most a few hundred layers.');

export const layersSchemas = {
  'layers:read': z.tuple([imageIdOrRef]),
  'layers:stored': z.tuple([imageIdOrRef]),
  'layers:image': z.tuple([imageIdOrRef]),
  'layers:tree': z.tuple([imageIdOrRef]),
  'layers:changes': z.tuple([imageIdOrRef, layerNumber]),
  'layers:waste': z.tuple([
    imageIdOrRef,
    z.strictObject(
      {
        worst: z
          .number({ error: 'worst is a number of files.' })
          .int('worst is a whole number.')
          .min(0, 'worst is 0 or more.')
          .max(10_000, 'List at most 10000 files.')
          .optional(),
      },
      { error: 'Waste options are { worst }.' },
    ),
  ]),
  'layers:diff': z.tuple([imageIdOrRef, imageIdOrRef]),
  'layers:storeInfo': z.tuple([]),
  'layers:setMaxBytes': z.tuple([
    z
      .number({ error: 'The layer store size is a number of bytes.' })
      .int('The layer store size is a whole number of bytes.')
      .min(0, 'The layer store size is 0 bytes or more.')
      .max(Number.MAX_SAFE_INTEGER, 'The layer store size is too large.'),
  ]),
} satisfies SchemasFor<LayersChannels>;
