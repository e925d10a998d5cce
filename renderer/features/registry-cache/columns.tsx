/**
 * The registry cache table's columns, typed constants: what each shows and its grid track (a least
 * width, and a share of what is left for the flexible one). Rows come in key order, the order the
 * registry is paged in, so the columns do not sort: a sort over the loaded part would mislead.
 */
import type { ColumnDef } from '@tanstack/react-table';
import {
  ActionsCell,
  AgeCell,
  ArtifactCell,
  CreatedCell,
  DigestCell,
  KeyCell,
  PinCell,
  SizeCell,
} from './cells.js';
import type { CacheRow } from '../../model/registry-cache/cache-rows.js';

interface ColumnSpec {
  id: string;
  header: string;
  track: string;
  numeric?: boolean;
  cell: ColumnDef<CacheRow>['cell'];
}

const SPECS: ColumnSpec[] = [
  { id: 'key', header: 'Key', track: '150px', cell: (c) => <KeyCell row={c.row.original} /> },
  {
    id: 'artifact',
    header: 'Artifact',
    track: 'minmax(100px, 1fr)',
    cell: (c) => <ArtifactCell row={c.row.original} />,
  },
  {
    id: 'digest',
    header: 'Digest',
    track: '112px',
    cell: (c) => <DigestCell row={c.row.original} />,
  },
  {
    id: 'created',
    header: 'Created',
    track: '128px',
    cell: (c) => <CreatedCell row={c.row.original} />,
  },
  {
    id: 'age',
    header: 'Age vs TTL',
    track: '190px',
    cell: (c) => <AgeCell row={c.row.original} />,
  },
  {
    id: 'size',
    header: 'Size',
    track: '76px',
    numeric: true,
    cell: (c) => <SizeCell row={c.row.original} />,
  },
  {
    id: 'pin',
    header: 'Your builds',
    track: '220px',
    cell: (c) => <PinCell row={c.row.original} />,
  },
  {
    id: 'actions',
    header: 'Actions',
    track: '120px',
    cell: (c) => <ActionsCell row={c.row.original} />,
  },
];

export const CACHE_GRID_TEMPLATE = SPECS.map((s) => s.track).join(' ');

export const CACHE_COLUMNS: ColumnDef<CacheRow>[] = SPECS.map((s): ColumnDef<CacheRow> => ({
  id: s.id,
  header: s.header,
  cell: s.cell,
  enableSorting: false,
  meta: { className: `rc-col-${s.id}${s.numeric ? ' ac-num-col' : ''}` },
}));
