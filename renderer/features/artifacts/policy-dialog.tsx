/**
 * The cache policy with a preview: a size limit and a TTL (the cache's settings to start with),
 * then which entries would be evicted and why, the bytes freed and what happens to each image;
 * Apply evicts exactly the previewed entries and reports each one. Changing a field asks for a
 * new preview first.
 */
import { useId, useState } from 'react';
import { Field, messageId } from '../../components/field.js';
import type { CacheSettings, PolicyReport } from '../../../shared/artifacts.js';
import { formatBytes, plural } from '../../lib/format.js';
import { errorMessage } from '../../model/errors.js';
import { useAppStore } from '../../store/store-context.js';
import { parseTtlHours } from '../../model/artifacts/build-form.js';
import { Callout } from '../../components/callout.js';
import { Modal } from '../../components/modal.js';
import { imageText, parseSize, policySummary, reasonText } from './policy-words.js';

/** A field left empty means no limit; the core reads `null` as "the setting", so say it big. */
const NO_SIZE_LIMIT = Number.MAX_SAFE_INTEGER;
const NO_TTL = 876_000;

export function PolicyDialog({ settings, onClose }: { settings: CacheSettings; onClose(): void }) {
  const ids = useId();
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
        className="button button-danger-outline"
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
      size="wide"
      footer={footer}
      testId="policy-dialog"
    >
      <p className="muted">
        Drops entries whose image is gone, entries older than the TTL, then the least recently hit
        until the cache fits the size limit. Pinned entries stay.
      </p>
      <div className="form-row">
        <Field
          id={`${ids}-size`}
          label="Size limit"
          hint="Like 10 GB or 500 MB; empty for no limit."
        >
          <input
            id={`${ids}-size`}
            className="input"
            value={maxSize}
            placeholder="no limit"
            disabled={applied !== null}
            aria-describedby={messageId(`${ids}-size`)}
            onChange={(e) => changed(setMaxSize)(e.target.value)}
          />
        </Field>
        <Field
          id={`${ids}-ttl`}
          label="TTL (hours)"
          hint="Per-artifact TTLs still apply; empty for none."
        >
          <input
            id={`${ids}-ttl`}
            className="input"
            value={ttl}
            placeholder="none"
            inputMode="decimal"
            disabled={applied !== null}
            aria-describedby={messageId(`${ids}-ttl`)}
            onChange={(e) => changed(setTtl)(e.target.value)}
          />
        </Field>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={removeImages}
          disabled={applied !== null}
          onChange={(e) => changed(setRemoveImages)(e.target.checked)}
        />
        Also remove the evicted entries’ images (never one a container uses, another entry holds or
        another tool tagged)
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={save}
          disabled={applied !== null}
          onChange={(e) => setSave(e.target.checked)}
        />
        Keep these as the cache’s settings
      </label>
      {fieldError && (
        <p className="field-error" role="alert">
          {fieldError}
        </p>
      )}
      {report && <PolicyReportView report={report} />}
      {error && <Callout tone="error">{error}</Callout>}
    </Modal>
  );
}

function PolicyReportView({ report }: { report: PolicyReport }) {
  return (
    <div className="stack" data-testid={report.preview ? 'policy-preview-report' : 'policy-report'}>
      <p className="strong">{policySummary(report)}</p>
      {report.actions.length > 0 && (
        <table className="plain-table">
          <thead>
            <tr>
              <th scope="col">Entry</th>
              <th scope="col">Why</th>
              <th scope="col" className="num-col">
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
                  <code className="mono">{a.key.slice(0, 12)}</code>
                </td>
                <td>{reasonText(a.reason)}</td>
                <td className="num-col num">{formatBytes(a.size)}</td>
                <td className={a.outcome === 'failed' || a.error ? 'tone-bad' : undefined}>
                  {imageText(a)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.skipped.length > 0 && (
        <p className="field-hint">
          Left alone:{' '}
          {report.skipped.map((s) => `${s.artifact} ${s.key.slice(0, 12)}, ${s.reason}`).join('; ')}
          .
        </p>
      )}
    </div>
  );
}
