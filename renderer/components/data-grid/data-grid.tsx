/**
 * The data grid every table of the app is: a TanStack table over the rows in view only (TanStack
 * Virtual picks them out of rows already filtered and sorted by the page, so a delta never builds
 * a table row per item), sortable heads (`grid-header.tsx`), an optional selection column, tree
 * rows (`grid-rows.tsx`), and one keyboard model (`grid-keys.ts`, carried out by
 * `use-grid-keys.ts`). The grid is one focus stop: arrow keys, Page Up/Down and Home/End move the
 * active row (`aria-activedescendant`), Enter opens it, Escape lets go. Rows added above the ones
 * in view (live updates) leave the view where it was.
 */
import { getCoreRowModel, useReactTable, type VisibilityState } from '@tanstack/react-table';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, type CSSProperties } from 'react';
import { useVirtualRows } from '../../lib/use-virtual-rows.js';
import { gridTracks } from './columns.js';
import { GridHeader } from './grid-header.js';
import { GridBody, rowDomId } from './grid-rows.js';
import type { DataGridProps } from './grid-types.js';
import { useGridKeys } from './use-grid-keys.js';
import { useScrollAnchor } from './use-scroll-anchor.js';

export function DataGrid<T>(props: DataGridProps<T>) {
  const { rows, columns, rowKey, rowHeight = 36, activeKey = null, selection, tree } = props;
  const { scrollRef, virtualizer, items, visible, lastIndex } = useVirtualRows(
    rows,
    rowHeight,
    props.overscan ?? 12,
  );
  const gridRef = useRef<HTMLDivElement>(null);
  const baseId = useId();

  // Handlers read the latest props through a ref, so the memoized rows keep them.
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });

  const allIds = useMemo(() => columns.map((c) => c.id ?? ''), [columns]);
  const shown = props.shownColumns ?? allIds;
  const columnsKey = shown.join(',');
  const columnVisibility = useMemo<VisibilityState>(() => {
    const on = new Set(columnsKey.split(','));
    return Object.fromEntries(allIds.map((id) => [id, on.has(id)]));
  }, [allIds, columnsKey]);
  const columnOrder = useMemo(() => columnsKey.split(','), [columnsKey]);
  const table = useReactTable({
    data: visible as T[],
    columns,
    state: { columnVisibility, columnOrder },
    manualSorting: true,
    getRowId: rowKey,
    getCoreRowModel: getCoreRowModel(),
    meta: props.meta,
  });
  const tracks = gridTracks(columns, shown, selection !== undefined);

  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [props.resetKey, scrollRef]);
  useScrollAnchor(scrollRef, rows, rowHeight, rowKey);

  const activeIndex = useMemo(
    () => (activeKey === null ? -1 : rows.findIndex((r) => rowKey(r) === activeKey)),
    [rows, activeKey, rowKey],
  );
  const keys = useGridKeys(props, { activeIndex, rowHeight, scrollRef, virtualizer });

  const onLastIndexChange = props.onLastIndexChange;
  useEffect(() => {
    onLastIndexChange?.(lastIndex);
  }, [lastIndex, onLastIndexChange]);

  const gridStyle = {
    '--dg-columns': tracks.template,
    '--dg-row-height': `${rowHeight}px`,
    minWidth: `${tracks.minWidth}px`,
  } as CSSProperties;

  return (
    <div
      className={props.framed === false ? 'dg-scroll dg-unframed' : 'dg-scroll'}
      ref={scrollRef}
      data-testid={props.scrollTestId}
    >
      <div
        ref={gridRef}
        role={tree ? 'treegrid' : 'grid'}
        className={props.className ? `dg ${props.className}` : 'dg'}
        aria-label={props.label}
        aria-rowcount={(props.rowCount ?? rows.length) + 1}
        aria-multiselectable={selection ? true : undefined}
        aria-activedescendant={activeIndex >= 0 ? rowDomId(baseId, activeIndex) : undefined}
        tabIndex={0}
        data-testid={props.testId}
        style={gridStyle}
        onKeyDown={keys.onKeyDown}
        onFocus={keys.onFocus}
      >
        <GridHeader
          groups={table.getHeaderGroups()}
          selection={selection}
          sorting={props.sorting}
          onSortingChange={props.onSortingChange}
          multiSort={props.multiSort ?? false}
          gridRef={gridRef}
        />
        <GridBody
          tableRows={table.getRowModel().rows}
          items={items}
          totalSize={virtualizer.getTotalSize()}
          activeIndex={activeIndex}
          baseId={baseId}
          columnsKey={columnsKey}
          isSelected={props.isSelected}
          selection={selection}
          meta={props.meta}
          latest={latest}
          gridRef={gridRef}
        />
      </div>
      {props.footer}
    </div>
  );
}
