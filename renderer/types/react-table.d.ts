import '@tanstack/react-table';
import type { RowData } from '@tanstack/react-table';

declare module '@tanstack/react-table' {
  interface TableMeta<TData extends RowData> {
    /** Unix ms the relative times are measured against; ticks so "3 minutes ago" stays true. */
    now: number;
    /** Unused; keeps the type parameter in use. */
    _row?: TData;
  }
  /** What a data grid knows of a column beyond TanStack's definition (see `gridColumn`). */
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Class on the column's header and cells. */
    className?: string;
    /** Least width in px. */
    min?: number;
    /** Share of the width left over; none: the column keeps `min`. */
    fr?: number;
    /** Right-aligned numbers. */
    numeric?: boolean;
    /** Its head sorts when the grid sorts (true unless false). */
    sortable?: boolean;
    /** The first click on its head sorts descending. */
    descFirst?: boolean;
    /** Unused; keep the type parameters in use. */
    _types?: [TData, TValue];
  }
}
