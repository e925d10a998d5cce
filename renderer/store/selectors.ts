/**
 * Derived data, memoized on the `images` map's identity: a new array only when the index
 * changed, so components that select it re-render only then (and zustand's snapshots stay stable).
 */
import type { ImageRecord } from '../../shared/model.js';
import { compareImages, deriveRows, type ImageRow } from '../features/images/rows.js';
import { memoizeOne, type ImageMap } from './index-model.js';
import type { AppStore } from './index.js';

const sortedImages = memoizeOne((images: ImageMap): ImageRecord[] =>
  [...images.values()].sort(compareImages),
);
const allRows = memoizeOne((images: ImageMap): ImageRow[] => deriveRows(sortedImages(images)));
const danglingRows = memoizeOne((images: ImageMap): ImageRow[] =>
  allRows(images).filter((row) => row.dangling),
);

/** Every image, newest first (intermediate layers included). */
export const selectImageList = (s: AppStore): ImageRecord[] => sortedImages(s.images);

/** Table rows for the Images view: one per tag, intermediate layers hidden. */
export const selectImageRows = (s: AppStore): ImageRow[] => allRows(s.images);

/** Table rows for the Dangling view. */
export const selectDanglingRows = (s: AppStore): ImageRow[] => danglingRows(s.images);
