/**
 * The Build cache page's pure logic: one row per record with what made it and its state in words,
 * the per-type totals largest first, and the prune dialog's typed options checked into the
 * channel's options.
 */
import { parseUntil, UNTIL_HELP } from '../../../shared/actions.js';
import type {
  BuildCachePruneOptions,
  BuildCacheRecord,
  BuildCacheTotals,
} from '../../../shared/build-cache.js';

export interface BuildCacheRow {
  id: string;
  record: BuildCacheRecord;
  /** `RUN npm ci of api`, or `unknown` when Hangar cannot tell. */
  madeBy: string;
  /** `in use`, `shared` or `reclaimable`. */
  state: 'in use' | 'shared' | 'reclaimable';
}

export function madeByWords(record: BuildCacheRecord): string {
  const a = record.attribution;
  return a ? `${a.step} of ${a.artifact}` : 'unknown';
}

export function stateOf(record: BuildCacheRecord): BuildCacheRow['state'] {
  if (record.inUse) return 'in use';
  if (record.shared) return 'shared';
  return 'reclaimable';
}

/** The records as rows, largest first (ties by id, so the order is stable). */
export function toBuildCacheRows(records: readonly BuildCacheRecord[]): BuildCacheRow[] {
  return [...records]
    .sort((a, b) => b.size - a.size || a.id.localeCompare(b.id))
    .map((record) => ({
      id: record.id,
      record,
      madeBy: madeByWords(record),
      state: stateOf(record),
    }));
}

/** The per-type totals, largest first. */
export function typeTotals(
  byType: Readonly<Record<string, BuildCacheTotals>>,
): { type: string; totals: BuildCacheTotals }[] {
  return Object.entries(byType)
    .map(([type, totals]) => ({ type, totals }))
    .sort((a, b) => b.totals.bytes - a.totals.bytes || a.type.localeCompare(b.type));
}

/** The prune dialog's fields as typed; `keepStorage` already read as bytes (null: none). */
export interface BuildCachePruneForm {
  unusedFor: string;
  /** The one type chosen, or '' for every type. */
  type: string;
  keepStorage: number | null;
}

export const EMPTY_BUILD_CACHE_PRUNE_FORM: BuildCachePruneForm = {
  unusedFor: '',
  type: '',
  keepStorage: null,
};

export type CheckedPruneForm =
  { ok: true; options: BuildCachePruneOptions } | { ok: false; errors: { unusedFor?: string } };

/** The form as the channel's options, or what is wrong with it in words. */
export function buildCachePruneOptionsOf(
  form: BuildCachePruneForm,
  nowMs: number,
): CheckedPruneForm {
  const unusedFor = form.unusedFor.trim();
  if (unusedFor !== '' && parseUntil(unusedFor, nowMs) === null) {
    return { ok: false, errors: { unusedFor: `“${unusedFor}” is not a time. ${UNTIL_HELP}` } };
  }
  const options: BuildCachePruneOptions = {};
  if (unusedFor !== '') options.unusedFor = unusedFor;
  if (form.type !== '') options.types = [form.type];
  if (form.keepStorage !== null) options.keepStorage = form.keepStorage;
  return { ok: true, options };
}

/** The prune's confirm button: `Delete 3 build cache records, 1.2 MB`. */
export function buildCacheConfirmWords(count: number, bytes: string): string {
  if (count === 0) return 'Nothing to delete';
  return `Delete ${count} build cache ${count === 1 ? 'record' : 'records'}, ${bytes}`;
}
