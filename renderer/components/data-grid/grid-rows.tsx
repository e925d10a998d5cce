/**
 * A data grid's body: the rows in view, each placed at its offset in the whole list, with the
 * selection column's box, the tree's level and open state, and the page's attributes. Rows are
 * memoized: one draws again only when what it shows changes. A click on a row makes it active (or
 * goes to the page's `onRowClick`), a double click opens it; clicks on a control inside a row are
 * the control's.
 */
import { flexRender, type Row, type TableMeta } from '@tanstack/react-table';
import type { VirtualItem } from '@tanstack/react-virtual';
import { memo, useMemo, type MouseEvent, type RefObject } from 'react';
import { Checkbox, cellClass } from './cells.js';
import type { KeyedRow } from './grid-keys.js';
import type { DataGridProps, GridSelection, RowAttributes } from './grid-types.js';

/** The DOM id of the row at an index (the grid's `aria-activedescendant`). */
export function rowDomId(baseId: string, index: number): string {
  return `${baseId}-r${index}`;
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

export function GridBody<T>({
  tableRows,
  items,
  totalSize,
  activeIndex,
  baseId,
  columnsKey,
  isSelected,
  selection,
  meta,
  latest,
  gridRef,
}: {
  /** The table's rows: the rows in view, in the order of `items`. */
  tableRows: Row<T>[];
  items: VirtualItem[];
  /** The height of every row together, in px. */
  totalSize: number;
  activeIndex: number;
  baseId: string;
  columnsKey: string;
  isSelected: ((row: T) => boolean) | undefined;
  selection: GridSelection<T> | undefined;
  meta: TableMeta<T> | undefined;
  /** The grid's latest props: the handlers read them, so the memoized rows keep the handlers. */
  latest: RefObject<DataGridProps<T>>;
  /** The grid, which takes the focus after a click on a row. */
  gridRef: RefObject<HTMLDivElement | null>;
}) {
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
    [latest, gridRef],
  );

  return (
    <div role="rowgroup" className="dg-body" style={{ height: `${totalSize}px` }}>
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
            selected={isSelected ? isSelected(original) : item.index === activeIndex}
            checked={selection?.checked(original)}
            active={item.index === activeIndex}
            domId={rowDomId(baseId, item.index)}
            columnsKey={columnsKey}
            meta={meta}
            handlers={handlers}
          />
        );
      })}
    </div>
  );
}
