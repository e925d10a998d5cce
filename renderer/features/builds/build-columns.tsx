/** The builds list's columns (TanStack column defs): typed constants, cells kept small. */
import type { ColumnDef } from '@tanstack/react-table';
import { cachePercent, type BuildSummary } from '../../../shared/builds.js';
import { CellText, gridColumn } from '../../components/data-grid/index.js';
import { formatAge } from '../../lib/format.js';
import { buildDuration } from '../../model/builds/builds-model.js';

const OUTCOME_TONE: Record<BuildSummary['outcome'], string> = {
  built: 'badge-ok',
  failed: 'badge-bad',
  cancelled: 'badge-plain',
};

export function OutcomeBadge({ outcome }: { outcome: BuildSummary['outcome'] }) {
  return (
    <span className={`badge ${OUTCOME_TONE[outcome]}`} data-testid="build-outcome-badge">
      {outcome}
    </span>
  );
}

/** The Dockerfile steps that came from the cache: a bar and `cached/total`. */
export function CacheBar({ build }: { build: Pick<BuildSummary, 'cachedSteps' | 'totalSteps'> }) {
  const pct = cachePercent(build);
  return (
    <span className="bld-cache" data-testid="build-cache">
      <span
        className="bld-cache-bar"
        role="img"
        aria-label={pct === null ? 'no Dockerfile steps' : `${pct}% of the steps cached`}
      >
        <span className="bld-cache-fill" style={{ width: `${pct ?? 0}%` }} />
      </span>
      <span className="bld-cache-text num">
        {build.cachedSteps}/{build.totalSteps}
      </span>
    </span>
  );
}

export const buildColumns: ColumnDef<BuildSummary>[] = [
  gridColumn<BuildSummary>({
    id: 'artifact',
    header: 'Artifact',
    min: 130,
    fr: 1.2,
    value: (r) => r.artifact,
  }),
  gridColumn<BuildSummary>({
    id: 'when',
    header: 'When',
    min: 150,
    cell: (c) => (
      <CellText
        className="num"
        text={formatAge(c.row.original.startedAt / 1000, c.table.options.meta?.now ?? 0)}
      />
    ),
  }),
  gridColumn<BuildSummary>({
    id: 'builder',
    header: 'Builder',
    min: 84,
    value: (r) => r.builder,
    className: 'muted',
  }),
  gridColumn<BuildSummary>({
    id: 'duration',
    header: 'Duration',
    min: 90,
    numeric: true,
    value: (r) => buildDuration(r.durationMs),
  }),
  gridColumn<BuildSummary>({
    id: 'cache',
    header: 'Cache',
    min: 130,
    cell: (c) => <CacheBar build={c.row.original} />,
  }),
  gridColumn<BuildSummary>({
    id: 'outcome',
    header: 'Outcome',
    min: 96,
    cell: (c) => <OutcomeBadge outcome={c.row.original.outcome} />,
  }),
  gridColumn<BuildSummary>({
    id: 'cacheBrokeAt',
    header: 'Cache broke at',
    min: 200,
    fr: 3,
    cell: (c) => <CellText text={c.row.original.cacheBrokeAt ?? ''} />,
  }),
];
