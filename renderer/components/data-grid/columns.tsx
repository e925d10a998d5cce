/**
 * A data grid's columns: TanStack column definitions made from a plain spec (a head, a least
 * width and a share of the width left over, a cell), and the CSS grid tracks of the shown ones.
 * A cell given no renderer shows its value as text that ends in an ellipsis, its full text on
 * hover.
 */
import type { ColumnDef } from '@tanstack/react-table';

export interface GridColumnSpec<T> {
  id: string;
  header: string;
  /** The column's least width in px. */
  min: number;
  /** Its share of the width left over; without one the column keeps `min`. */
  fr?: number;
  /** What the cell shows; by default `value` as truncated text. */
  cell?: ColumnDef<T>['cell'];
  /** The cell's text when no `cell` is given. */
  value?: (row: T) => string;
  /** Numbers: right-aligned. */
  numeric?: boolean;
  /** Its head sorts (when the grid sorts at all). */
  sortable?: boolean;
  /** The first click on its head sorts descending (biggest, newest, most first). */
  descFirst?: boolean;
  /** Class on the column's head and cells. */
  className?: string;
}

/** Text in a cell: one line, an ellipsis when it does not fit, the full text on hover. */
export function CellText({ text, className }: { text: string; className?: string }) {
  return (
    <span className={className ? `truncate ${className}` : 'truncate'} title={text}>
      {text}
    </span>
  );
}

export function gridColumn<T>(spec: GridColumnSpec<T>): ColumnDef<T> {
  const { value } = spec;
  return {
    id: spec.id,
    header: spec.header,
    cell: spec.cell ?? (value ? (c) => <CellText text={value(c.row.original)} /> : () => null),
    meta: {
      className: spec.className,
      min: spec.min,
      fr: spec.fr,
      numeric: spec.numeric,
      sortable: spec.sortable,
      descFirst: spec.descFirst,
    },
  };
}

/** The width of the leading selection column. */
export const SELECT_WIDTH = 40;

/** The `grid-template-columns` and least width of the shown columns, in their order. */
export function gridTracks<T>(
  columns: readonly ColumnDef<T>[],
  shown: readonly string[],
  selectable: boolean,
): { template: string; minWidth: number } {
  const byId = new Map(columns.map((c) => [c.id, c]));
  let minWidth = selectable ? SELECT_WIDTH : 0;
  const tracks = selectable ? [`${SELECT_WIDTH}px`] : [];
  for (const id of shown) {
    const meta = byId.get(id)?.meta;
    const min = meta?.min ?? 100;
    minWidth += min;
    tracks.push(meta?.fr === undefined ? `${min}px` : `minmax(${min}px, ${meta.fr}fr)`);
  }
  return { template: tracks.join(' '), minWidth };
}
