/**
 * The build cache table's columns: what each record is, what made it, its size, its times and
 * use, and whether deleting it frees anything. Every head sorts; sizes, times and uses start
 * biggest, newest, most first.
 */
import type { ColumnDef } from '@tanstack/react-table';
import { CellText, gridColumn } from '../../components/data-grid/index.js';
import { formatBytes, formatCount, humanDuration } from '../../lib/format.js';
import type { BuildCacheRow } from '../../model/build-cache/build-cache-rows.js';

/** `3 hours ago` for a Unix-ms time, or `—` when the engine did not say. */
export function agoWords(ms: number | null, now: number): string {
  if (ms === null) return '—';
  const d = now - ms;
  return d < 1000 ? 'just now' : `${humanDuration(d)} ago`;
}

export const BUILD_CACHE_COLUMNS: ColumnDef<BuildCacheRow>[] = [
  gridColumn<BuildCacheRow>({
    id: 'type',
    sortable: true,
    header: 'Type',
    min: 150,
    value: (r) => r.record.type,
  }),
  gridColumn<BuildCacheRow>({
    id: 'description',
    sortable: true,
    header: 'Description',
    min: 220,
    fr: 2,
    cell: (c) => (
      <span className="bc-desc" title={c.row.original.record.description}>
        <CellText text={c.row.original.record.description} />
      </span>
    ),
  }),
  gridColumn<BuildCacheRow>({
    id: 'madeBy',
    sortable: true,
    header: 'Made by',
    min: 150,
    fr: 1,
    cell: (c) =>
      c.row.original.record.attribution ? (
        <CellText text={c.row.original.madeBy} />
      ) : (
        <span className="muted">unknown</span>
      ),
  }),
  gridColumn<BuildCacheRow>({
    id: 'size',
    sortable: true,
    descFirst: true,
    header: 'Size',
    min: 84,
    numeric: true,
    value: (r) => formatBytes(r.record.size),
  }),
  gridColumn<BuildCacheRow>({
    id: 'created',
    sortable: true,
    descFirst: true,
    header: 'Created',
    min: 136,
    cell: (c) => (
      <CellText text={agoWords(c.row.original.record.createdAt, c.table.options.meta?.now ?? 0)} />
    ),
  }),
  gridColumn<BuildCacheRow>({
    id: 'lastUsed',
    sortable: true,
    descFirst: true,
    header: 'Last used',
    min: 136,
    cell: (c) => (
      <CellText text={agoWords(c.row.original.record.lastUsedAt, c.table.options.meta?.now ?? 0)} />
    ),
  }),
  gridColumn<BuildCacheRow>({
    id: 'usage',
    sortable: true,
    descFirst: true,
    header: 'Uses',
    min: 64,
    numeric: true,
    value: (r) => formatCount(r.record.usageCount),
  }),
  gridColumn<BuildCacheRow>({
    id: 'state',
    sortable: true,
    header: 'State',
    min: 110,
    cell: (c) => (
      <span className={`bc-state bc-state-${c.row.original.state.replace(' ', '-')}`}>
        {c.row.original.state}
      </span>
    ),
  }),
];
