import '@tanstack/react-table';
import type { RowData } from '@tanstack/react-table';

declare module '@tanstack/react-table' {
  interface TableMeta<TData extends RowData> {
    /** Unix ms the relative times are measured against; ticks so "3 minutes ago" stays true. */
    now: number;
    /** Unused; keeps the type parameter in use. */
    _row?: TData;
  }
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Class on the column's header and cells (widths, alignment). */
    className?: string;
    /** Unused; keep the type parameters in use. */
    _types?: [TData, TValue];
  }
}
