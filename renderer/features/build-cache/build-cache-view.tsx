/**
 * The Build cache page: BuildKit's records with totals on top (all, reclaimable, in use, shared;
 * per type), when the listing was computed with a Refresh, the growth over time and the keep-under
 * policy with its log, the records in a DataGrid (type, description, what made them, size, times,
 * uses, state) sorted by any column and filtered by type and artifact, a record's details beside
 * it, and Prune… with a preview that equals the effect. On Podman it says, in the core's words,
 * that there is no BuildKit cache.
 */
import type { SortingState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { BuildCacheTotals } from '../../../shared/build-cache.js';
import { DataGrid } from '../../components/data-grid/index.js';
import { sortRows } from '../../components/data-grid/sorting.js';
import { FilterSelect } from '../../components/filter-select.js';
import { Notice } from '../../components/callout.js';
import { LoadingPanel, StatePanel } from '../../components/states.js';
import { useNow } from '../../components/use-now.js';
import { formatBytes, formatClock, plural } from '../../lib/format.js';
import {
  buildCacheSortValue,
  filterRows,
  NO_BUILD_CACHE_FILTER,
  rowArtifacts,
  toBuildCacheRows,
  typeTotals,
  type BuildCacheFilter,
  type BuildCacheRow,
} from '../../model/build-cache/build-cache-rows.js';
import { useAppStore, useSync } from '../../store/store-context.js';
import { agoWords, BUILD_CACHE_COLUMNS } from './columns.js';
import { GrowthChart } from './growth-chart.js';
import { PolicyPanel } from './policy-panel.js';
import { BuildCachePruneDialog } from './prune-dialog.js';
import { RecordDetails } from './record-details.js';
import './build-cache.css';

const keyOf = (r: BuildCacheRow): string => r.id;
const rowAttributes = (r: BuildCacheRow) => ({
  'data-testid': 'bc-row',
  'data-id': r.id,
  'data-state': r.state,
});

function Totals({
  totals,
  byType,
}: {
  totals: BuildCacheTotals;
  byType: Readonly<Record<string, BuildCacheTotals>>;
}) {
  const figures: { label: string; bytes: number; key: string }[] = [
    { label: `All (${plural(totals.count, 'record')})`, bytes: totals.bytes, key: 'all' },
    { label: 'Reclaimable', bytes: totals.reclaimableBytes, key: 'reclaimable' },
    { label: 'In use', bytes: totals.inUseBytes, key: 'in-use' },
    { label: 'Shared', bytes: totals.sharedBytes, key: 'shared' },
  ];
  return (
    <div className="bc-totals" data-testid="bc-totals">
      <dl className="bc-figures">
        {figures.map((f) => (
          <div key={f.key} className="bc-figure" data-testid={`bc-total-${f.key}`}>
            <dt>{f.label}</dt>
            <dd>{formatBytes(f.bytes)}</dd>
          </div>
        ))}
      </dl>
      <ul className="bc-types" aria-label="Per type">
        {typeTotals(byType).map(({ type, totals: t }) => (
          <li key={type} className="bc-type" data-testid="bc-type" data-type={type}>
            <code>{type}</code> {formatBytes(t.bytes)}
            <span className="muted">
              {' '}
              · {plural(t.count, 'record')} · {formatBytes(t.reclaimableBytes)} reclaimable
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function BuildCacheView() {
  const listing = useAppStore((s) => s.buildCache);
  const error = useAppStore((s) => s.buildCacheError);
  const loading = useAppStore((s) => s.buildCacheLoading);
  const load = useAppStore((s) => s.loadBuildCache);
  const [pruning, setPruning] = useState(false);
  const growth = useAppStore((s) => s.buildCacheGrowth);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'size', desc: true }]);
  const [filter, setFilter] = useState<BuildCacheFilter>(NO_BUILD_CACHE_FILTER);
  const now = useNow(30_000);
  const meta = useMemo(() => ({ now }), [now]);
  useSync('buildCache');

  const records = listing?.supported ? listing.records : null;
  const all = useMemo(() => (records ? toBuildCacheRows(records) : []), [records]);
  const rows = useMemo(
    () => sortRows(filterRows(all, filter), sorting, buildCacheSortValue),
    [all, filter, sorting],
  );
  const types = useMemo(() => [...new Set(all.map((r) => r.record.type))].sort(), [all]);
  const artifacts = useMemo(() => rowArtifacts(all), [all]);
  const byId = useMemo(() => new Map((records ?? []).map((r) => [r.id, r])), [records]);
  const open = openId === null ? null : (byId.get(openId) ?? null);
  const openRecord = (id: string) => {
    setOpenId(id);
    setActiveKey(id);
  };

  let body;
  if (listing === null) {
    body = error ? (
      <StatePanel mark="bad" title="Couldn’t read the build cache" testId="bc-error">
        <p className="state-text" role="alert">
          {error}
        </p>
        <button type="button" className="button" onClick={() => void load(true)}>
          Refresh
        </button>
      </StatePanel>
    ) : (
      <LoadingPanel testId="bc-loading">Reading the build cache…</LoadingPanel>
    );
  } else if (!listing.supported) {
    body = (
      <StatePanel title="No BuildKit cache on this engine" testId="bc-unsupported">
        <p className="state-text">{listing.reason}</p>
      </StatePanel>
    );
  } else if (all.length === 0) {
    body = (
      <StatePanel title="The build cache is empty" testId="bc-empty">
        <p className="state-text">
          BuildKit keeps a record here for each step a build runs. Build an artifact and its records
          appear.
        </p>
      </StatePanel>
    );
  } else {
    body = (
      <div className="bc-main">
        <DataGrid
          rows={rows}
          columns={BUILD_CACHE_COLUMNS}
          rowKey={keyOf}
          label="Build cache records"
          meta={meta}
          activeKey={activeKey}
          onActiveChange={setActiveKey}
          onOpen={(r: BuildCacheRow) => openRecord(r.id)}
          sorting={sorting}
          onSortingChange={setSorting}
          rowAttributes={rowAttributes}
          onRowClick={(r: BuildCacheRow) => openRecord(r.id)}
          resetKey={`${filter.type ?? ''}|${filter.artifact ?? ''}`}
          footer={
            <div className="dg-foot">
              <span className="dg-foot-line faint" data-testid="bc-count">
                {rows.length === all.length
                  ? plural(all.length, 'record')
                  : `${rows.length} of ${plural(all.length, 'record')}`}
                . A row opens its details.
              </span>
            </div>
          }
          testId="bc-table"
          scrollTestId="bc-scroll"
        />
        {open && records && (
          <RecordDetails
            record={open}
            byId={byId}
            records={records}
            onOpen={openRecord}
            onClose={() => setOpenId(null)}
          />
        )}
      </div>
    );
  }

  const supported = listing?.supported === true;
  return (
    <section className="page" aria-label="Build cache" data-testid="build-cache-view">
      <div className="bc-toolbar">
        <p className="bc-computed muted" data-testid="bc-computed">
          {listing
            ? `Computed at ${formatClock(listing.computedAt)} (${agoWords(listing.computedAt, now)})${supported ? ` from ${listing.source}` : ''}.`
            : ' '}
        </p>
        <div className="bc-toolbar-end">
          {supported && (
            <>
              <FilterSelect
                label="Record type"
                value={filter.type}
                choices={types}
                anyLabel="All types"
                testId="bc-filter-type"
                onChange={(type) => setFilter((f) => ({ ...f, type }))}
              />
              <FilterSelect
                label="Artifact"
                value={filter.artifact}
                choices={artifacts}
                anyLabel="All artifacts"
                testId="bc-filter-artifact"
                onChange={(artifact) => setFilter((f) => ({ ...f, artifact }))}
              />
            </>
          )}
          <button
            type="button"
            className="button"
            disabled={loading}
            onClick={() => void load(true)}
            data-testid="bc-refresh"
          >
            {loading ? 'Refreshing…' : 'Refresh'}
          </button>
          <button
            type="button"
            className="button button-danger-outline"
            disabled={!supported}
            onClick={() => setPruning(true)}
            data-testid="bc-prune"
          >
            Prune…
          </button>
        </div>
      </div>
      {listing !== null && error && (
        <Notice tone="error" testId="bc-refresh-error">
          Could not read the build cache again (the figures below are from before): {error}
        </Notice>
      )}
      {listing?.supported && (
        <div className="bc-panels">
          <div className="bc-overview">
            <Totals totals={listing.totals} byType={listing.byType} />
            {growth && <GrowthChart growth={growth} now={now} />}
          </div>
          <PolicyPanel />
        </div>
      )}
      <div className="page-body">{body}</div>
      {pruning && listing?.supported && (
        <BuildCachePruneDialog
          types={Object.keys(listing.byType).sort()}
          artifacts={artifacts}
          onClose={() => setPruning(false)}
        />
      )}
    </section>
  );
}
