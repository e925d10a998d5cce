/** The images grid's header: select-all, then one sort button per visible column. */
import { flexRender, type Header, type Table } from '@tanstack/react-table';
import type { DisplayRow } from '../../model/images/grouping.js';
import type { SortKey } from '../../model/images/sorting.js';
import { Checkbox } from './virtual-row.js';

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

function HeaderCell({
  header,
  sorting,
  onSort,
}: {
  header: Header<DisplayRow, unknown>;
  sorting: readonly SortKey[];
  onSort(id: string, multi: boolean): void;
}) {
  const column = header.column;
  const at = sorting.findIndex((k) => k.id === column.id);
  const key = sorting[at];
  const direction = key ? (key.desc ? 'desc' : 'asc') : null;
  const label = flexRender(column.columnDef.header, header.getContext());
  return (
    <th
      role="columnheader"
      className={`dt-cell ${column.columnDef.meta?.className ?? ''}`}
      aria-sort={at === 0 && direction ? ARIA_SORT[direction] : 'none'}
      data-column={column.id}
    >
      <button
        type="button"
        className="sort-button"
        onClick={(e) => onSort(column.id, e.shiftKey)}
        title={`Sort by ${String(column.columnDef.header)} (Shift: add as a further key)`}
      >
        <span className="truncate">{label}</span>
        <span className={`sort-mark${direction ? ' is-sorted' : ''}`} aria-hidden="true">
          {direction === 'asc' ? '▲' : '▼'}
          {at > 0 && <sub>{at + 1}</sub>}
        </span>
      </button>
    </th>
  );
}

export function HeaderRow({
  table,
  allState,
  onToggleAll,
  sorting,
  onSort,
}: {
  table: Table<DisplayRow>;
  allState: boolean | 'mixed';
  onToggleAll(): void;
  sorting: readonly SortKey[];
  onSort(id: string, multi: boolean): void;
}) {
  return (
    <thead role="rowgroup" className="dt-head">
      {table.getHeaderGroups().map((group) => (
        <tr role="row" className="dt-row" aria-rowindex={1} key={group.id}>
          <th role="columnheader" className="dt-cell col-select">
            <Checkbox
              checked={allState}
              label="Select all filtered images"
              testId="select-all"
              onToggle={onToggleAll}
            />
          </th>
          {group.headers.map((header) => (
            <HeaderCell key={header.id} header={header} sorting={sorting} onSort={onSort} />
          ))}
        </tr>
      ))}
    </thead>
  );
}
