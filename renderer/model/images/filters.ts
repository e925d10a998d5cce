/**
 * The filter bar's logic: a text search and chips, as pure functions over rows. Chips of the
 * status kind (dangling, in use, unused) widen each other (any of them); every other filter
 * narrows (all of them). Counts on the chips are taken over the rows the text search and the
 * "show intermediate" switch let through, each chip on its own, so a count says how many images
 * clicking that chip would show with the search as it is.
 */
import type { ImageRow } from './rows.js';

export const STATUS_CHIPS = ['dangling', 'inUse', 'unused'] as const;
export type StatusChip = (typeof STATUS_CHIPS)[number];

export const STATUS_LABEL: Record<StatusChip, string> = {
  dangling: 'Dangling',
  inUse: 'In use',
  unused: 'Unused',
};

export interface ImageFilters {
  /** Words, each of which must appear in a reference, id, digest or `key=value` label. */
  text: string;
  /** Images matching any of these. Empty: no status filter. */
  status: readonly StatusChip[];
  /** Only images created more than this many days ago; null: off. */
  olderThanDays: number | null;
  /** `key` (the label is set) or `key=value`; null: off. */
  label: string | null;
  /** A registry host (`docker.io`, `localhost:5000`); null: off. */
  registry: string | null;
  /** Only images whose remembered update check says a tag is behind its registry. */
  updateAvailable: boolean;
}

export const NO_FILTERS: ImageFilters = {
  text: '',
  status: [],
  olderThanDays: null,
  label: null,
  registry: null,
  updateAvailable: false,
};

export const DEFAULT_OLDER_THAN_DAYS = 30;

const NO_IDS: ReadonlySet<string> = new Set();

export function hasFilters(f: ImageFilters): boolean {
  return (
    f.text.trim() !== '' ||
    f.status.length > 0 ||
    f.olderThanDays !== null ||
    f.label !== null ||
    f.registry !== null ||
    f.updateAvailable
  );
}

export function matchesStatus(row: ImageRow, chip: StatusChip): boolean {
  switch (chip) {
    case 'dangling':
      return row.dangling;
    case 'inUse':
      return row.inUse;
    case 'unused':
      return !row.inUse;
  }
}

/** `key` matches any value of that label; `key=value` that value exactly. */
export function matchesLabel(row: ImageRow, label: string): boolean {
  const eq = label.indexOf('=');
  if (eq < 0) return Object.hasOwn(row.labels, label);
  const key = label.slice(0, eq);
  return Object.hasOwn(row.labels, key) && row.labels[key] === label.slice(eq + 1);
}

/** Unix seconds before which an image counts as older than `days` days at `nowMs`. */
export function cutoffOf(days: number, nowMs: number): number {
  return Math.floor(nowMs / 1000) - days * 86_400;
}

/** The rows every word of `text` appears in (case-insensitive); the input itself for no words. */
export function filterByText(rows: ImageRow[], text: string): ImageRow[] {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  if (words.length === 1) {
    const word = words[0] as string;
    return rows.filter((row) => row.search.includes(word));
  }
  return rows.filter((row) => words.every((w) => row.search.includes(w)));
}

/**
 * Rows that pass the chips (not the text: see `filterByText`). The input itself for no chips.
 * `outdated`: ids of the images with an update available (`outdatedIds`).
 */
export function filterByChips(
  rows: ImageRow[],
  f: ImageFilters,
  nowMs: number,
  outdated: ReadonlySet<string> = NO_IDS,
): ImageRow[] {
  const { status, olderThanDays, label, registry, updateAvailable } = f;
  if (
    status.length === 0 &&
    olderThanDays === null &&
    label === null &&
    registry === null &&
    !updateAvailable
  ) {
    return rows;
  }
  const cutoff = olderThanDays === null ? null : cutoffOf(olderThanDays, nowMs);
  return rows.filter(
    (row) =>
      (status.length === 0 || status.some((chip) => matchesStatus(row, chip))) &&
      (cutoff === null || row.created < cutoff) &&
      (label === null || matchesLabel(row, label)) &&
      (registry === null || row.registries.includes(registry)) &&
      (!updateAvailable || outdated.has(row.id)),
  );
}

/** Hides intermediate layers unless asked to show them. */
export function visibleRows(rows: ImageRow[], showIntermediate: boolean): ImageRow[] {
  return showIntermediate ? rows : rows.filter((row) => !row.intermediate);
}

export interface ChipCounts {
  dangling: number;
  inUse: number;
  unused: number;
  /** Older than the chosen number of days (or the default when the chip is off). */
  older: number;
  /** With the chosen label; 0 when none is chosen. */
  label: number;
  /** In the chosen registry; 0 when none is chosen. */
  registry: number;
  /** With an update available. */
  updateAvailable: number;
}

/** How many of `rows` each chip would let through on its own, in one pass. */
export function countChips(
  rows: readonly ImageRow[],
  f: ImageFilters,
  nowMs: number,
  outdated: ReadonlySet<string> = NO_IDS,
): ChipCounts {
  const cutoff = cutoffOf(f.olderThanDays ?? DEFAULT_OLDER_THAN_DAYS, nowMs);
  const counts: ChipCounts = {
    dangling: 0,
    inUse: 0,
    unused: 0,
    older: 0,
    label: 0,
    registry: 0,
    updateAvailable: 0,
  };
  for (const row of rows) {
    if (row.dangling) counts.dangling++;
    if (row.inUse) counts.inUse++;
    else counts.unused++;
    if (row.created < cutoff) counts.older++;
    if (f.label !== null && matchesLabel(row, f.label)) counts.label++;
    if (f.registry !== null && row.registries.includes(f.registry)) counts.registry++;
    if (outdated.has(row.id)) counts.updateAvailable++;
  }
  return counts;
}

export interface FacetOption {
  value: string;
  count: number;
}

/** Values with few distinct values are offered one by one; past this, only the key. */
const MAX_VALUES_PER_LABEL = 12;

/**
 * The label choices for the Label chip: each key (images that have it), and for keys with few
 * distinct values each `key=value` too; most common first.
 */
export function labelOptions(rows: readonly ImageRow[]): FacetOption[] {
  const keys = new Map<string, Map<string, number>>();
  for (const row of rows) {
    for (const [key, value] of Object.entries(row.labels)) {
      let values = keys.get(key);
      if (!values) keys.set(key, (values = new Map()));
      values.set(value, (values.get(value) ?? 0) + 1);
    }
  }
  const options: FacetOption[] = [];
  const byCount = (a: FacetOption, b: FacetOption) =>
    b.count - a.count || a.value.localeCompare(b.value);
  const sortedKeys = [...keys.entries()]
    .map(([key, values]) => ({
      key,
      values,
      count: [...values.values()].reduce((n, c) => n + c, 0),
    }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  for (const { key, values, count } of sortedKeys) {
    if (values.size === 1) {
      // One value: `key=value` says all that `key` would.
      const [value] = values.keys();
      options.push({ value: `${key}=${value ?? ''}`, count });
      continue;
    }
    options.push({ value: key, count });
    if (values.size <= MAX_VALUES_PER_LABEL) {
      const each = [...values].map(([v, c]) => ({ value: `${key}=${v}`, count: c }));
      options.push(...each.sort(byCount));
    }
  }
  return options;
}

/** The registries of `rows`, most images first. */
export function registryOptions(rows: readonly ImageRow[]): FacetOption[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    for (const r of row.registries) counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
