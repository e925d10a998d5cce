/**
 * The data grid every table of the app is: a TanStack table over the rows in view only (TanStack
 * Virtual picks them out of rows already filtered and sorted by the page, so a delta never builds
 * a table row per item), sortable heads, an optional selection column, tree rows, and one keyboard
 * model (`grid-keys.ts`). The grid is one focus stop: arrow keys, Page Up/Down and Home/End move
 * the active row (`aria-activedescendant`), Enter opens it, Escape lets go. Rows added above the
 * ones in view (live updates) leave the view where it was.
 */
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type Header,
  type Row,
  type SortingState,
  type TableMeta,
  type VisibilityState,
} from '@tanstack/react-table';
import {
  memo,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  type CSSProperties,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { useVirtualRows } from '../../lib/use-virtual-rows.js';
import { gridTracks } from './columns.js';
import { gridAction, movedIndex, type GridAction, type KeyedRow } from './grid-keys.js';
import { toggleSort } from './sorting.js';
import { useScrollAnchor } from './use-scroll-anchor.js';

/** The leading checkbox column of a grid whose rows are picked for an action. */
export interface GridSelection<T> {
  /** A row's box: a group is `mixed` when some of its rows are checked. */
  checked(row: T): boolean | 'mixed';
  /** The head's box, for every row the filters let through. */
  all: boolean | 'mixed';
  allLabel: string;
  /** The accessible name of a row's box: `Select nginx:1.27`. */
  rowLabel(row: T): string;
  /** A click on a row's box (Shift: a range). */
  onCheck(row: T, e: MouseEvent): void;
  onCheckAll(): void;
}

/** Rows as a tree: groups that open and close, and the rows under them. */
export interface GridTree<T> {
  /** `group` (with `expanded`), `child`, or any other kind for a row outside the tree. */
  info(row: T): KeyedRow;
  onExpand(row: T, open: boolean): void;
  onToParent(row: T): void;
}

/** `data-` attributes, a test id and classes of a row: read from the row alone. */
export type RowAttributes = { className?: string } & Record<`data-${string}`, string | undefined>;

export interface DataGridProps<T> {
  /** Every row, in order (already filtered and sorted). */
  rows: readonly T[];
  columns: ColumnDef<T>[];
  /** A row's key: stable across updates (a module-level function, so it keeps its identity). */
  rowKey(row: T): string;
  /** The grid's accessible name. */
  label: string;
  /** The ids of the columns shown, in order; all by default. */
  shownColumns?: readonly string[];
  rowHeight?: number;
  overscan?: number;
  /** Rows in the whole list when only part of it is loaded (`aria-rowcount`). */
  rowCount?: number;
  meta?: TableMeta<T>;
  /** The order shown on the heads; with `onSortingChange` the heads sort. */
  sorting?: SortingState;
  onSortingChange?(sorting: SortingState): void;
  /** Shift-click on a head adds a further sort key. */
  multiSort?: boolean;
  /** The row the keyboard is on. */
  activeKey?: string | null;
  /** The active row changed (a click, a move; null on Escape). */
  onActiveChange?(key: string | null): void;
  /** Focus landing on the grid with no active row makes the first one active. */
  activateOnFocus?: boolean;
  /** `aria-selected` of a row; by default, whether it is the active one. */
  isSelected?(row: T): boolean;
  selection?: GridSelection<T>;
  tree?: GridTree<T>;
  /** Replaces the plain move of the active row (a grid whose moves also select). */
  onMove?(by: number, extend: boolean): void;
  /** Enter on a row, or a double click. */
  onOpen?(row: T): void;
  /** Delete on a row. */
  onRemove?(row: T): void;
  /** Space on a row. */
  onToggleSelect?(row: T): void;
  /** Ctrl/Cmd+A. */
  onSelectAll?(): void;
  /** Escape; by default the active row is let go. */
  onEscape?(): void;
  /** A click on a row (not on a control in it); by default it becomes the active row. */
  onRowClick?(row: T, e: MouseEvent): void;
  rowAttributes?(row: T): RowAttributes;
  /** When this changes (a new filter or order), the grid scrolls back to the top. */
  resetKey?: string;
  /** The index of the last row drawn, each time it changes: for loading the next page. */
  onLastIndexChange?(index: number): void;
  /** Under the rows, in the scrolling frame: "loading more", "end of the list". */
  footer?: ReactNode;
  className?: string;
  /** Drawn with its own border (by default); without, inside a card that has one. */
  framed?: boolean;
  testId?: string;
  scrollTestId?: string;
}

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

/** A checkbox that can show `mixed`; clicks go to `onToggle` only (the row does not hear them). */
export function Checkbox({
  checked,
  label,
  onToggle,
  testId,
}: {
  checked: boolean | 'mixed';
  label: string;
  onToggle(e: MouseEvent): void;
  testId?: string;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = checked === 'mixed';
  }, [checked]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className="checkbox"
      aria-label={label}
      checked={checked === true}
      readOnly
      tabIndex={-1}
      data-testid={testId}
      onClick={(e) => {
        e.stopPropagation();
        onToggle(e);
      }}
    />
  );
}

function cellClass(meta: { className?: string; numeric?: boolean } | undefined): string {
  return `dg-cell${meta?.numeric ? ' dg-num' : ''}${meta?.className ? ` ${meta.className}` : ''}`;
}

function HeaderCell<T>({
  header,
  sorting,
  onSort,
  multiSort,
}: {
  header: Header<T, unknown>;
  sorting: SortingState | undefined;
  onSort: ((id: string, descFirst: boolean, multi: boolean) => void) | undefined;
  multiSort: boolean;
}) {
  const column = header.column;
  const meta = column.columnDef.meta;
  const label = String(column.columnDef.header ?? '');
  const sortable = onSort !== undefined && sorting !== undefined && meta?.sortable !== false;
  if (!sortable) {
    return (
      <div role="columnheader" className={cellClass(meta)} data-column={column.id}>
        <span className="truncate" title={label}>
          {label}
        </span>
      </div>
    );
  }
  const at = sorting.findIndex((k) => k.id === column.id);
  const key = sorting[at];
  const direction = key ? (key.desc ? 'desc' : 'asc') : null;
  return (
    <div
      role="columnheader"
      className={cellClass(meta)}
      aria-sort={at === 0 && direction ? ARIA_SORT[direction] : 'none'}
      data-column={column.id}
    >
      <button
        type="button"
        className="dg-sort"
        onClick={(e) => onSort(column.id, meta?.descFirst ?? false, multiSort && e.shiftKey)}
        title={`Sort by ${label}${multiSort ? ' (Shift: add as a further key)' : ''}`}
      >
        <span className="truncate">{label}</span>
        <span className={`dg-sort-mark${direction ? ' is-sorted' : ''}`} aria-hidden="true">
          {direction === 'asc' ? '▲' : '▼'}
          {at > 0 && <sub>{at + 1}</sub>}
        </span>
      </button>
    </div>
  );
}

/** What a row needs from the grid, kept the same between renders (the rows are memoized). */
interface RowHandlers<T> {
  click(row: T, key: string, e: MouseEvent): void;
  doubleClick(row: T, e: MouseEvent): void;
  check(row: T, e: MouseEvent): void;
  attributes(row: T): RowAttributes | undefined;
  tree(row: T): KeyedRow | undefined;
  checkLabel(row: T): string;
}

interface GridRowProps<T> {
  row: Row<T>;
  rowKey: string;
  /** Position in the rows (0-based). */
  index: number;
  start: number;
  selected: boolean;
  /** The row's box; undefined without a selection column. */
  checked: boolean | 'mixed' | undefined;
  active: boolean;
  domId: string;
  /** Changes when the shown columns change, so the row draws again. */
  columnsKey: string;
  meta: TableMeta<T> | undefined;
  handlers: RowHandlers<T>;
}

function GridRowView<T>(props: GridRowProps<T>) {
  const { row, rowKey, index, start, selected, checked, active, domId, handlers } = props;
  const original = row.original;
  const attributes = handlers.attributes(original);
  const tree = handlers.tree(original);
  const classes = ['dg-row'];
  if (attributes?.className) classes.push(attributes.className);
  if (selected) classes.push('is-selected');
  if (active) classes.push('is-active');
  const { className: _className, ...data } = attributes ?? {};
  return (
    <div
      {...data}
      id={domId}
      role="row"
      className={classes.join(' ')}
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-level={
        tree && tree.kind !== 'leaf' ? (tree.level ?? (tree.kind === 'child' ? 2 : 1)) : undefined
      }
      aria-expanded={tree?.kind === 'group' ? (tree.expanded ?? false) : undefined}
      data-index={index}
      data-key={rowKey}
      style={{ transform: `translateY(${start}px)` }}
      onMouseDown={(e) => {
        // Shift-click picks rows, not text.
        if (e.shiftKey) e.preventDefault();
      }}
      onClick={(e) => handlers.click(original, rowKey, e)}
      onDoubleClick={(e) => handlers.doubleClick(original, e)}
    >
      {checked !== undefined && (
        <div role="gridcell" className="dg-cell dg-select">
          <Checkbox
            checked={checked}
            label={handlers.checkLabel(original)}
            onToggle={(e) => handlers.check(original, e)}
          />
        </div>
      )}
      {row.getVisibleCells().map((cell) => (
        <div key={cell.column.id} role="gridcell" className={cellClass(cell.column.columnDef.meta)}>
          {flexRender(cell.column.columnDef.cell, cell.getContext())}
        </div>
      ))}
    </div>
  );
}

const GridRow = memo(
  GridRowView,
  (a, b) =>
    a.row.original === b.row.original &&
    a.rowKey === b.rowKey &&
    a.index === b.index &&
    a.start === b.start &&
    a.selected === b.selected &&
    a.checked === b.checked &&
    a.active === b.active &&
    a.domId === b.domId &&
    a.columnsKey === b.columnsKey &&
    a.meta === b.meta &&
    a.handlers === b.handlers,
) as typeof GridRowView;

/** Clicks on a control inside a row are the control's. */
function onControl(e: MouseEvent): boolean {
  return (e.target as HTMLElement).closest('button, a, input, select, textarea, label') !== null;
}

export function DataGrid<T>(props: DataGridProps<T>) {
  const {
    rows,
    columns,
    rowKey,
    rowHeight = 36,
    activeKey = null,
    selection,
    tree,
    sorting,
    onSortingChange,
  } = props;
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
  const tableRows = table.getRowModel().rows;
  const tracks = gridTracks(columns, shown, selection !== undefined);

  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [props.resetKey, scrollRef]);
  useScrollAnchor(scrollRef, rows, rowHeight, rowKey);

  const activeIndex = useMemo(
    () => (activeKey === null ? -1 : rows.findIndex((r) => rowKey(r) === activeKey)),
    [rows, activeKey, rowKey],
  );

  // After a move by the keyboard, the active row is brought into view once it is known.
  const scrollToActive = useRef(false);
  useLayoutEffect(() => {
    if (!scrollToActive.current) return;
    scrollToActive.current = false;
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  const onLastIndexChange = props.onLastIndexChange;
  useEffect(() => {
    onLastIndexChange?.(lastIndex);
  }, [lastIndex, onLastIndexChange]);

  const handlers = useMemo<RowHandlers<T>>(
    () => ({
      click(row, key, e) {
        if (onControl(e)) return;
        const p = latest.current;
        if (p.onRowClick) p.onRowClick(row, e);
        else p.onActiveChange?.(key);
        gridRef.current?.focus({ preventScroll: true });
      },
      doubleClick(row, e) {
        if (!onControl(e)) latest.current.onOpen?.(row);
      },
      check(row, e) {
        latest.current.selection?.onCheck(row, e);
      },
      attributes: (row) => latest.current.rowAttributes?.(row),
      tree: (row) => latest.current.tree?.info(row),
      checkLabel: (row) => latest.current.selection?.rowLabel(row) ?? '',
    }),
    [],
  );

  const onSort = useCallback((id: string, descFirst: boolean, multi: boolean) => {
    const p = latest.current;
    p.onSortingChange?.(toggleSort(p.sorting ?? [], id, descFirst, multi));
  }, []);

  /** Carries out a key's action; false when the grid has nothing to do for it. */
  const perform = (action: GridAction, active: T | null): boolean => {
    const p = props;
    switch (action.kind) {
      case 'move':
        if (p.onMove) p.onMove(action.by, action.extend);
        else {
          const next = rows[movedIndex(activeIndex, action.by, rows.length)];
          if (!next || !p.onActiveChange) return false;
          p.onActiveChange(rowKey(next));
        }
        scrollToActive.current = true;
        return true;
      case 'open':
        if (!active || !p.onOpen) return false;
        p.onOpen(active);
        return true;
      case 'expand':
        if (!active || !tree) return false;
        tree.onExpand(active, action.open);
        return true;
      case 'toParent':
        if (!active || !tree) return false;
        tree.onToParent(active);
        scrollToActive.current = true;
        return true;
      case 'toggleSelect':
        if (!active || !p.onToggleSelect) return false;
        p.onToggleSelect(active);
        return true;
      case 'selectAll':
        if (!p.onSelectAll) return false;
        p.onSelectAll();
        return true;
      case 'remove':
        if (!active || !p.onRemove) return false;
        p.onRemove(active);
        return true;
      case 'escape':
        if (p.onEscape) p.onEscape();
        else if (activeKey !== null && p.onActiveChange) p.onActiveChange(null);
        else return false;
        return true;
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.target !== e.currentTarget) return; // keys typed on a row's controls are theirs
    const active = activeIndex >= 0 ? (rows[activeIndex] ?? null) : null;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 360) / rowHeight) - 2);
    const info = active ? (tree?.info(active) ?? { kind: 'row' }) : null;
    const action = gridAction(e, info, page);
    if (action && perform(action, active)) e.preventDefault();
  };

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
        aria-activedescendant={activeIndex >= 0 ? `${baseId}-r${activeIndex}` : undefined}
        tabIndex={0}
        data-testid={props.testId}
        style={gridStyle}
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          // Landing on the grid with no active row makes the first one active.
          const first = rows[0];
          if (!props.activateOnFocus || e.target !== e.currentTarget) return;
          if (activeIndex < 0 && first !== undefined) {
            props.onActiveChange?.(rowKey(first));
          }
        }}
      >
        <div role="rowgroup" className="dg-head">
          {table.getHeaderGroups().map((group) => (
            <div role="row" className="dg-row" aria-rowindex={1} key={group.id}>
              {selection && (
                <div role="columnheader" className="dg-cell dg-select">
                  <Checkbox
                    checked={selection.all}
                    label={selection.allLabel}
                    testId="select-all"
                    onToggle={() => {
                      selection.onCheckAll();
                      gridRef.current?.focus({ preventScroll: true });
                    }}
                  />
                </div>
              )}
              {group.headers.map((header) => (
                <HeaderCell
                  key={header.id}
                  header={header}
                  sorting={sorting}
                  onSort={onSortingChange ? onSort : undefined}
                  multiSort={props.multiSort ?? false}
                />
              ))}
            </div>
          ))}
        </div>
        <div
          role="rowgroup"
          className="dg-body"
          style={{ height: `${virtualizer.getTotalSize()}px` }}
        >
          {tableRows.map((row, k) => {
            const item = items[k];
            if (!item) return null;
            const original = row.original;
            return (
              <GridRow
                key={row.id}
                row={row}
                rowKey={row.id}
                index={item.index}
                start={item.start}
                selected={
                  props.isSelected ? props.isSelected(original) : item.index === activeIndex
                }
                checked={selection?.checked(original)}
                active={item.index === activeIndex}
                domId={`${baseId}-r${item.index}`}
                columnsKey={columnsKey}
                meta={props.meta}
                handlers={handlers}
              />
            );
          })}
        </div>
      </div>
      {props.footer}
    </div>
  );
}
