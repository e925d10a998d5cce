/**
 * The History page's controls: the time range and bucket and the filters (artifact, status, level,
 * origin); and, with the log, FTL export and import and the retention setting.
 */
import { useRef, useState } from 'react';
import {
  CACHE_LEVELS,
  CACHE_STATUSES,
  LOOKUP_ORIGINS,
  type CacheStatus,
} from '../../../shared/artifacts.js';
import { HISTORY_BUCKETS, type HistoryBucket } from '../../../shared/history.js';
import { FilterSelect } from '../../components/filter-select.js';
import { Popover } from '../../components/popover.js';
import { errorMessage } from '../../model/errors.js';
import { useAppStore } from '../../store/store-context.js';
import { exportFileName, FTL_FILE_LIMIT_TEXT, readPickedFiles, saveJson } from './ftl-files.js';
import { STATUS_CLASS, STATUS_LABEL } from './history-format.js';
import {
  DEFAULT_BUCKET,
  HISTORY_RANGES,
  RANGE_LABELS,
  RANGE_WORDS,
  type HistoryRange,
} from '../../model/history/history-model.js';
import { RetentionForm } from './retention-form.js';

const BUCKET_LABEL: Record<HistoryBucket, string> = { hour: 'Hour', day: 'Day', week: 'Week' };

/** Hourly buckets over 90 days or more are too many to read (and to draw). */
function bucketAllowed(range: HistoryRange, bucket: HistoryBucket): boolean {
  return bucket !== 'hour' || range === '24h' || range === '7d' || range === '30d';
}

export function HistoryToolbar() {
  const view = useAppStore((s) => s.historyView);
  const setView = useAppStore((s) => s.setHistoryView);
  const artifacts = useAppStore((s) => s.historyArtifacts);

  const toggleStatus = (status: CacheStatus): void => {
    const has = view.statuses.includes(status);
    setView({
      statuses: has ? view.statuses.filter((s) => s !== status) : [...view.statuses, status],
    });
  };

  return (
    <div className="hist-toolbar" role="toolbar" aria-label="History filters">
      <div className="segmented" role="group" aria-label="Time range">
        {HISTORY_RANGES.map((r) => (
          <button
            key={r}
            type="button"
            aria-pressed={view.range === r}
            title={`Lookups of ${RANGE_WORDS[r]}`}
            data-testid={`range-${r}`}
            onClick={() =>
              setView({
                range: r,
                bucket: bucketAllowed(r, view.bucket) ? view.bucket : DEFAULT_BUCKET[r],
              })
            }
          >
            {RANGE_LABELS[r]}
          </button>
        ))}
      </div>
      <div className="segmented" role="group" aria-label="Bucket">
        {HISTORY_BUCKETS.map((b) => (
          <button
            key={b}
            type="button"
            aria-pressed={view.bucket === b}
            disabled={!bucketAllowed(view.range, b)}
            data-testid={`bucket-${b}`}
            onClick={() => setView({ bucket: b })}
          >
            {BUCKET_LABEL[b]}
          </button>
        ))}
      </div>
      <FilterSelect
        label="Artifact"
        value={view.artifacts[0] ?? null}
        choices={artifacts}
        anyLabel="All artifacts"
        testId="filter-artifact"
        onChange={(a) => setView({ artifacts: a ? [a] : [] })}
      />
      <div className="hist-status-chips" role="group" aria-label="Status">
        {CACHE_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            className={`fchip hist-status-chip chip-${STATUS_CLASS[s]}${view.statuses.includes(s) ? ' is-active' : ''}`}
            aria-pressed={view.statuses.includes(s)}
            data-testid={`filter-status-${s}`}
            onClick={() => toggleStatus(s)}
          >
            <span className={`hist-dot hist-${STATUS_CLASS[s]}`} aria-hidden="true" />
            {STATUS_LABEL[s]}
          </button>
        ))}
      </div>
      <FilterSelect
        label="Level"
        value={view.levels[0] ?? null}
        choices={CACHE_LEVELS}
        anyLabel="Any level"
        onChange={(l) => setView({ levels: l ? [l] : [] })}
      />
      <FilterSelect
        label="Origin"
        value={view.origins[0] ?? null}
        choices={LOOKUP_ORIGINS}
        anyLabel="Any origin"
        choiceLabel={(o) => (o === 'gui' ? 'app' : o)}
        onChange={(o) => setView({ origins: o ? [o] : [] })}
      />
    </div>
  );
}

/** FTL export and import, and the retention setting. */
export function HistoryActions({ onNotice }: { onNotice(text: string, error?: boolean): void }) {
  const settings = useAppStore((s) => s.historyStats?.settings ?? null);
  const exportHistory = useAppStore((s) => s.exportHistory);
  const importHistory = useAppStore((s) => s.importHistory);
  const saveSettings = useAppStore((s) => s.saveHistorySettings);
  const fileRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  const onExport = async (): Promise<void> => {
    setBusy(true);
    try {
      const out = await exportHistory();
      saveJson(out.file, exportFileName(Date.now()));
      onNotice(`Exported ${out.count.toLocaleString()} lookups as FTL cache stats.`);
    } catch (err) {
      onNotice(errorMessage(err), true);
    } finally {
      setBusy(false);
    }
  };

  const onImport = async (files: FileList | null): Promise<void> => {
    if (!files || files.length === 0) return;
    setBusy(true);
    try {
      const report = await importHistory(await readPickedFiles(files));
      const dups = report.files.filter((f) => f.duplicate).length;
      onNotice(
        `Imported ${report.imported.toLocaleString()} lookups from ${report.files.length - dups} ${
          report.files.length - dups === 1 ? 'file' : 'files'
        }${dups > 0 ? ` (${dups} imported before, skipped)` : ''}.`,
      );
    } catch (err) {
      onNotice(errorMessage(err), true);
    } finally {
      setBusy(false);
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  return (
    <div className="hist-actions">
      <button
        type="button"
        className="button button-small"
        disabled={busy}
        onClick={() => void onExport()}
        data-testid="export-ftl"
      >
        Export FTL
      </button>
      <button
        type="button"
        className="button button-small"
        disabled={busy}
        data-testid="import-ftl"
        title={`FTL cache-stats JSON files, at most ${FTL_FILE_LIMIT_TEXT} each`}
        onClick={() => fileRef.current?.click()}
      >
        Import FTL…
      </button>
      <input
        ref={fileRef}
        type="file"
        accept=".json,application/json"
        multiple
        hidden
        data-testid="import-ftl-input"
        onChange={(e) => void onImport(e.target.files)}
      />
      {settings && (
        <Popover label="Retention" className="button button-small" alignEnd testId="retention">
          {(close) => <RetentionForm settings={settings} onSave={saveSettings} onDone={close} />}
        </Popover>
      )}
    </div>
  );
}
