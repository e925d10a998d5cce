/**
 * From index records to table rows: one row per image, carrying all its tags, intermediate layers
 * included (the view hides them unless asked). Rows are cached per record object, so a delta that
 * replaces one record rebuilds only that image's row and every other row keeps its identity.
 */
import type { ContainerRef, ImageRecord } from '../../../shared/model.js';
import { domainOf, registryOf, splitReference } from '../../../shared/reference-names.js';
import { shortId } from '../../lib/format.js';

export const NONE = '<none>';

export interface TagRef {
  /** `repo:tag` as the daemon names it. */
  ref: string;
  repository: string;
  tag: string;
}

export interface ImageRow {
  kind: 'image';
  /** The image id (`sha256:…`): rows are keyed by it. */
  id: string;
  /** 12 hex, `sha256:` stripped. */
  shortId: string;
  /** Every `repo:tag`: names without a registry host first, then in the record's order. */
  tags: TagRef[];
  /** Distinct repositories of its tags, or of its digests when untagged; empty for `<none>`. */
  repositories: string[];
  /** The first repository, or `<none>`: what the Repository column shows and sorts by. */
  repository: string;
  /** The first tag, or `<none>`. */
  tag: string;
  /** Distinct manifest digests (`sha256:…`) from its `repo@digest` references. */
  digests: string[];
  /** Registries its repositories live in (`docker.io` when a name has no host). */
  registries: string[];
  /** Bytes, as the daemon reports (shared layers included). */
  size: number;
  /** Unix seconds. */
  created: number;
  containers: readonly ContainerRef[];
  inUse: boolean;
  dangling: boolean;
  intermediate: boolean;
  labels: Readonly<Record<string, string>>;
  /** Lower-case text the filter box searches: references, ids, digests, labels. */
  search: string;
  /** The record the row came from. */
  image: ImageRecord;
}

/** `repo:tag` as a chip shows it: the tag `<none>` when the reference has none. */
function tagRef(ref: string): TagRef {
  const { repository, tag } = splitReference(ref);
  return { ref, repository, tag: tag ?? NONE };
}

function hasHost(repository: string): boolean {
  return domainOf(repository) !== null;
}

function unique(values: string[]): string[] {
  if (values.length < 2) return values;
  return [...new Set(values)];
}

/** The table row of one image. */
export function rowOfImage(image: ImageRecord): ImageRow {
  // Names without a registry host first: `shop/api:1.8` is what people call the image that was
  // also pushed as `registry:5000/shop/api:1.8`.
  const tags = image.repoTags.map(tagRef);
  if (tags.length > 1) {
    tags.sort((a, b) => Number(hasHost(a.repository)) - Number(hasHost(b.repository)));
  }
  const digestRefs = image.repoDigests.map((ref) => {
    const { repository, digest } = splitReference(ref);
    return { repository, digest: digest ?? '' };
  });
  const repositories = unique(
    tags.length > 0 ? tags.map((t) => t.repository) : digestRefs.map((d) => d.repository),
  ).filter((r) => r !== '');
  const digests = unique(digestRefs.map((d) => d.digest));
  const labelText = Object.entries(image.labels).map(([k, v]) => `${k}=${v}`);
  return {
    kind: 'image',
    id: image.id,
    shortId: shortId(image.id),
    tags,
    repositories,
    repository: repositories[0] ?? NONE,
    tag: tags[0]?.tag ?? NONE,
    digests,
    registries: unique(repositories.map(registryOf)),
    size: image.size,
    created: image.created,
    containers: image.containers,
    inUse: image.containers.length > 0,
    dangling: image.dangling,
    intermediate: image.intermediate,
    labels: image.labels,
    search: [...image.repoTags, ...image.repoDigests, image.id, ...labelText]
      .join('\n')
      .toLowerCase(),
    image,
  };
}

const rowCache = new WeakMap<ImageRecord, ImageRow>();

/** `rowOfImage`, memoized on the record object. */
export function cachedRowOfImage(image: ImageRecord): ImageRow {
  let row = rowCache.get(image);
  if (!row) {
    row = rowOfImage(image);
    rowCache.set(image, row);
  }
  return row;
}

/** Rows of the images given, in their order. */
export function deriveRows(images: Iterable<ImageRecord>): ImageRow[] {
  const rows: ImageRow[] = [];
  for (const image of images) rows.push(cachedRowOfImage(image));
  return rows;
}

/** Newest first, then by id: the order before the user sorts by a column. */
export function compareImages(a: ImageRecord, b: ImageRecord): number {
  return b.created - a.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface RowsSummary {
  count: number;
  /** Sum of their sizes, bytes (shared layers counted once per image). */
  size: number;
}

const summaryCache = new WeakMap<readonly ImageRow[], RowsSummary>();

/** Images in a list of rows (one row per image) and their summed size (memoized per array). */
export function summarizeRows(rows: readonly ImageRow[]): RowsSummary {
  let summary = summaryCache.get(rows);
  if (!summary) {
    let size = 0;
    for (const row of rows) size += row.size;
    summary = { count: rows.length, size };
    summaryCache.set(rows, summary);
  }
  return summary;
}
