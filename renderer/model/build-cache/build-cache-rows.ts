/**
 * The Build cache page's pure logic: one row per record with what made it and its state in words,
 * the per-type totals largest first, and the prune dialog's typed options checked into the
 * channel's options.
 */
import { parseUntil, UNTIL_HELP } from '../../../shared/actions.js';
import type {
  BuildCacheGrowth,
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
  /** Only records attributed to this artifact, or '' for any. */
  artifact?: string;
  /** Also internal and frontend records (docker's `--all`). */
  all?: boolean;
}

export const EMPTY_BUILD_CACHE_PRUNE_FORM: BuildCachePruneForm = {
  unusedFor: '',
  type: '',
  keepStorage: null,
  artifact: '',
  all: false,
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
  if (form.artifact) options.artifact = form.artifact;
  if (form.all) options.all = true;
  return { ok: true, options };
}

/** The prune's confirm button: `Delete 3 build cache records, 1.2 MB`. */
export function buildCacheConfirmWords(count: number, bytes: string): string {
  if (count === 0) return 'Nothing to delete';
  return `Delete ${count} build cache ${count === 1 ? 'record' : 'records'}, ${bytes}`;
}

/** The table's filters: one record type and one artifact (null: any). */
export interface BuildCacheFilter {
  type: string | null;
  artifact: string | null;
}

export const NO_BUILD_CACHE_FILTER: BuildCacheFilter = { type: null, artifact: null };

/** The artifacts records are attributed to, sorted, each once. */
export function rowArtifacts(rows: readonly BuildCacheRow[]): string[] {
  const names = new Set<string>();
  for (const r of rows) if (r.record.attribution) names.add(r.record.attribution.artifact);
  return [...names].sort();
}

export function filterRows(
  rows: readonly BuildCacheRow[],
  filter: BuildCacheFilter,
): readonly BuildCacheRow[] {
  if (filter.type === null && filter.artifact === null) return rows;
  return rows.filter(
    (r) =>
      (filter.type === null || r.record.type === filter.type) &&
      (filter.artifact === null || r.record.attribution?.artifact === filter.artifact),
  );
}

/** A row's value under a column id, for `sortRows`; unknown times and makers sort last. */
export function buildCacheSortValue(row: BuildCacheRow, id: string): string | number | null {
  const r = row.record;
  switch (id) {
    case 'type':
      return r.type;
    case 'description':
      return r.description;
    case 'madeBy':
      return r.attribution ? row.madeBy : null;
    case 'size':
      return r.size;
    case 'created':
      return r.createdAt;
    case 'lastUsed':
      return r.lastUsedAt;
    case 'usage':
      return r.usageCount;
    case 'state':
      return row.state;
    default:
      return null;
  }
}

/**
 * A record's parents up to the root, nearest first (the first parent of each, as the daemon
 * lists them); a parent the listing no longer has ends the chain with its id alone.
 */
export function parentChain(
  record: BuildCacheRecord,
  byId: ReadonlyMap<string, BuildCacheRecord>,
): { id: string; record: BuildCacheRecord | null }[] {
  const chain: { id: string; record: BuildCacheRecord | null }[] = [];
  const seen = new Set([record.id]);
  let next = record.parents[0];
  while (next !== undefined && !seen.has(next)) {
    seen.add(next);
    const parent = byId.get(next) ?? null;
    chain.push({ id: next, record: parent });
    next = parent?.parents[0];
  }
  return chain;
}

/** The records that name this one as a parent. */
export function childrenOf(id: string, records: readonly BuildCacheRecord[]): BuildCacheRecord[] {
  return records.filter((r) => r.parents.includes(id));
}

/** One mark on the growth chart: a build Hangar ran, or a prune (by hand or by the policy). */
export interface GrowthMark {
  at: number;
  kind: 'build' | 'prune' | 'policy';
  /** `Build of api`, `Prune: 12 records, 1.2 MB`. */
  words: string;
}

/** The growth chart's marks, oldest first, within the points' span. */
export function growthMarks(
  growth: BuildCacheGrowth,
  formatBytes: (n: number) => string,
): GrowthMark[] {
  const first = growth.points[0]?.at ?? Infinity;
  const marks: GrowthMark[] = [
    ...growth.builds.map((b) => ({
      at: b.at,
      kind: 'build' as const,
      words: `Build of ${b.artifact}`,
    })),
    ...growth.prunes.map((p) => ({
      at: p.at,
      kind: p.origin === 'policy' ? ('policy' as const) : ('prune' as const),
      words: `${p.origin === 'policy' ? `Keep-under policy (${formatBytes(p.limitBytes ?? 0)})` : 'Prune'}: ${p.deleted.length} ${p.deleted.length === 1 ? 'record' : 'records'}, ${formatBytes(p.reclaimedBytes)} freed`,
    })),
  ];
  return marks.filter((m) => m.at >= first).sort((a, b) => a.at - b.at);
}

/** The policy form's size as typed, read as bytes: null turns the policy off. */
export function policyBytesOf(
  text: string,
  parse: (t: string) => { ok: true; bytes: number | null } | { ok: false; error: string },
): { ok: true; bytes: number | null } | { ok: false; error: string } {
  const read = parse(text);
  if (!read.ok) return read;
  if (read.bytes !== null && read.bytes < 1) {
    return { ok: false, error: 'The limit is more than 0 bytes; leave it empty to turn it off.' };
  }
  return read;
}
