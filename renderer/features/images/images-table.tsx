/**
 * The images table. TanStack Virtual picks the rows in view out of the sorted rows, and only
 * those become TanStack Table rows (sorting is manual, done by `sortRows`): building a table row
 * object for each of 10,000 tags on every delta is what made live updates slow. Each visible row
 * is memoized on its data, so a delta re-renders only the rows it changed.
 */
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type Header,
  type Row,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useLayoutEffect, useMemo, useRef } from 'react';
import { useNow } from '../../components/use-now.js';
import { useAppStore } from '../../store/store-context.js';
import { imageColumns } from './columns.js';
import { sortRows, type ImageRow } from './rows.js';
import { useScrollAnchor } from './use-scroll-anchor.js';

export const ROW_HEIGHT = 36;

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

function HeaderCell({ header }: { header: Header<ImageRow, unknown> }) {
  const column = header.column;
  const sorted = column.getIsSorted();
  const label = flexRender(column.columnDef.header, header.getContext());
  return (
    <th
      role="columnheader"
      className={`dt-cell ${column.columnDef.meta?.className ?? ''}`}
      aria-sort={sorted ? ARIA_SORT[sorted] : column.getCanSort() ? 'none' : undefined}
      data-column={column.id}
    >
      {column.getCanSort() ? (
        <button type="button" className="sort-button" onClick={column.getToggleSortingHandler()}>
          {label}
          <span className={`sort-mark${sorted ? ' is-sorted' : ''}`} aria-hidden="true">
            {sorted === 'asc' ? '▲' : '▼'}
          </span>
        </button>
      ) : (
        label
      )}
    </th>
  );
}

interface RowProps {
  row: Row<ImageRow>;
  /** Position in the sorted rows (0-based). */
  index: number;
  start: number;
  now: number;
}

const VirtualRow = memo(
  function VirtualRow({ row, index, start }: RowProps) {
    return (
      <tr
        role="row"
        className="dt-row"
        aria-rowindex={index + 2}
        data-index={index}
        data-row-id={row.original.id}
        data-testid="image-row"
        style={{ transform: `translateY(${start}px)` }}
      >
        {row.getVisibleCells().map((cell) => (
          <td
            key={cell.column.id}
            role="cell"
            className={`dt-cell ${cell.column.columnDef.meta?.className ?? ''}`}
          >
            {flexRender(cell.column.columnDef.cell, cell.getContext())}
          </td>
        ))}
      </tr>
    );
  },
  (a, b) =>
    a.row.original === b.row.original &&
    a.index === b.index &&
    a.start === b.start &&
    a.now === b.now,
);

export interface ImagesTableProps {
  rows: ImageRow[];
  /** The table's accessible name. */
  label: string;
  /** When this changes (a new filter), the table scrolls back to the top. */
  resetKey?: string;
}

export function ImagesTable({ rows, label, resetKey = '' }: ImagesTableProps) {
  const sorting = useAppStore((s) => s.sorting);
  const setSorting = useAppStore((s) => s.setSorting);
  const now = useNow(30_000);
  const scrollRef = useRef<HTMLDivElement>(null);
  const sorted = useMemo(() => sortRows(rows, sorting), [rows, sorting]);

  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  // The rows in view, paired with their place; the table gets just these rows, in this order.
  const windowed = useMemo(
    () =>
      items.flatMap((item) => {
        const row = sorted[item.index];
        return row ? [{ row, index: item.index, start: item.start }] : [];
      }),
    [items, sorted],
  );
  const visible = useMemo(() => windowed.map((w) => w.row), [windowed]);

  const table = useReactTable({
    data: visible,
    columns: imageColumns,
    state: { sorting },
    onSortingChange: setSorting,
    manualSorting: true,
    enableSortingRemoval: false,
    getRowId: (row) => row.id,
    getCoreRowModel: getCoreRowModel(),
    meta: { now },
  });
  const tableRows = table.getRowModel().rows;

  // A new order or filter starts at the top; declared before the anchor, so it runs first.
  const sortKey = JSON.stringify(sorting);
  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [sortKey, resetKey]);
  useScrollAnchor(scrollRef, sorted, ROW_HEIGHT);

  return (
    <div className="table-scroll" ref={scrollRef} data-testid="images-table-scroll">
      <table
        role="table"
        className="data-table images-grid"
        aria-label={label}
        aria-rowcount={sorted.length + 1}
        data-testid="images-table"
      >
        <thead role="rowgroup" className="dt-head">
          {table.getHeaderGroups().map((group) => (
            <tr role="row" className="dt-row" aria-rowindex={1} key={group.id}>
              {group.headers.map((header) => (
                <HeaderCell key={header.id} header={header} />
              ))}
            </tr>
          ))}
        </thead>
        <tbody
          role="rowgroup"
          className="dt-body"
          style={{ height: `${virtualizer.getTotalSize()}px` }}
        >
          {tableRows.map((row, k) => {
            const item = windowed[k];
            if (!item) return null;
            return (
              <VirtualRow key={row.id} row={row} index={item.index} start={item.start} now={now} />
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
