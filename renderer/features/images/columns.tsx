/**
 * The images table's columns: typed constants; cells read the row's own fields. Sorting is done
 * outside the table (`sortRows`, by `ROW_COMPARATORS` under the same column ids), so that only
 * the visible rows become table rows.
 */
import type { ColumnDef } from '@tanstack/react-table';
import { CreatedCell, IdCell, NameCell, SizeCell, StatusCell } from './cells.js';
import { statusRank, type ImageRow, type SortableColumnId } from './rows.js';

type ImageColumn = ColumnDef<ImageRow> & { id: SortableColumnId };

export const imageColumns: ImageColumn[] = [
  {
    id: 'repository',
    accessorKey: 'repository',
    header: 'Repository',
    sortDescFirst: false,
    cell: ({ row }) => <NameCell value={row.original.repository} />,
    meta: { className: 'col-repo' },
  },
  {
    id: 'tag',
    accessorKey: 'tag',
    header: 'Tag',
    sortDescFirst: false,
    cell: ({ row }) => <NameCell value={row.original.tag} />,
    meta: { className: 'col-tag' },
  },
  {
    id: 'imageId',
    accessorKey: 'shortId',
    header: 'Image ID',
    sortDescFirst: false,
    cell: ({ row }) => <IdCell shortId={row.original.shortId} id={row.original.imageId} />,
    meta: { className: 'col-id' },
  },
  {
    id: 'size',
    accessorKey: 'size',
    header: 'Size',
    sortDescFirst: true,
    cell: ({ row }) => <SizeCell bytes={row.original.size} />,
    meta: { className: 'col-size' },
  },
  {
    id: 'created',
    accessorKey: 'created',
    header: 'Created',
    sortDescFirst: true,
    cell: ({ row, table }) => (
      <CreatedCell created={row.original.created} now={table.options.meta?.now ?? 0} />
    ),
    meta: { className: 'col-created' },
  },
  {
    id: 'status',
    accessorFn: statusRank,
    header: 'Status',
    sortDescFirst: true,
    cell: ({ row }) => (
      <StatusCell containers={row.original.image.containers} dangling={row.original.dangling} />
    ),
    meta: { className: 'col-status' },
  },
];
