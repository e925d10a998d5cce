/**
 * The images grid. TanStack Virtual picks the rows in view out of the display rows (already
 * filtered, sorted and grouped by pure functions), and only those become TanStack Table rows:
 * building a table row object for each of 10,000 images on every delta is what made live updates
 * slow. The grid is one focus stop; arrow keys move the active row (`aria-activedescendant`).
 */
import {
  getCoreRowModel,
  useReactTable,
  type ColumnOrderState,
  type VisibilityState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  type CSSProperties,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import { useNow } from '../../components/use-now.js';
import { useAppStore } from '../../store/store-context.js';
import { COLUMN_IDS, visibleColumns, type ColumnId } from '../../model/images/column-prefs.js';
import { COMPACT_COLUMNS, DESC_FIRST, gridTracks, imageColumns } from './columns.js';
import { gridAction } from './grid-keys.js';
import { groupKey, imageOf, keyOf, type DisplayRow } from '../../model/images/grouping.js';
import { HeaderRow } from './header-row.js';
import { clickRow, isSelected, moveActive, toggleAll } from '../../model/images/selection.js';
import { toggleSort } from '../../model/images/sorting.js';
import { useScrollAnchor } from './use-scroll-anchor.js';
import { VirtualRow } from './virtual-row.js';

export const ROW_HEIGHT = 36;

export interface ImagesTableProps {
  display: DisplayRow[];
  /** Ids of every image the filters let through (what "select all" selects). */
  filteredIds: readonly string[];
  /** The grid's accessible name. */
  label: string;
  /** When this changes (a new filter or order), the grid scrolls back to the top. */
  resetKey: string;
  /** Opens the details panel on the active image. */
  onOpen(): void;
}

export function ImagesTable({ display, filteredIds, label, resetKey, onOpen }: ImagesTableProps) {
  const sorting = useAppStore((s) => s.sorting);
  const setSorting = useAppStore((s) => s.setSorting);
  const prefs = useAppStore((s) => s.columnPrefs);
  const selection = useAppStore((s) => s.selection);
  const setSelection = useAppStore((s) => s.setSelection);
  const toggleGroup = useAppStore((s) => s.toggleGroup);
  const grouped = useAppStore((s) => s.groupBy === 'repository');
  const detailsOpen = useAppStore((s) => s.detailsOpen);
  const setDetailsOpen = useAppStore((s) => s.setDetailsOpen);
  const now = useNow(30_000);
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLTableElement>(null);
  const baseId = useId();

  // Handlers read the latest rows through a ref, so they stay the same between renders and the
  // memoized rows do not re-render for them.
  const displayRef = useRef(display);
  useLayoutEffect(() => {
    displayRef.current = display;
  }, [display]);

  const virtualizer = useVirtualizer({
    count: display.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const windowed = useMemo(
    () =>
      items.flatMap((item) => {
        const row = display[item.index];
        return row ? [{ row, index: item.index, start: item.start }] : [];
      }),
    [items, display],
  );
  const visible = useMemo(() => windowed.map((w) => w.row), [windowed]);

  const shown = visibleColumns(prefs).filter((id) => !detailsOpen || COMPACT_COLUMNS.has(id));
  const columnsKey = shown.join(',');
  const columnVisibility = useMemo<VisibilityState>(
    () => Object.fromEntries(COLUMN_IDS.map((id) => [id, columnsKey.split(',').includes(id)])),
    [columnsKey],
  );
  const columnOrder: ColumnOrderState = prefs.order;
  const table = useReactTable({
    data: visible,
    columns: imageColumns,
    state: { columnVisibility, columnOrder },
    manualSorting: true,
    getRowId: keyOf,
    getCoreRowModel: getCoreRowModel(),
    meta: { now },
  });
  const tableRows = table.getRowModel().rows;
  const tracks = gridTracks(shown);

  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [resetKey]);
  useScrollAnchor(scrollRef, display, ROW_HEIGHT, keyOf);

  const activeIndex = useMemo(
    () =>
      selection.active === null ? -1 : display.findIndex((d) => keyOf(d) === selection.active),
    [display, selection.active],
  );

  const focusGrid = (): void => gridRef.current?.focus({ preventScroll: true });

  const onRowClick = useCallback(
    (key: string, e: MouseEvent) => {
      const target = e.target as HTMLElement;
      if (target.closest('button, a, input')) return;
      const d = displayRef.current.find((row) => keyOf(row) === key);
      if (d?.kind === 'group' && !e.shiftKey && !(e.ctrlKey || e.metaKey)) {
        toggleGroup(d.repository);
        setSelection((s) => ({ ...s, active: key, anchor: key }));
      } else {
        setSelection((s) =>
          clickRow(s, displayRef.current, key, {
            range: e.shiftKey,
            toggle: e.ctrlKey || e.metaKey,
          }),
        );
      }
      gridRef.current?.focus({ preventScroll: true });
    },
    [setSelection, toggleGroup],
  );

  const onRowDoubleClick = useCallback(
    (key: string) => {
      const d = displayRef.current.find((row) => keyOf(row) === key);
      if (d && imageOf(d)) onOpen();
    },
    [onOpen],
  );

  const onCheck = useCallback(
    (key: string, e: MouseEvent) => {
      setSelection((s) =>
        clickRow(s, displayRef.current, key, { range: e.shiftKey, toggle: true }),
      );
    },
    [setSelection],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>): void => {
    const active = activeIndex >= 0 ? (display[activeIndex] ?? null) : null;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 360) / ROW_HEIGHT) - 2);
    const action = gridAction(e, active, page);
    if (!action) return;
    e.preventDefault();
    switch (action.kind) {
      case 'move': {
        const next = moveActive(selection, display, action.by, action.extend);
        setSelection(next);
        const at = display.findIndex((d) => keyOf(d) === next.active);
        if (at >= 0) virtualizer.scrollToIndex(at, { align: 'auto' });
        break;
      }
      case 'open':
        onOpen();
        break;
      case 'expand':
        if (active?.kind === 'group') toggleGroup(active.repository, action.open);
        break;
      case 'toParent':
        if (active?.kind === 'child') {
          const key = groupKey(active.repository);
          setSelection((s) => ({ ...s, active: key, anchor: key }));
          const at = display.findIndex((d) => keyOf(d) === key);
          if (at >= 0) virtualizer.scrollToIndex(at, { align: 'auto' });
        }
        break;
      case 'toggleSelect':
        if (active) setSelection((s) => clickRow(s, display, keyOf(active), { toggle: true }));
        break;
      case 'selectAll':
        setSelection((s) => toggleAll(s, filteredIds));
        break;
      case 'escape':
        if (selection.selected.size > 0) setSelection((s) => ({ ...s, selected: new Set() }));
        else if (detailsOpen) setDetailsOpen(false);
        break;
    }
  };

  const selectedCount = filteredIds.reduce((n, id) => n + (selection.selected.has(id) ? 1 : 0), 0);
  const allState =
    selectedCount === 0 ? false : selectedCount === filteredIds.length ? true : ('mixed' as const);

  return (
    <div className="table-scroll" ref={scrollRef} data-testid="images-table-scroll">
      <table
        ref={gridRef}
        role={grouped ? 'treegrid' : 'grid'}
        className="data-table images-grid"
        aria-label={label}
        aria-rowcount={display.length + 1}
        aria-multiselectable="true"
        aria-activedescendant={activeIndex >= 0 ? `${baseId}-r${activeIndex}` : undefined}
        tabIndex={0}
        data-testid="images-table"
        style={
          { '--dt-columns': tracks.template, minWidth: `${tracks.minWidth}px` } as CSSProperties
        }
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          // Landing on the grid with no active row makes the first one active.
          if (e.target === e.currentTarget && activeIndex < 0 && display.length > 0) {
            setSelection((s) => ({ ...s, active: keyOf(display[0] as DisplayRow) }));
          }
        }}
      >
        <HeaderRow
          table={table}
          allState={allState}
          onToggleAll={() => {
            setSelection((s) => toggleAll(s, filteredIds));
            focusGrid();
          }}
          sorting={sorting}
          onSort={(id, multi) =>
            setSorting((current) => toggleSort(current, id, DESC_FIRST.has(id as ColumnId), multi))
          }
        />
        <tbody
          role="rowgroup"
          className="dt-body"
          style={{ height: `${virtualizer.getTotalSize()}px` }}
        >
          {tableRows.map((row, k) => {
            const item = windowed[k];
            if (!item) return null;
            return (
              <VirtualRow
                key={row.id}
                rowKey={row.id}
                row={row}
                index={item.index}
                start={item.start}
                selected={isSelected(selection, row.original)}
                active={item.index === activeIndex}
                domId={`${baseId}-r${item.index}`}
                columnsKey={columnsKey}
                now={now}
                onRowClick={onRowClick}
                onRowDoubleClick={onRowDoubleClick}
                onCheck={onCheck}
              />
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
