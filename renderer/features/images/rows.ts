/**
 * From index records to table rows: one row per `repository:tag` (an untagged image is one
 * `<none>` row), intermediate layers hidden. Rows are cached per record object, so a delta that
 * replaces one record rebuilds only that image's rows and every other row keeps its identity.
 */
import type { ImageRecord } from '../../../shared/model.js';
import { shortId } from '../../lib/format.js';

export const NONE = '<none>';

export interface ImageRow {
  /** Stable row id: image id + tag (`sha256:…|repo:tag`, or `sha256:…|<none>`). */
  id: string;
  imageId: string;
  /** 12 hex, `sha256:` stripped. */
  shortId: string;
  repository: string;
  tag: string;
  /** Bytes. */
  size: number;
  /** Unix seconds. */
  created: number;
  /** Containers (any state) created from the image. */
  containers: number;
  dangling: boolean;
  /** The record the row came from (shared by the rows of one image). */
  image: ImageRecord;
}

/** Splits `host:5000/repo:tag` at the tag's colon (the last one after the last slash). */
export function splitReference(ref: string): { repository: string; tag: string } {
  const at = ref.indexOf('@');
  if (at >= 0) return { repository: ref.slice(0, at), tag: NONE };
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) return { repository: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { repository: ref, tag: NONE };
}

function makeRow(image: ImageRecord, repository: string, tag: string, key: string): ImageRow {
  return {
    id: `${image.id}|${key}`,
    imageId: image.id,
    shortId: shortId(image.id),
    repository,
    tag,
    size: image.size,
    created: image.created,
    containers: image.containers.length,
    dangling: image.dangling,
    image,
  };
}

/** The rows of one image; none for an intermediate layer. */
export function rowsOfImage(image: ImageRecord): ImageRow[] {
  if (image.intermediate) return [];
  if (image.repoTags.length > 0) {
    return image.repoTags.map((ref) => {
      const { repository, tag } = splitReference(ref);
      return makeRow(image, repository, tag, ref);
    });
  }
  // Untagged: the CLI shows the repository of a leftover digest (`repo <none>`), else `<none>`.
  const fromDigest = image.repoDigests[0];
  const repository = fromDigest === undefined ? NONE : splitReference(fromDigest).repository;
  return [makeRow(image, repository, NONE, NONE)];
}

const rowCache = new WeakMap<ImageRecord, ImageRow[]>();

/** `rowsOfImage`, memoized on the record object. */
export function cachedRowsOfImage(image: ImageRecord): ImageRow[] {
  let rows = rowCache.get(image);
  if (!rows) {
    rows = rowsOfImage(image);
    rowCache.set(image, rows);
  }
  return rows;
}

/** All rows, in the order of the images given. */
export function deriveRows(images: readonly ImageRecord[]): ImageRow[] {
  const rows: ImageRow[] = [];
  for (const image of images) {
    for (const row of cachedRowsOfImage(image)) rows.push(row);
  }
  return rows;
}

/** Newest first, then by id: the order before the user sorts by a column. */
export function compareImages(a: ImageRecord, b: ImageRecord): number {
  return b.created - a.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export type RowComparator = (a: ImageRow, b: ImageRow) => number;

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Natural order (`v2` before `v10`), case-insensitive, `<none>` after every name. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  if (a === NONE) return 1;
  if (b === NONE) return -1;
  return collator.compare(a, b);
}

/** In use counts more than dangling: sorted descending, images in use come first. */
export function statusRank(row: ImageRow): number {
  return (row.containers > 0 ? 2 : 0) + (row.dangling ? 1 : 0);
}

/** How each sortable column orders rows, ascending. Keys are the column ids. */
export const ROW_COMPARATORS = {
  repository: (a, b) => compareNames(a.repository, b.repository),
  tag: (a, b) => compareNames(a.tag, b.tag),
  imageId: (a, b) => (a.shortId < b.shortId ? -1 : a.shortId > b.shortId ? 1 : 0),
  size: (a, b) => a.size - b.size,
  created: (a, b) => a.created - b.created,
  status: (a, b) => statusRank(a) - statusRank(b),
} satisfies Record<string, RowComparator>;

export type SortableColumnId = keyof typeof ROW_COMPARATORS;

export interface SortKey {
  id: string;
  desc: boolean;
}

/**
 * Rows sorted by the given keys in turn (unknown column ids are skipped); ties keep the input
 * order. Returns the input itself when there is nothing to sort by.
 */
export function sortRows(rows: ImageRow[], sorting: readonly SortKey[]): ImageRow[] {
  const keys = sorting.flatMap((key) => {
    const compare = (ROW_COMPARATORS as Record<string, RowComparator | undefined>)[key.id];
    return compare ? [{ compare, sign: key.desc ? -1 : 1 }] : [];
  });
  if (keys.length === 0) return rows;
  return [...rows].sort((a, b) => {
    for (const { compare, sign } of keys) {
      const order = compare(a, b);
      if (order !== 0) return order * sign;
    }
    return 0;
  });
}

/** Case-insensitive match of every word against repository, tag and id. */
export function filterRows(rows: ImageRow[], query: string): ImageRow[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((row) => {
    const hay = `${row.repository}:${row.tag} ${row.imageId}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export interface ImageSummary {
  /** Distinct images (not rows). */
  count: number;
  /** Sum of their sizes, bytes. */
  size: number;
}

const summaryCache = new WeakMap<readonly ImageRow[], ImageSummary>();

/** Distinct images behind a list of rows and their total size (memoized per array). */
export function summarizeRows(rows: readonly ImageRow[]): ImageSummary {
  let summary = summaryCache.get(rows);
  if (!summary) {
    summary = computeSummary(rows);
    summaryCache.set(rows, summary);
  }
  return summary;
}

function computeSummary(rows: readonly ImageRow[]): ImageSummary {
  const seen = new Set<string>();
  let size = 0;
  for (const row of rows) {
    if (seen.has(row.imageId)) continue;
    seen.add(row.imageId);
    size += row.size;
  }
  return { count: seen.size, size };
}
