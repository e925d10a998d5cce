/**
 * The cache table's columns, typed constants. Each sorts by `sortValue` under its own id; widths
 * are grid tracks (a least width, and a share of what is left for the flexible ones).
 */
import type { ColumnDef } from '@tanstack/react-table';
import {
  ActionsCell,
  ArtifactCell,
  HitsCell,
  ImageCell,
  KeyCell,
  SizeCell,
  SourceCell,
  StatusCell,
  TagsCell,
  TimeCell,
} from './cells.js';
import { sortValue, type EntryRow } from './entry-rows.js';

export type EntryColumnId =
  | 'artifact'
  | 'key'
  | 'image'
  | 'tags'
  | 'size'
  | 'created'
  | 'lastHit'
  | 'hits'
  | 'status'
  | 'source'
  | 'actions';

interface ColumnSpec {
  id: EntryColumnId;
  header: string;
  track: string;
  numeric?: boolean;
  /** First click sorts descending (biggest, newest, most first). */
  descFirst?: boolean;
  sortable?: boolean;
  cell: ColumnDef<EntryRow>['cell'];
}

const SPECS: ColumnSpec[] = [
  {
    id: 'artifact',
    header: 'Artifact',
    track: 'minmax(130px, 1.4fr)',
    cell: (c) => <ArtifactCell row={c.row.original} />,
  },
  {
    id: 'key',
    header: 'Key',
    track: '126px',
    cell: (c) => <KeyCell row={c.row.original} />,
  },
  { id: 'image', header: 'Image', track: '104px', cell: (c) => <ImageCell row={c.row.original} /> },
  {
    id: 'tags',
    header: 'Tags',
    track: 'minmax(110px, 1.6fr)',
    cell: (c) => <TagsCell row={c.row.original} />,
  },
  {
    id: 'size',
    header: 'Size',
    track: '84px',
    numeric: true,
    descFirst: true,
    cell: (c) => <SizeCell row={c.row.original} />,
  },
  {
    id: 'created',
    header: 'Created',
    track: '104px',
    descFirst: true,
    cell: (c) => (
      <TimeCell ms={c.row.original.entry.created} now={c.table.options.meta?.now ?? 0} never="—" />
    ),
  },
  {
    id: 'lastHit',
    header: 'Last hit',
    track: '104px',
    descFirst: true,
    cell: (c) => (
      <TimeCell
        ms={c.row.original.entry.lastHitAt}
        now={c.table.options.meta?.now ?? 0}
        never="never"
      />
    ),
  },
  {
    id: 'hits',
    header: 'Hits',
    track: '58px',
    numeric: true,
    descFirst: true,
    cell: (c) => <HitsCell row={c.row.original} />,
  },
  {
    id: 'status',
    header: 'Status',
    track: '148px',
    descFirst: true,
    cell: (c) => <StatusCell row={c.row.original} />,
  },
  {
    id: 'source',
    header: 'Source',
    track: '74px',
    cell: (c) => <SourceCell row={c.row.original} />,
  },
  {
    id: 'actions',
    header: 'Actions',
    track: '120px',
    sortable: false,
    cell: (c) => <ActionsCell row={c.row.original} />,
  },
];

export const GRID_TEMPLATE = SPECS.map((s) => s.track).join(' ');

export const ENTRY_COLUMNS: ColumnDef<EntryRow>[] = [
  // Not shown: sorts by last use (last hit, else when stored), the default order.
  {
    id: 'lastUsed',
    accessorFn: (row) => sortValue(row, 'lastUsed'),
    sortDescFirst: true,
    enableHiding: true,
  },
  ...SPECS.map((s): ColumnDef<EntryRow> => ({
    id: s.id,
    header: s.header,
    accessorFn: (row) => sortValue(row, s.id),
    cell: s.cell,
    enableSorting: s.sortable !== false,
    sortDescFirst: s.descFirst ?? false,
    sortingFn: s.numeric || s.descFirst || s.id === 'status' ? 'basic' : 'text',
    meta: { className: `ac-col-${s.id}${s.numeric ? ' ac-num-col' : ''}` },
  })),
];
