/**
 * The cache entries as a TanStack table: sorting kept in the store, rows keyed by cache key,
 * relative times measured against a ticking clock. A cache holds tens to hundreds of entries, so
 * every row is drawn (no virtualization); the head stays in view while the body scrolls.
 */
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type Header,
} from '@tanstack/react-table';
import type { CSSProperties } from 'react';
import { useNow } from '../../components/use-now.js';
import { useAppStore } from '../../store/store-context.js';
import { ENTRY_COLUMNS, GRID_TEMPLATE } from './columns.js';
import type { EntryRow } from './entry-rows.js';

function SortHeader({ header }: { header: Header<EntryRow, unknown> }) {
  const column = header.column;
  const label = String(column.columnDef.header ?? '');
  const sorted = column.getIsSorted();
  if (!column.getCanSort()) return <span>{label}</span>;
  return (
    <button
      type="button"
      className="ac-sort"
      onClick={column.getToggleSortingHandler()}
      title={`Sort by ${label.toLowerCase()}`}
    >
      <span>{label}</span>
      <span className={`ac-sort-mark${sorted ? ' is-sorted' : ''}`} aria-hidden="true">
        {sorted === 'asc' ? '▲' : '▼'}
      </span>
    </button>
  );
}

export function ArtifactsTable({ rows }: { rows: EntryRow[] }) {
  const sorting = useAppStore((s) => s.artifactsSorting);
  const setSorting = useAppStore((s) => s.setArtifactsSorting);
  const now = useNow(30_000);
  const table = useReactTable({
    data: rows,
    columns: ENTRY_COLUMNS,
    getRowId: (r) => r.id,
    state: { sorting, columnVisibility: { lastUsed: false } },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    enableSortingRemoval: false,
    meta: { now },
  });
  const style = { '--ac-columns': GRID_TEMPLATE } as CSSProperties;

  return (
    <div className="ac-scroll">
      <table className="ac-table" role="table" aria-label="Artifact cache entries" style={style}>
        <thead role="rowgroup">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} role="row" className="ac-row ac-head">
              {group.headers.map((h) => {
                const sorted = h.column.getIsSorted();
                return (
                  <th
                    key={h.id}
                    role="columnheader"
                    scope="col"
                    className={`ac-cell ${h.column.columnDef.meta?.className ?? ''}`}
                    aria-sort={
                      sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined
                    }
                  >
                    <SortHeader header={h} />
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody role="rowgroup">
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              role="row"
              className={`ac-row ac-body-row ac-row-${row.original.state}`}
              data-testid="artifact-row"
              data-key={row.id}
            >
              {row.getVisibleCells().map((cell) => (
                <td
                  key={cell.id}
                  role="cell"
                  className={`ac-cell ${cell.column.columnDef.meta?.className ?? ''}`}
                >
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
