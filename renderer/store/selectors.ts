/**
 * Derived data, memoized on the `images` map's identity: a new array only when the index
 * changed, so components that select it re-render only then (and zustand's snapshots stay stable).
 */
import type { ImageRecord } from '../../shared/model.js';
import { compareImages, deriveRows, type ImageRow } from '../model/images/rows.js';
import { memoizeOne, type ImageMap } from './index-model.js';
import type { AppStore } from './index.js';

const sortedImages = memoizeOne((images: ImageMap): ImageRecord[] =>
  [...images.values()].sort(compareImages),
);
const everyRow = memoizeOne((images: ImageMap): ImageRow[] => deriveRows(sortedImages(images)));
const imageRows = memoizeOne((rows: ImageRow[]): ImageRow[] => rows.filter((r) => !r.intermediate));
const danglingRows = memoizeOne((rows: ImageRow[]): ImageRow[] => rows.filter((r) => r.dangling));

/** Every image, newest first (intermediate layers included). */
export const selectImageList = (s: AppStore): ImageRecord[] => sortedImages(s.images);

/** One row per image, newest first, intermediate layers included. */
export const selectAllRows = (s: AppStore): ImageRow[] => everyRow(s.images);

/** One row per image for the Images view: intermediate layers left out. */
export const selectImageRows = (s: AppStore): ImageRow[] => imageRows(everyRow(s.images));

/** Rows of dangling images. */
export const selectDanglingRows = (s: AppStore): ImageRow[] =>
  danglingRows(imageRows(everyRow(s.images)));
