/**
 * A data grid's head row: the column heads (a sortable head is a button that sorts by its column,
 * Shift adding a further key when the grid sorts by several) and the selection column's box for
 * every row.
 */
import type { Header, HeaderGroup, SortingState } from '@tanstack/react-table';
import type { RefObject } from 'react';
import { Checkbox, cellClass } from './cells.js';
import type { GridSelection } from './grid-types.js';
import { toggleSort } from './sorting.js';

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

/** Sorts by a column: its id, whether it sorts descending first, whether Shift was held. */
type OnSort = (id: string, descFirst: boolean, multi: boolean) => void;

function HeaderCell<T>({
  header,
  sorting,
  onSort,
  multiSort,
}: {
  header: Header<T, unknown>;
  sorting: SortingState | undefined;
  onSort: OnSort | undefined;
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

export function GridHeader<T>({
  groups,
  selection,
  sorting,
  onSortingChange,
  multiSort,
  gridRef,
}: {
  groups: HeaderGroup<T>[];
  selection: GridSelection<T> | undefined;
  sorting: SortingState | undefined;
  /** Without it the heads do not sort. */
  onSortingChange: ((sorting: SortingState) => void) | undefined;
  multiSort: boolean;
  /** The grid, which keeps the focus after a click on the box. */
  gridRef: RefObject<HTMLDivElement | null>;
}) {
  const onSort: OnSort | undefined = onSortingChange
    ? (id, descFirst, multi) => onSortingChange(toggleSort(sorting ?? [], id, descFirst, multi))
    : undefined;
  return (
    <div role="rowgroup" className="dg-head">
      {groups.map((group) => (
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
              onSort={onSort}
              multiSort={multiSort}
            />
          ))}
        </div>
      ))}
    </div>
  );
}
