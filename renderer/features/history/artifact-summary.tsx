/**
 * Per artifact: lookups, hit rate, the last miss and its reason, and, for an artifact that keeps
 * missing, since when and why ("missing since Tuesday: inputs changed: Dockerfile"). Clicking an
 * artifact (or Enter on it) filters the page on it.
 */
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { sinceWords, streakWords, type ArtifactSummary } from '../../../shared/history.js';
import { CellText, DataGrid, gridColumn } from '../../components/data-grid/index.js';
import { formatCount } from '../../lib/format.js';
import { percent } from './history-format.js';

interface Props {
  artifacts: ArtifactSummary[];
  /** Artifacts in the range (the list may stop before). */
  total: number;
  now: number;
  selected: readonly string[];
  onPick(artifact: string): void;
}

function RateBar({ rate }: { rate: number | null }) {
  const pct = rate === null ? 0 : Math.round(rate * 100);
  return (
    <span className="hist-rate">
      <span className="hist-rate-track" aria-hidden="true">
        <span className="hist-rate-fill" style={{ width: `${pct}%` }} />
      </span>
      <span className="hist-rate-value">{percent(rate)}</span>
    </span>
  );
}

function ArtifactCell({ a, now }: { a: ArtifactSummary; now: number }) {
  const line = a.streak
    ? streakWords(a.streak, now)
    : a.lastMiss
      ? `Last miss ${sinceWords(a.lastMiss.at, now)}${a.lastMiss.reason ? `: ${a.lastMiss.reason}` : ''}`
      : null;
  return (
    <span className="hist-artifact">
      <span className="hist-artifact-line">
        <CellText className="hist-artifact-name" text={a.artifact} />
        {a.streak && (
          <span className="badge badge-bad" data-testid="artifact-missing">
            Missing
          </span>
        )}
      </span>
      {line && (
        <CellText className={a.streak ? 'hist-subline tone-bad' : 'hist-subline'} text={line} />
      )}
    </span>
  );
}

const COLUMNS: ColumnDef<ArtifactSummary>[] = [
  gridColumn<ArtifactSummary>({
    id: 'artifact',
    header: 'Artifact',
    min: 160,
    fr: 1,
    cell: (c) => <ArtifactCell a={c.row.original} now={c.table.options.meta?.now ?? 0} />,
  }),
  gridColumn<ArtifactSummary>({
    id: 'lookups',
    header: 'Lookups',
    min: 88,
    numeric: true,
    value: (a) => formatCount(a.lookups),
  }),
  gridColumn<ArtifactSummary>({
    id: 'rate',
    header: 'Hit rate',
    min: 100,
    cell: (c) => <RateBar rate={c.row.original.hitRate} />,
  }),
];

const keyOf = (a: ArtifactSummary): string => a.artifact;
const rowAttributes = () => ({ 'data-testid': 'artifact-summary-row' });

export function ArtifactSummaryTable({ artifacts, total, now, selected, onPick }: Props) {
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const meta = useMemo(() => ({ now }), [now]);
  if (artifacts.length === 0) {
    return <p className="hist-empty-note">No artifact was looked up in this range.</p>;
  }
  return (
    <>
      <DataGrid
        rows={artifacts}
        columns={COLUMNS}
        rowKey={keyOf}
        label="Artifacts"
        rowHeight={48}
        meta={meta}
        activeKey={activeKey}
        onActiveChange={setActiveKey}
        isSelected={(a) => selected.includes(a.artifact)}
        onRowClick={(a) => {
          setActiveKey(a.artifact);
          onPick(a.artifact);
        }}
        onOpen={(a) => onPick(a.artifact)}
        rowAttributes={rowAttributes}
        framed={false}
        className="hist-summary"
        testId="artifact-summary"
      />
      {total > artifacts.length && (
        <p className="hist-empty-note">
          {formatCount(total - artifacts.length)} more artifacts not shown: filter to see them.
        </p>
      )}
    </>
  );
}
