/**
 * The cache entries as a DataGrid: sorted here by the order kept in the store (newest use first
 * by default), rows keyed by cache key, relative times measured against a ticking clock. Delete
 * on the active row asks to evict it.
 */
import { useMemo, useState } from 'react';
import { DataGrid, sortRows } from '../../components/data-grid/index.js';
import { useNow } from '../../components/use-now.js';
import { useAppStore } from '../../store/store-context.js';
import { ENTRY_COLUMNS } from './columns.js';
import { useRowActions } from './row-actions.js';
import { sortValue, type EntryRow } from './entry-rows.js';

const keyOf = (r: EntryRow): string => r.id;

const rowAttributes = (r: EntryRow) => ({
  className: `ac-row-${r.state}`,
  'data-testid': 'artifact-row',
});

export function ArtifactsTable({ rows }: { rows: EntryRow[] }) {
  const sorting = useAppStore((s) => s.artifactsSorting);
  const setSorting = useAppStore((s) => s.setArtifactsSorting);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const { evict } = useRowActions();
  const now = useNow(30_000);
  const meta = useMemo(() => ({ now }), [now]);
  const sorted = useMemo(() => sortRows(rows, sorting, sortValue), [rows, sorting]);
  return (
    <DataGrid
      rows={sorted}
      columns={ENTRY_COLUMNS}
      rowKey={keyOf}
      label="Artifact cache entries"
      meta={meta}
      sorting={sorting}
      onSortingChange={setSorting}
      activeKey={activeKey}
      onActiveChange={setActiveKey}
      onRemove={evict}
      rowAttributes={rowAttributes}
      className="ac-table"
    />
  );
}
