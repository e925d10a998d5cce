/**
 * The lookup log: a TanStack table over the loaded rows, virtualized (only the rows in view are
 * rendered), loading older pages as the end comes into view. Rows that arrive live are merged in
 * above; when the view is scrolled down it is shifted by as much, so what the user reads stays put.
 * Clicking a row (or Enter on it) opens its details.
 */
import { useVirtualRows } from '../../lib/use-virtual-rows.js';
import { flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useEffect, useLayoutEffect, useRef, type CSSProperties } from 'react';
import type { LookupRecord } from '../../../shared/history.js';
import { HIDDEN_WHEN_COMPACT, logColumns, logTracks } from './log-columns.js';

export const LOG_ROW_HEIGHT = 34;

const COMPACT_VISIBILITY = Object.fromEntries(HIDDEN_WHEN_COMPACT.map((id) => [id, false]));

interface Props {
  rows: LookupRecord[];
  hasMore: boolean;
  loadingMore: boolean;
  selectedId: number | null;
  /** Fewer columns, beside the details panel. */
  compact: boolean;
  now: number;
  onSelect(id: number | null): void;
  onLoadMore(): void;
}

export function LookupLog({
  rows,
  hasMore,
  loadingMore,
  selectedId,
  compact,
  now,
  onSelect,
  onLoadMore,
}: Props) {
  const { scrollRef, virtualizer, items, visible, lastIndex } = useVirtualRows(
    rows,
    LOG_ROW_HEIGHT,
    10,
  );
  const table = useReactTable({
    data: visible,
    columns: logColumns,
    getRowId: (r) => String(r.id),
    getCoreRowModel: getCoreRowModel(),
    autoResetPageIndex: false,
    state: { columnVisibility: compact ? COMPACT_VISIBILITY : {} },
    meta: { now },
  });
  const tracks = logTracks(compact);
  const tableRows = table.getRowModel().rows;

  // Live rows above the fold push the content down: keep the rows being read in place.
  const firstId = useRef<number | null>(null);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const prev = firstId.current;
    firstId.current = rows[0]?.id ?? null;
    if (!el || prev === null || el.scrollTop === 0) return;
    const at = rows.findIndex((r) => r.id === prev);
    if (at > 0) el.scrollTop += at * LOG_ROW_HEIGHT;
  }, [rows, scrollRef]);

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - 20) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, onLoadMore]);

  const move = (delta: number): void => {
    const at = rows.findIndex((r) => r.id === selectedId);
    const next = rows[Math.max(0, Math.min(rows.length - 1, at + delta))];
    if (next) {
      onSelect(next.id);
      virtualizer.scrollToIndex(rows.indexOf(next), { align: 'auto' });
    }
  };

  return (
    <div
      className="hist-log-scroll"
      ref={scrollRef}
      style={
        { '--hist-tracks': tracks.template, '--hist-min': `${tracks.minWidth}px` } as CSSProperties
      }
    >
      <div
        className="hist-log"
        role="grid"
        aria-label="Lookup log"
        aria-rowcount={rows.length + 1}
        tabIndex={0}
        data-testid="lookup-log"
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') move(1);
          else if (e.key === 'ArrowUp') move(-1);
          else if (e.key === 'Escape') onSelect(null);
          else return;
          e.preventDefault();
        }}
      >
        <div className="hist-log-head" role="row" aria-rowindex={1}>
          {table.getHeaderGroups()[0]?.headers.map((h) => (
            <div
              key={h.id}
              role="columnheader"
              className={`hist-cell ${h.column.columnDef.meta?.className ?? ''}`}
            >
              {flexRender(h.column.columnDef.header, h.getContext())}
            </div>
          ))}
        </div>
        <div className="hist-log-body" style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {tableRows.map((row, i) => {
            const item = items[i];
            if (!item) return null;
            const r = row.original;
            const selected = r.id === selectedId;
            return (
              <div
                key={row.id}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                className={`hist-log-row${selected ? ' is-selected' : ''} row-${r.status.toLowerCase()}`}
                data-testid="lookup-row"
                data-status={r.status}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => onSelect(selected ? null : r.id)}
              >
                {row.getVisibleCells().map((cell) => (
                  <div
                    key={cell.column.id}
                    role="gridcell"
                    className={`hist-cell ${cell.column.columnDef.meta?.className ?? ''}`}
                  >
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
        {loadingMore && <div className="hist-log-more">Loading older lookups…</div>}
      </div>
    </div>
  );
}
