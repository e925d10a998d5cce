/**
 * The lookup log: a DataGrid over the loaded rows (only the rows in view are drawn), loading older
 * pages as the end comes into view. Rows that arrive live are merged in above, and the rows being
 * read stay where they are. Clicking a row, or moving onto it with the keys, opens its details.
 */
import { useEffect, useMemo, useState } from 'react';
import type { LookupRecord } from '../../../shared/history.js';
import { DataGrid } from '../../components/data-grid/index.js';
import { HIDDEN_WHEN_COMPACT, logColumns } from './log-columns.js';

const ROW_HEIGHT = 34;

const ALL_COLUMNS = logColumns.map((c) => c.id ?? '');
const COMPACT_COLUMNS = ALL_COLUMNS.filter((id) => !HIDDEN_WHEN_COMPACT.includes(id));

const keyOf = (r: LookupRecord): string => String(r.id);

const rowAttributes = (r: LookupRecord) => ({
  className: `row-${r.status.toLowerCase()}`,
  'data-testid': 'lookup-row',
  'data-status': r.status,
});

interface Props {
  rows: LookupRecord[];
  hasMore: boolean;
  loadingMore: boolean;
  selectedId: number | null;
  /** Fewer columns, beside the details panel. */
  compact: boolean;
  now: number;
  onSelect(id: number | null): void;
  onLoadMore(): void;
}

export function LookupLog({
  rows,
  hasMore,
  loadingMore,
  selectedId,
  compact,
  now,
  onSelect,
  onLoadMore,
}: Props) {
  const [lastIndex, setLastIndex] = useState(-1);
  const meta = useMemo(() => ({ now }), [now]);

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - 20) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, onLoadMore]);

  const selectedKey = selectedId === null ? null : String(selectedId);
  return (
    <DataGrid
      rows={rows}
      columns={logColumns}
      rowKey={keyOf}
      label="Lookup log"
      shownColumns={compact ? COMPACT_COLUMNS : ALL_COLUMNS}
      rowHeight={ROW_HEIGHT}
      overscan={10}
      meta={meta}
      activeKey={selectedKey}
      onActiveChange={(key) => onSelect(key === null ? null : Number(key))}
      onRowClick={(r) => onSelect(r.id === selectedId ? null : r.id)}
      rowAttributes={rowAttributes}
      onLastIndexChange={setLastIndex}
      footer={loadingMore && <div className="dg-foot">Loading older lookups…</div>}
      className="hist-log"
      framed={false}
      testId="lookup-log"
    />
  );
}
