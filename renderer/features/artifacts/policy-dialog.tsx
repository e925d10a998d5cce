/**
 * The cache policy with a preview: a size limit and a TTL (the cache's settings to start with),
 * then which entries would be evicted and why, the bytes freed and what happens to each image;
 * Apply evicts exactly the previewed entries and reports each one. Changing a field asks for a
 * new preview first.
 */
import { useState } from 'react';
import type { CacheSettings, PolicyReport } from '../../../shared/artifacts.js';
import { formatBytes, plural } from '../../lib/format.js';
import { errorMessage } from '../../model/errors.js';
import { useAppStore } from '../../store/store-context.js';
import { parseTtlHours } from '../../model/artifacts/build-form.js';
import { Modal } from './modal.js';
import { imageText, parseSize, policySummary, reasonText } from './policy-words.js';

/** A field left empty means no limit; the core reads `null` as "the setting", so say it big. */
const NO_SIZE_LIMIT = Number.MAX_SAFE_INTEGER;
const NO_TTL = 876_000;

export function PolicyDialog({ settings, onClose }: { settings: CacheSettings; onClose(): void }) {
  const enforcePolicy = useAppStore((s) => s.enforcePolicy);
  const saveCacheSettings = useAppStore((s) => s.saveCacheSettings);
  const [maxSize, setMaxSize] = useState(
    settings.maxSizeBytes === null ? '' : formatBytes(settings.maxSizeBytes),
  );
  const [ttl, setTtl] = useState(settings.ttlHours === null ? '' : String(settings.ttlHours));
  const [removeImages, setRemoveImages] = useState(false);
  const [save, setSave] = useState(false);
  const [preview, setPreview] = useState<PolicyReport | null>(null);
  const [applied, setApplied] = useState<PolicyReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);

  const size = parseSize(maxSize);
  const hours = parseTtlHours(ttl);
  const fieldError = !size.ok ? size.error : !hours.ok ? hours.error : null;
  const changed =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPreview(null);
      setApplied(null);
    };

  const run = async (apply: boolean): Promise<void> => {
    if (!size.ok || !hours.ok) return;
    setWorking(true);
    setError(null);
    try {
      const options = {
        preview: !apply,
        maxSizeBytes: size.bytes ?? NO_SIZE_LIMIT,
        ttlHours: hours.hours ?? NO_TTL,
        removeImages,
        onlyKeys: apply && preview ? preview.actions.map((a) => a.key) : null,
      };
      if (apply && save)
        await saveCacheSettings({ maxSizeBytes: size.bytes, ttlHours: hours.hours });
      const report = await enforcePolicy(options);
      if (apply) setApplied(report);
      else setPreview(report);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setWorking(false);
    }
  };

  const report = applied ?? preview;
  const footer = applied ? (
    <button type="button" className="button" onClick={onClose} data-testid="policy-close">
      Close
    </button>
  ) : (
    <>
      <button type="button" className="button" onClick={onClose} disabled={working}>
        Close
      </button>
      <button
        type="button"
        className="button"
        disabled={working || fieldError !== null}
        data-testid="policy-preview"
        onClick={() => void run(false)}
      >
        {preview ? 'Preview again' : 'Preview'}
      </button>
      <button
        type="button"
        className="button ac-danger-button"
        disabled={working || !preview || preview.actions.length === 0}
        data-testid="policy-apply"
        title={preview ? undefined : 'Preview first'}
        onClick={() => void run(true)}
      >
        {preview && preview.actions.length > 0
          ? `Evict ${plural(preview.actions.length, 'entry', 'entries')}`
          : 'Apply'}
      </button>
    </>
  );

  return (
    <Modal
      title="Cache policy"
      onClose={onClose}
      locked={working}
      wide
      footer={footer}
      testId="policy-dialog"
    >
      <p className="ac-intro">
        Drops entries whose image is gone, entries older than the TTL, then the least recently hit
        until the cache fits the size limit. Pinned entries stay.
      </p>
      <div className="ac-form-row">
        <div className="ac-field">
          <label className="ac-label" htmlFor="policy-size">
            Size limit
          </label>
          <input
            id="policy-size"
            className="ac-input"
            value={maxSize}
            placeholder="no limit"
            disabled={applied !== null}
            onChange={(e) => changed(setMaxSize)(e.target.value)}
          />
          <p className="ac-hint">Like 10 GB or 500 MB; empty for no limit.</p>
        </div>
        <div className="ac-field">
          <label className="ac-label" htmlFor="policy-ttl">
            TTL (hours)
          </label>
          <input
            id="policy-ttl"
            className="ac-input"
            value={ttl}
            placeholder="none"
            inputMode="decimal"
            disabled={applied !== null}
            onChange={(e) => changed(setTtl)(e.target.value)}
          />
          <p className="ac-hint">Per-artifact TTLs still apply; empty for none.</p>
        </div>
      </div>
      <label className="ac-check">
        <input
          type="checkbox"
          checked={removeImages}
          disabled={applied !== null}
          onChange={(e) => changed(setRemoveImages)(e.target.checked)}
        />
        Also remove the evicted entries’ images (never one a container uses, another entry holds or
        another tool tagged)
      </label>
      <label className="ac-check">
        <input
          type="checkbox"
          checked={save}
          disabled={applied !== null}
          onChange={(e) => setSave(e.target.checked)}
        />
        Keep these as the cache’s settings
      </label>
      {fieldError && (
        <p className="ac-field-error" role="alert">
          {fieldError}
        </p>
      )}
      {report && <PolicyReportView report={report} />}
      {error && (
        <p className="ac-submit-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}

function PolicyReportView({ report }: { report: PolicyReport }) {
  return (
    <div
      className="ac-report"
      data-testid={report.preview ? 'policy-preview-report' : 'policy-report'}
    >
      <p className="ac-report-summary">{policySummary(report)}</p>
      {report.actions.length > 0 && (
        <table className="ac-plan-table">
          <thead>
            <tr>
              <th scope="col">Entry</th>
              <th scope="col">Why</th>
              <th scope="col" className="ac-num-col">
                Size
              </th>
              <th scope="col">Image</th>
            </tr>
          </thead>
          <tbody>
            {report.actions.map((a) => (
              <tr key={a.key} data-testid="policy-action">
                <td>
                  <span className="ac-artifact">{a.artifact}</span>{' '}
                  <code className="ac-mono">{a.key.slice(0, 12)}</code>
                </td>
                <td>{reasonText(a.reason)}</td>
                <td className="ac-num-col ac-num">{formatBytes(a.size)}</td>
                <td className={a.outcome === 'failed' || a.error ? 'ac-bad-text' : undefined}>
                  {imageText(a)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.skipped.length > 0 && (
        <p className="ac-hint">
          Left alone:{' '}
          {report.skipped.map((s) => `${s.artifact} ${s.key.slice(0, 12)}, ${s.reason}`).join('; ')}
          .
        </p>
      )}
    </div>
  );
}
