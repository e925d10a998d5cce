/** The data grid and what goes with it: columns, sorting, the skeleton, the keyboard model. */
export { DataGrid } from './data-grid.js';
export { Checkbox } from './cells.js';
export type { DataGridProps, GridSelection, GridTree, RowAttributes } from './grid-types.js';
export { CellText, gridColumn, gridTracks, type GridColumnSpec } from './columns.js';
export { GridSkeleton } from './grid-skeleton.js';
export { compareValues, sortRows, toggleSort, type SortKey, type SortValue } from './sorting.js';
export { movedIndex } from './grid-keys.js';
