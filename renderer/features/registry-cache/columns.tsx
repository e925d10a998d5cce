/**
 * The registry cache table's columns, typed constants: what each shows, its least width and its
 * share of what is left. Rows come in key order, the order the registry is paged in, so the
 * columns do not sort: a sort over the loaded part would mislead.
 */
import type { ColumnDef } from '@tanstack/react-table';
import { gridColumn } from '../../components/data-grid/index.js';
import type { CacheRow } from '../../model/registry-cache/cache-rows.js';
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

export const CACHE_COLUMNS: ColumnDef<CacheRow>[] = [
  gridColumn<CacheRow>({
    id: 'key',
    header: 'Key',
    min: 150,
    cell: (c) => <KeyCell row={c.row.original} />,
  }),
  gridColumn<CacheRow>({
    id: 'artifact',
    header: 'Artifact',
    min: 100,
    fr: 1,
    cell: (c) => <ArtifactCell row={c.row.original} />,
  }),
  gridColumn<CacheRow>({
    id: 'digest',
    header: 'Digest',
    min: 112,
    cell: (c) => <DigestCell row={c.row.original} />,
  }),
  gridColumn<CacheRow>({
    id: 'created',
    header: 'Created',
    min: 152,
    cell: (c) => <CreatedCell row={c.row.original} />,
  }),
  gridColumn<CacheRow>({
    id: 'age',
    header: 'Age vs TTL',
    min: 190,
    cell: (c) => <AgeCell row={c.row.original} />,
  }),
  gridColumn<CacheRow>({
    id: 'size',
    header: 'Size',
    min: 76,
    numeric: true,
    cell: (c) => <SizeCell row={c.row.original} />,
  }),
  gridColumn<CacheRow>({
    id: 'pin',
    header: 'Your builds',
    min: 210,
    cell: (c) => <PinCell row={c.row.original} />,
  }),
  gridColumn<CacheRow>({
    id: 'actions',
    header: 'Actions',
    min: 124,
    cell: (c) => <ActionsCell row={c.row.original} />,
  }),
];
