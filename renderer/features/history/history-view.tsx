/**
 * The History page: every cache lookup, charted per hour/day/week (hits, too old, misses, with the
 * hit rate), summarized per artifact (and since when one keeps missing), and listed in a log whose
 * misses open the inputs that changed. New lookups arrive live.
 */
import { useCallback, useMemo, useState } from 'react';
import { useNow } from '../../components/use-now.js';
import { Notice } from '../../components/callout.js';
import { formatCount } from '../../lib/format.js';
import { useAppStore, useSync } from '../../store/store-context.js';
import { ArtifactSummaryTable } from './artifact-summary.js';
import { HitChart } from './hit-chart.js';
import { duration, percent } from './history-format.js';
import { RANGE_WORDS } from '../../model/history/history-model.js';
import { HistoryActions, HistoryToolbar } from './history-toolbar.js';
import { LookupDetails } from './lookup-details.js';
import { LookupLog } from './lookup-log.js';
import './history.css';

function Kpi({ label, value, tone }: { label: string; value: string; tone?: string }) {
  return (
    <div
      className={`hist-kpi${tone ? ` tone-${tone}` : ''}`}
      data-testid={`kpi-${label.toLowerCase().replace(/\W+/g, '-')}`}
    >
      <span className="hist-kpi-label">{label}</span>
      <span className="hist-kpi-value">{value}</span>
    </div>
  );
}

/** Green from 80 %, amber from 50 %, red below. */
function rateTone(rate: number | null): string | undefined {
  if (rate === null) return undefined;
  return rate >= 0.8 ? 'good' : rate >= 0.5 ? 'fair' : 'poor';
}

function Legend({ rate }: { rate: boolean }) {
  return (
    <span className="hist-legend" aria-hidden="true">
      <span className="hist-dot hist-hit" /> Hit
      <span className="hist-dot hist-too-old" /> Too old
      <span className="hist-dot hist-miss" /> Miss
      {rate && (
        <>
          <span className="hist-line-key" /> Hit rate
        </>
      )}
    </span>
  );
}

export function HistoryView() {
  const view = useAppStore((s) => s.historyView);
  const setView = useAppStore((s) => s.setHistoryView);
  const stats = useAppStore((s) => s.historyStats);
  const rows = useAppStore((s) => s.historyRows);
  const next = useAppStore((s) => s.historyNext);
  const loading = useAppStore((s) => s.historyLoading);
  const loadingMore = useAppStore((s) => s.historyLoadingMore);
  const error = useAppStore((s) => s.historyError);
  const liveCount = useAppStore((s) => s.historyLiveCount);
  const selectedId = useAppStore((s) => s.historySelectedId);
  const select = useAppStore((s) => s.selectHistoryRow);
  const loadHistory = useAppStore((s) => s.loadHistory);
  const loadMore = useAppStore((s) => s.loadMoreHistory);
  const now = useNow(30_000);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);

  useSync('history');

  const selected = useMemo(
    () => (selectedId === null ? null : (rows.find((r) => r.id === selectedId) ?? null)),
    [rows, selectedId],
  );
  const onNotice = useCallback(
    (text: string, isError = false) => setNotice({ text, error: isError }),
    [],
  );
  const onLoadMore = useCallback(() => void loadMore(), [loadMore]);
  const pickArtifact = useCallback(
    (artifact: string) => setView({ artifacts: view.artifacts[0] === artifact ? [] : [artifact] }),
    [setView, view.artifacts],
  );

  const totals = stats?.totals;
  const empty = stats !== null && totals?.lookups === 0 && rows.length === 0;
  const rangeText = RANGE_WORDS[view.range];

  return (
    <div className="hist-view" data-testid="history-view" aria-busy={loading}>
      <HistoryToolbar />
      {notice && (
        <Notice
          tone={notice.error ? 'error' : 'accent'}
          testId="history-notice"
          textTestId="history-notice-text"
          onDismiss={() => setNotice(null)}
        >
          {notice.text}
        </Notice>
      )}
      {error && (
        <Notice
          tone="error"
          testId="history-error"
          actions={
            <button type="button" className="link-button" onClick={() => void loadHistory()}>
              Try again
            </button>
          }
        >
          {error}
        </Notice>
      )}
      <div className="hist-top">
        <section className="card hist-card hist-chart-card" aria-labelledby="hist-chart-title">
          <header className="hist-card-head">
            <h2 id="hist-chart-title" className="hist-card-title">
              Cache lookups per {view.bucket}
            </h2>
            <Legend rate={view.statuses.length === 0} />
          </header>
          <div className="hist-kpis">
            <Kpi label="Lookups" value={totals ? formatCount(totals.lookups) : '—'} />
            <Kpi
              label="Hit rate"
              value={percent(totals?.hitRate ?? null)}
              tone={rateTone(totals?.hitRate ?? null)}
            />
            <Kpi label="Too old" value={totals ? formatCount(totals.tooOld) : '—'} />
            <Kpi
              label="Misses"
              value={totals ? formatCount(totals.misses) : '—'}
              tone={totals?.misses ? 'poor' : undefined}
            />
            <Kpi label="Median lookup" value={duration(totals?.medianMs ?? null)} />
          </div>
          {empty ? (
            <div className="hist-empty" data-testid="history-empty">
              <p className="hist-empty-title">No cache lookups in {rangeText}</p>
              <p className="hist-empty-note">
                Every lookup is recorded when Hangar builds an artifact (
                <code>hangar build DIR -t NAME</code>) or looks one up; lookups of other tools come
                in with <em>Import FTL</em>.
              </p>
            </div>
          ) : stats ? (
            <HitChart
              buckets={stats.buckets}
              bucket={stats.bucket}
              showRate={view.statuses.length === 0}
            />
          ) : (
            <div className="hist-chart-skeleton" aria-hidden="true" />
          )}
        </section>
        <section className="card hist-card hist-summary-card" aria-labelledby="hist-summary-title">
          <header className="hist-card-head">
            <h2 id="hist-summary-title" className="hist-card-title">
              Artifacts
            </h2>
            {stats && <span className="hist-card-meta">{formatCount(stats.artifactCount)}</span>}
          </header>
          {stats && (
            <ArtifactSummaryTable
              artifacts={stats.artifacts}
              total={stats.artifactCount}
              now={now}
              selected={view.artifacts}
              onPick={pickArtifact}
            />
          )}
        </section>
      </div>
      <section className="card hist-card hist-log-card" aria-labelledby="hist-log-title">
        <header className="hist-card-head">
          <h2 id="hist-log-title" className="hist-card-title">
            Lookup log
          </h2>
          <span className="hist-card-meta" data-testid="log-count">
            {formatCount(rows.length)}
            {next ? '+' : ''} {rows.length === 1 ? 'lookup' : 'lookups'}
          </span>
          {liveCount > 0 && (
            <span className="badge badge-ok" data-testid="live-count">
              {formatCount(liveCount)} new
            </span>
          )}
          <span className="hist-card-hint">Click a miss to see what changed</span>
          <HistoryActions onNotice={onNotice} />
        </header>
        <div className={`hist-log-area${selected ? ' with-details' : ''}`}>
          {rows.length === 0 && !loading ? (
            <p className="hist-empty-note hist-log-empty">No lookups match these filters.</p>
          ) : (
            <LookupLog
              rows={rows}
              hasMore={next !== null}
              loadingMore={loadingMore}
              selectedId={selectedId}
              compact={selected !== null}
              now={now}
              onSelect={select}
              onLoadMore={onLoadMore}
            />
          )}
          {selected && <LookupDetails record={selected} onClose={() => select(null)} />}
        </div>
      </section>
    </div>
  );
}
