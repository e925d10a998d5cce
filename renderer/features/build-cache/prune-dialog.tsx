/**
 * The build cache's "Prune…": choose the filters (unused for a while, a type, keep the cache under
 * a size), see exactly which records go with their size, last use and why (and which the filters
 * chose that stay, and why), confirm with a button that names the count and the bytes, then read
 * the report: deleted, skipped and why, failed, and the space the daemon reclaimed beside the
 * preview's figure.
 */
import { useId, useMemo, useState } from 'react';
import { UNTIL_HELP } from '../../../shared/actions.js';
import type { BuildCachePrunePreview, BuildCachePruneReport } from '../../../shared/build-cache.js';
import { DeletionFooter, DeletionPreviewPane } from '../../components/deletion-preview.js';
import { Modal } from '../../components/modal.js';
import { useDebouncedPreview } from '../../components/use-debounced-preview.js';
import { useNow } from '../../components/use-now.js';
import { formatBytes, plural, shortId } from '../../lib/format.js';
import {
  buildCacheConfirmWords,
  buildCachePruneOptionsOf,
  EMPTY_BUILD_CACHE_PRUNE_FORM,
  type BuildCachePruneForm,
} from '../../model/build-cache/build-cache-rows.js';
import { errorWords } from '../../model/errors.js';
import { useAppStore } from '../../store/store-context.js';
import { parseSize } from '../artifacts/policy-words.js';
import { agoWords } from './columns.js';
import '../actions/actions.css';

interface Typed {
  unusedFor: string;
  type: string;
  keepStorage: string;
  artifact: string;
  all: boolean;
}

function PreviewList({ preview, now }: { preview: BuildCachePrunePreview; now: number }) {
  return (
    <>
      {preview.records.length === 0 ? (
        <p className="muted" data-testid="bc-prune-nothing">
          Nothing matches: no record would be deleted.
        </p>
      ) : (
        <div className="act-table-wrap">
          <table className="plain-table" data-testid="bc-prune-preview">
            <thead>
              <tr>
                <th scope="col">Record</th>
                <th scope="col">Type</th>
                <th scope="col">Description</th>
                <th scope="col">Last used</th>
                <th scope="col" className="num-col">
                  Size
                </th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {preview.records.map((r) => (
                <tr key={r.id} data-testid="bc-prune-preview-row" data-id={r.id}>
                  <td>
                    <code className="mono">{shortId(r.id)}</code>
                  </td>
                  <td>{r.type}</td>
                  <td className="bc-preview-desc">{r.description}</td>
                  <td className="muted">{agoWords(r.lastUsedAt, now)}</td>
                  <td className="num">{formatBytes(r.size)}</td>
                  <td className="muted">{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {preview.skipped.length > 0 && (
        <details className="act-skipped" data-testid="bc-prune-kept">
          <summary>
            {plural(preview.skipped.length, 'record')} the filters chose stay, and why
          </summary>
          <ul className="act-report-list">
            {preview.skipped.map((s) => (
              <li key={s.id}>
                <code className="mono">{shortId(s.id)}</code> {s.type}, {formatBytes(s.size)}:{' '}
                <span className="act-reason">{s.reason}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

function ReportView({ report }: { report: BuildCachePruneReport }) {
  return (
    <div className="act-report" data-testid="bc-prune-report">
      <p className="act-report-headline" data-testid="bc-prune-report-headline">
        Deleted {plural(report.deleted.length, 'record')}; the daemon reclaimed{' '}
        {formatBytes(report.reclaimedBytes)} (the preview said {formatBytes(report.previewBytes)}).
      </p>
      {report.deleted.length > 0 && (
        <section className="act-report-section" data-testid="bc-report-deleted">
          <h3 className="act-report-title tone-ok">Deleted</h3>
          <ul className="act-report-list">
            {report.deleted.map((id) => (
              <li key={id} data-testid="bc-report-deleted-item" data-id={id}>
                <code className="mono">{shortId(id)}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
      {report.skipped.length > 0 && (
        <section className="act-report-section" data-testid="bc-report-skipped">
          <h3 className="act-report-title tone-muted">Skipped</h3>
          <ul className="act-report-list">
            {report.skipped.map((s) => (
              <li key={s.id}>
                <code className="mono">{shortId(s.id)}</code>{' '}
                <span className="act-reason">{s.reason}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {report.failed.length > 0 && (
        <section className="act-report-section" data-testid="bc-report-failed">
          <h3 className="act-report-title tone-bad">Failed</h3>
          <ul className="act-report-list">
            {report.failed.map((f) => (
              <li key={f.id}>
                <code className="mono">{shortId(f.id)}</code>{' '}
                <span className="act-reason tone-bad">{f.error}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

export function BuildCachePruneDialog({
  types,
  artifacts,
  onClose,
}: {
  /** The record types present, for the type filter. */
  types: readonly string[];
  /** The artifacts records are attributed to, for the artifact filter. */
  artifacts: readonly string[];
  onClose(): void;
}) {
  const previewPrune = useAppStore((s) => s.previewBuildCachePrune);
  const prune = useAppStore((s) => s.pruneBuildCache);
  const [typed, setTyped] = useState<Typed>({
    unusedFor: EMPTY_BUILD_CACHE_PRUNE_FORM.unusedFor,
    type: EMPTY_BUILD_CACHE_PRUNE_FORM.type,
    keepStorage: '',
    artifact: '',
    all: false,
  });
  const [refresh, setRefresh] = useState(0);
  const [pruning, setPruning] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [report, setReport] = useState<BuildCachePruneReport | null>(null);
  const now = useNow(30_000);
  const id = useId();

  const size = useMemo(() => parseSize(typed.keepStorage), [typed.keepStorage]);
  const checked = useMemo(() => {
    const form: BuildCachePruneForm = {
      unusedFor: typed.unusedFor,
      type: typed.type,
      keepStorage: size.ok ? size.bytes : null,
      artifact: typed.artifact,
      all: typed.all,
    };
    return buildCachePruneOptionsOf(form, Date.now());
  }, [typed.unusedFor, typed.type, typed.artifact, typed.all, size]);
  const valid = checked.ok && size.ok;

  const { state } = useDebouncedPreview(
    checked.ok && size.ok && report === null ? checked.options : null,
    previewPrune,
    refresh,
  );

  const preview =
    state.status === 'ready' ? state.value : state.status === 'loading' ? state.last : null;
  const ready = state.status === 'ready' ? state.value : null;

  const confirm = async (): Promise<void> => {
    if (!ready || ready.records.length === 0) return;
    setPruning(true);
    setActionError(null);
    try {
      setReport(await prune(ready.id));
    } catch (err) {
      setActionError(`${errorWords(err)} Nothing was deleted.`);
      setRefresh((n) => n + 1);
    } finally {
      setPruning(false);
    }
  };

  if (report) {
    return (
      <Modal
        title="Build cache prune report"
        size="wide"
        onClose={onClose}
        testId="bc-prune-dialog"
        footer={
          <button
            type="button"
            className="button button-primary"
            onClick={onClose}
            data-testid="bc-prune-close"
          >
            Close
          </button>
        }
      >
        <ReportView report={report} />
      </Modal>
    );
  }

  const count = ready?.records.length ?? 0;
  return (
    <Modal
      title="Prune the build cache"
      size="wide"
      onClose={onClose}
      locked={pruning}
      testId="bc-prune-dialog"
      footerNote={
        <span className="muted small">
          Deletes exactly the records listed, by id; each is checked again right before.
        </span>
      }
      footer={
        <DeletionFooter
          label={
            preview
              ? buildCacheConfirmWords(preview.records.length, formatBytes(preview.reclaimBytes))
              : null
          }
          busy={pruning}
          busyLabel="Deleting…"
          canConfirm={ready !== null && count > 0 && valid}
          cancelLocked
          onCancel={onClose}
          onConfirm={() => void confirm()}
          testIdPrefix="bc-prune"
        />
      }
    >
      <div className="act-options">
        <p className="muted small">
          Only reclaimable records go: never one a build is using, nor one whose layers an image
          shares.
        </p>
        <div className="act-filters">
          <div className="field">
            <label htmlFor={`${id}-unused`} className="field-label">
              Unused for
            </label>
            <input
              id={`${id}-unused`}
              className="input"
              value={typed.unusedFor}
              placeholder="48h"
              spellCheck={false}
              autoComplete="off"
              aria-invalid={!checked.ok ? true : undefined}
              aria-describedby={`${id}-unused-hint`}
              data-testid="bc-prune-unused"
              onChange={(e) => setTyped((t) => ({ ...t, unusedFor: e.target.value }))}
            />
            <p id={`${id}-unused-hint`} className={!checked.ok ? 'field-error' : 'field-hint'}>
              {!checked.ok
                ? checked.errors.unusedFor
                : `Only records not used since then. ${UNTIL_HELP}`}
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-type`} className="field-label">
              Type
            </label>
            <select
              id={`${id}-type`}
              className="input"
              value={typed.type}
              aria-describedby={`${id}-type-hint`}
              data-testid="bc-prune-type"
              onChange={(e) => setTyped((t) => ({ ...t, type: e.target.value }))}
            >
              <option value="">Every type</option>
              {types.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            <p id={`${id}-type-hint`} className="field-hint">
              Only records of this type, such as the cache mounts (exec.cachemount).
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-artifact`} className="field-label">
              Artifact
            </label>
            <select
              id={`${id}-artifact`}
              className="input"
              value={typed.artifact}
              aria-describedby={`${id}-artifact-hint`}
              data-testid="bc-prune-artifact"
              onChange={(e) => setTyped((t) => ({ ...t, artifact: e.target.value }))}
            >
              <option value="">Any artifact</option>
              {artifacts.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
            <p id={`${id}-artifact-hint`} className="field-hint">
              Only records Hangar attributes to this artifact&apos;s builds.
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-keep`} className="field-label">
              Keep storage
            </label>
            <input
              id={`${id}-keep`}
              className="input"
              value={typed.keepStorage}
              placeholder="5 GB"
              spellCheck={false}
              autoComplete="off"
              aria-invalid={!size.ok ? true : undefined}
              aria-describedby={`${id}-keep-hint`}
              data-testid="bc-prune-keep"
              onChange={(e) => setTyped((t) => ({ ...t, keepStorage: e.target.value }))}
            />
            <p id={`${id}-keep-hint`} className={!size.ok ? 'field-error' : 'field-hint'}>
              {!size.ok
                ? size.error
                : 'Least recently used first, until the whole cache is at most this size.'}
            </p>
          </div>
        </div>
        <div className="act-checks">
          <label className="act-check">
            <input
              type="checkbox"
              checked={typed.all}
              data-testid="bc-prune-all"
              onChange={(e) => setTyped((t) => ({ ...t, all: e.target.checked }))}
            />
            <span>
              Also internal and frontend records (<code>--all</code>); without it they stay unless
              the type names them, as with <code>docker builder prune</code>.
            </span>
          </label>
        </div>
      </div>
      <DeletionPreviewPane
        actionError={actionError}
        loading={state.status === 'loading'}
        error={state.status === 'error' ? state.message : null}
        valid={valid}
        onRetry={() => setRefresh((n) => n + 1)}
        testIdPrefix="bc-prune"
      >
        {preview && (
          <>
            <p className="bc-reclaim" data-testid="bc-prune-reclaim">
              {plural(preview.records.length, 'record')} go, freeing{' '}
              <strong>{formatBytes(preview.reclaimBytes)}</strong>.
            </p>
            <PreviewList preview={preview} now={now} />
          </>
        )}
      </DeletionPreviewPane>
    </Modal>
  );
}
