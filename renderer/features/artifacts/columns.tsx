/**
 * The cache table's columns, typed constants: what each shows, its least width and its share of
 * what is left. Each sorts by `sortValue` under its own id (the view sorts the rows).
 */
import type { ColumnDef } from '@tanstack/react-table';
import { gridColumn } from '../../components/data-grid/index.js';
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
import type { EntryRow } from './entry-rows.js';

export const ENTRY_COLUMNS: ColumnDef<EntryRow>[] = [
  gridColumn<EntryRow>({
    id: 'artifact',
    header: 'Artifact',
    min: 124,
    fr: 1.4,
    cell: (c) => <ArtifactCell row={c.row.original} />,
  }),
  gridColumn<EntryRow>({
    id: 'key',
    header: 'Key',
    min: 136,
    cell: (c) => <KeyCell row={c.row.original} />,
  }),
  gridColumn<EntryRow>({
    id: 'image',
    header: 'Image',
    min: 112,
    cell: (c) => <ImageCell row={c.row.original} />,
  }),
  gridColumn<EntryRow>({
    id: 'tags',
    header: 'Tags',
    min: 110,
    fr: 1.6,
    cell: (c) => <TagsCell row={c.row.original} />,
  }),
  gridColumn<EntryRow>({
    id: 'size',
    header: 'Size',
    min: 80,
    numeric: true,
    descFirst: true,
    cell: (c) => <SizeCell row={c.row.original} />,
  }),
  gridColumn<EntryRow>({
    id: 'created',
    header: 'Created',
    min: 104,
    descFirst: true,
    cell: (c) => (
      <TimeCell ms={c.row.original.entry.created} now={c.table.options.meta?.now ?? 0} never="—" />
    ),
  }),
  gridColumn<EntryRow>({
    id: 'lastHit',
    header: 'Last hit',
    min: 104,
    descFirst: true,
    cell: (c) => (
      <TimeCell
        ms={c.row.original.entry.lastHitAt}
        now={c.table.options.meta?.now ?? 0}
        never="never"
      />
    ),
  }),
  gridColumn<EntryRow>({
    id: 'hits',
    header: 'Hits',
    min: 60,
    numeric: true,
    descFirst: true,
    cell: (c) => <HitsCell row={c.row.original} />,
  }),
  gridColumn<EntryRow>({
    id: 'status',
    header: 'Status',
    min: 132,
    descFirst: true,
    cell: (c) => <StatusCell row={c.row.original} />,
  }),
  gridColumn<EntryRow>({
    id: 'source',
    header: 'Source',
    min: 84,
    cell: (c) => <SourceCell row={c.row.original} />,
  }),
  gridColumn<EntryRow>({
    id: 'actions',
    header: 'Actions',
    min: 124,
    sortable: false,
    cell: (c) => <ActionsCell row={c.row.original} />,
  }),
];
