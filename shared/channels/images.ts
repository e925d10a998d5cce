/** Channels of the image index and image details. */
import { z } from 'zod';
import type { ImageInspect, IndexDelta, IndexSnapshot, IndexStatus } from '../model.js';
import { imageIdOrRef } from './common.js';
import type { SchemasFor } from './define.js';

export interface ImagesChannels {
  /** The whole image index with its version; deltas after that version follow as `index:delta`. */
  'images:snapshot': { args: []; result: IndexSnapshot };
  /** The daemon's full inspect of one image. */
  'images:inspect': { args: [idOrRef: string]; result: ImageInspect };
}

export const imagesSchemas = {
  'images:snapshot': z.tuple([]),
  'images:inspect': z.tuple([imageIdOrRef]),
} satisfies SchemasFor<ImagesChannels>;

export interface ImagesEvents {
  'index:delta': IndexDelta;
  'index:status': IndexStatus;
}
