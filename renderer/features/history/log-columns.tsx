/** The lookup log's columns (TanStack column defs): typed constants, cells kept small. */
import type { ColumnDef } from '@tanstack/react-table';
import { CellText, gridColumn } from '../../components/data-grid/index.js';
import type { LookupRecord } from '../../../shared/history.js';
import { duration, logTime, shortKey, STATUS_LABEL, STATUS_TONE } from './history-format.js';

export function StatusBadge({ status }: { status: LookupRecord['status'] }) {
  return (
    <span className={`badge ${STATUS_TONE[status]}`} data-testid="status-badge">
      {STATUS_LABEL[status]}
    </span>
  );
}

export const logColumns: ColumnDef<LookupRecord>[] = [
  gridColumn<LookupRecord>({
    id: 'time',
    header: 'Time',
    min: 150,
    fr: 1.1,
    cell: (c) => (
      <CellText className="num" text={logTime(c.row.original.at, c.table.options.meta?.now ?? 0)} />
    ),
  }),
  gridColumn<LookupRecord>({
    id: 'artifact',
    header: 'Artifact',
    min: 120,
    fr: 1.2,
    value: (r) => r.artifact,
  }),
  gridColumn<LookupRecord>({
    id: 'status',
    header: 'Status',
    min: 88,
    cell: (c) => <StatusBadge status={c.row.original.status} />,
  }),
  gridColumn<LookupRecord>({
    id: 'level',
    header: 'Level',
    min: 72,
    value: (r) => r.level,
    className: 'muted',
  }),
  gridColumn<LookupRecord>({
    id: 'origin',
    header: 'Origin',
    min: 68,
    value: (r) => r.origin,
    className: 'muted',
  }),
  gridColumn<LookupRecord>({
    id: 'durationMs',
    header: 'Took',
    min: 84,
    numeric: true,
    value: (r) => (r.origin === 'import' ? '—' : duration(r.durationMs)),
  }),
  gridColumn<LookupRecord>({
    id: 'key',
    header: 'Key',
    min: 116,
    cell: (c) => <CellText className="mono" text={shortKey(c.row.original.key)} />,
  }),
  gridColumn<LookupRecord>({
    id: 'reason',
    header: 'Reason',
    min: 160,
    fr: 2.4,
    cell: (c) => {
      const r = c.row.original;
      const changed = r.changedInputs.length;
      return (
        <>
          <CellText text={r.reason ?? ''} />
          {r.status === 'MISS' && changed > 0 && (
            <span className="count hist-changed-count">{changed} changed</span>
          )}
        </>
      );
    },
  }),
];

/** Columns left out beside the details panel. */
export const HIDDEN_WHEN_COMPACT = ['level', 'origin', 'key'];
