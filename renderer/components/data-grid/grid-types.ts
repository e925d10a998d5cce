/** What a data grid is given: its props, and the selection column and tree rows it can have. */
import type { ColumnDef, SortingState, TableMeta } from '@tanstack/react-table';
import type { MouseEvent, ReactNode } from 'react';
import type { KeyedRow } from './grid-keys.js';

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
