/** The lookup log's columns (TanStack column defs): typed constants, cells kept small. */
import { createColumnHelper } from '@tanstack/react-table';
import type { LookupRecord } from '../../../shared/history.js';
import { duration, logTime, shortKey, STATUS_CLASS, STATUS_LABEL } from './history-format.js';

const col = createColumnHelper<LookupRecord>();

export function StatusBadge({ status }: { status: LookupRecord['status'] }) {
  return (
    <span className={`hist-badge status-${STATUS_CLASS[status]}`} data-testid="status-badge">
      {STATUS_LABEL[status]}
    </span>
  );
}

export const logColumns = [
  col.accessor('at', {
    id: 'time',
    header: 'Time',
    cell: (c) => (
      <span className="num">{logTime(c.getValue(), c.table.options.meta?.now ?? 0)}</span>
    ),
    meta: { className: 'hcol-time' },
  }),
  col.accessor('artifact', {
    header: 'Artifact',
    cell: (c) => <span className="truncate">{c.getValue()}</span>,
    meta: { className: 'hcol-artifact' },
  }),
  col.accessor('status', {
    header: 'Status',
    cell: (c) => <StatusBadge status={c.getValue()} />,
    meta: { className: 'hcol-status' },
  }),
  col.accessor('level', { header: 'Level', meta: { className: 'hcol-level' } }),
  col.accessor('origin', { header: 'Origin', meta: { className: 'hcol-origin' } }),
  col.accessor('durationMs', {
    header: 'Took',
    cell: (c) => (c.row.original.origin === 'import' ? '—' : duration(c.getValue())),
    meta: { className: 'hcol-took num' },
  }),
  col.accessor('key', {
    header: 'Key',
    cell: (c) => <span className="mono">{shortKey(c.getValue())}</span>,
    meta: { className: 'hcol-key' },
  }),
  col.accessor('reason', {
    header: 'Reason',
    cell: (c) => {
      const r = c.row.original;
      const changed = r.changedInputs.length;
      return (
        <span className="truncate" title={c.getValue() ?? undefined}>
          {c.getValue() ?? ''}
          {r.status === 'MISS' && changed > 0 && (
            <span className="hist-changed-count">{changed} changed</span>
          )}
        </span>
      );
    },
    meta: { className: 'hcol-reason' },
  }),
];

/** Each column's CSS grid track. */
const TRACKS: Record<string, string> = {
  time: 'minmax(150px, 1.1fr)',
  artifact: 'minmax(120px, 1.2fr)',
  status: '88px',
  level: '70px',
  origin: '64px',
  durationMs: '72px',
  key: '116px',
  reason: 'minmax(160px, 2.4fr)',
};

/** Columns left out beside the details panel. */
export const HIDDEN_WHEN_COMPACT = ['level', 'origin', 'key'];

/** The grid template of the shown columns, and the table's minimum width. */
export function logTracks(compact: boolean): { template: string; minWidth: number } {
  const ids = logColumns
    .map((c) => c.id ?? ('accessorKey' in c ? String(c.accessorKey) : ''))
    .filter((id) => !compact || !HIDDEN_WHEN_COMPACT.includes(id));
  return {
    template: ids.map((id) => TRACKS[id] ?? '100px').join(' '),
    minWidth: compact ? 560 : 860,
  };
}
