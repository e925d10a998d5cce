/**
 * The Builds page: every build Hangar ran, newest first (artifact, when, builder, duration, the
 * cache bar with cached/total Dockerfile steps, outcome, where the cache broke), filtered by
 * artifact and outcome, above them each artifact's cache share over time as a chart. A row (or a
 * point of the chart) opens the build's details: its steps as a waterfall.
 */
import { useMemo } from 'react';
import type { BuildSummary } from '../../../shared/builds.js';
import { Notice } from '../../components/callout.js';
import { DataGrid } from '../../components/data-grid/index.js';
import { FilterSelect } from '../../components/filter-select.js';
import { useNow } from '../../components/use-now.js';
import { formatCount, plural } from '../../lib/format.js';
import { BUILD_OUTCOMES, buildArtifacts, cacheSeries } from '../../model/builds/builds-model.js';
import { selectShownBuilds } from '../../store/slices/builds.js';
import { useAppStore, useSync } from '../../store/store-context.js';
import { buildColumns } from './build-columns.js';
import { BuildDetails } from './build-details.js';
import { BuilderControl } from './builder-setting.js';
import { CacheChart } from './cache-chart.js';
import './builds.css';

const ROW_HEIGHT = 36;

const keyOf = (r: BuildSummary): string => String(r.id);

const rowAttributes = (r: BuildSummary) => ({
  'data-testid': 'build-row',
  'data-outcome': r.outcome,
  'data-build-id': String(r.id),
});

export function BuildsView() {
  const all = useAppStore((s) => s.buildsRows);
  const rows = useAppStore(selectShownBuilds);
  const filter = useAppStore((s) => s.buildsFilter);
  const setFilter = useAppStore((s) => s.setBuildsFilter);
  const loading = useAppStore((s) => s.buildsLoading);
  const error = useAppStore((s) => s.buildsError);
  const loadBuilds = useAppStore((s) => s.loadBuilds);
  const openId = useAppStore((s) => s.buildsOpenId);
  const open = useAppStore((s) => s.buildsOpen);
  const openError = useAppStore((s) => s.buildsOpenError);
  const openBuild = useAppStore((s) => s.openBuild);
  const now = useNow(30_000);
  const meta = useMemo(() => ({ now }), [now]);
  const artifacts = useMemo(() => buildArtifacts(all), [all]);
  const series = useMemo(
    () => cacheSeries(all, { artifact: filter.artifact }),
    [all, filter.artifact],
  );

  useSync('builds');

  const openRow = all.find((r) => r.id === openId);
  const title = openRow ? `Build ${openRow.id} · ${openRow.artifact}` : `Build ${openId ?? ''}`;

  return (
    <div className="page bld-view" data-testid="builds-view" aria-busy={loading}>
      <div className="bld-toolbar" role="toolbar" aria-label="Filters">
        <FilterSelect
          label="Artifact"
          value={filter.artifact}
          choices={artifacts}
          anyLabel="All artifacts"
          testId="builds-filter-artifact"
          onChange={(artifact) => setFilter({ artifact })}
        />
        <FilterSelect
          label="Outcome"
          value={filter.outcome}
          choices={BUILD_OUTCOMES}
          anyLabel="Any outcome"
          testId="builds-filter-outcome"
          onChange={(outcome) => setFilter({ outcome })}
        />
        <BuilderControl />
        <span className="bld-count" data-testid="builds-count">
          {rows.length === all.length
            ? plural(all.length, 'build')
            : `${formatCount(rows.length)} of ${plural(all.length, 'build')}`}
        </span>
      </div>
      {error && (
        <Notice
          tone="error"
          testId="builds-error"
          actions={
            <button type="button" className="link-button" onClick={() => void loadBuilds()}>
              Try again
            </button>
          }
        >
          {error}
        </Notice>
      )}
      {series.length > 0 && (
        <section className="card bld-chart-card" aria-labelledby="bld-chart-title">
          <header className="bld-chart-head">
            <h2 id="bld-chart-title" className="bld-chart-title">
              Cached steps per build{filter.artifact ? ` · ${filter.artifact}` : ''}
            </h2>
          </header>
          <CacheChart series={series} now={now} onOpen={(id) => void openBuild(id)} />
        </section>
      )}
      {all.length === 0 && !loading ? (
        <div className="bld-empty" data-testid="builds-empty">
          <p className="bld-empty-title">No builds yet</p>
          <p className="bld-note">
            Every build Hangar runs (<code>hangar build DIR -t NAME</code>,{' '}
            <em>Build through cache…</em>) is recorded here, with the steps that came from the
            cache.
          </p>
        </div>
      ) : rows.length === 0 && !loading ? (
        <p className="bld-note">No builds match these filters.</p>
      ) : (
        <DataGrid
          rows={rows}
          columns={buildColumns}
          rowKey={keyOf}
          label="Builds"
          rowHeight={ROW_HEIGHT}
          meta={meta}
          activeKey={openId === null ? null : String(openId)}
          onOpen={(r) => void openBuild(r.id)}
          onRowClick={(r) => void openBuild(r.id)}
          rowAttributes={rowAttributes}
          resetKey={`${filter.artifact ?? ''}|${filter.outcome ?? ''}`}
          className="bld-grid"
          testId="builds-grid"
        />
      )}
      {openId !== null && (
        <BuildDetails
          summaryTitle={title}
          build={open}
          error={openError}
          onClose={() => void openBuild(null)}
        />
      )}
    </div>
  );
}
