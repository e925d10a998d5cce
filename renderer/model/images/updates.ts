/**
 * The update status of the images table's rows, read from the core's remembered checks (one per
 * tag): a row is _update available_ when any of its tags is behind its registry, _up to date_
 * when every checked tag is current, _unknown_ (with the reasons) otherwise, and unchecked (null)
 * when none of its tags has been checked.
 */
import type { UpdateState, UpdateStatus } from '../../../shared/updates.js';
import type { ImageRow } from './rows.js';

export type UpdatesByTag = ReadonlyMap<string, UpdateStatus>;

export interface RowUpdate {
  state: UpdateState;
  /** Tags behind their registry (what Pull update pulls). */
  outdated: string[];
  /** Why, for an unknown state: each unknown tag with its reason. */
  reasons: string[];
  /** The newest check among the row's tags, Unix ms. */
  checkedAt: number;
  /** When the newest registry image among the outdated tags was created, Unix ms; null if unknown. */
  remoteCreated: number | null;
}

/** The remembered checks keyed by tag; a later check of a tag replaces an earlier one. */
export function indexUpdates(statuses: readonly UpdateStatus[]): Map<string, UpdateStatus> {
  const byTag = new Map<string, UpdateStatus>();
  for (const s of statuses) {
    const seen = byTag.get(s.tag);
    if (!seen || seen.checkedAt <= s.checkedAt) byTag.set(s.tag, s);
  }
  return byTag;
}

/** A check is of the image the row is now only when the ids agree (a retag makes it stale). */
export function rowUpdate(row: ImageRow, byTag: UpdatesByTag): RowUpdate | null {
  let checked = 0;
  let current = 0;
  let checkedAt = 0;
  let remoteCreated: number | null = null;
  const outdated: string[] = [];
  const reasons: string[] = [];
  for (const { ref } of row.tags) {
    const s = byTag.get(ref);
    if (!s || s.imageId !== row.id) continue;
    checked++;
    checkedAt = Math.max(checkedAt, s.checkedAt);
    if (s.state === 'updateAvailable') {
      outdated.push(ref);
      const created = s.remoteCreated === null ? NaN : Date.parse(s.remoteCreated);
      if (Number.isFinite(created)) remoteCreated = Math.max(remoteCreated ?? 0, created);
    } else if (s.state === 'upToDate') current++;
    else reasons.push(`${ref}: ${s.reason ?? 'unknown'}`);
  }
  if (checked === 0) return null;
  const state: UpdateState =
    outdated.length > 0 ? 'updateAvailable' : current === checked ? 'upToDate' : 'unknown';
  return { state, outdated, reasons, checkedAt, remoteCreated };
}

/** Ids of the rows with an update available. */
export function outdatedIds(rows: readonly ImageRow[], byTag: UpdatesByTag): Set<string> {
  const ids = new Set<string>();
  if (byTag.size === 0) return ids;
  for (const row of rows) {
    if (rowUpdate(row, byTag)?.state === 'updateAvailable') ids.add(row.id);
  }
  return ids;
}

/** The tags Pull update pulls for these images: each tag behind its registry, once. */
export function outdatedTags(rows: readonly ImageRow[], byTag: UpdatesByTag): string[] {
  const tags = new Set<string>();
  for (const row of rows) for (const t of rowUpdate(row, byTag)?.outdated ?? []) tags.add(t);
  return [...tags];
}
