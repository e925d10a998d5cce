/**
 * Imports skaffold's cache file (`~/.skaffold/cache` unless a path is given) and says what came
 * in: how many entries are new or refreshed, which were left alone, and each one's status.
 */
import { useId, useState } from 'react';
import type { SkaffoldEntryStatus } from '../../../shared/artifacts.js';
import { Field, messageId } from '../../components/field.js';
import type { SkaffoldImportReport } from '../../../shared/artifacts.js';
import { shortId } from '../../lib/format.js';
import { errorMessage } from '../../model/errors.js';
import { useAppStore } from '../../store/store-context.js';
import { Callout } from '../../components/callout.js';
import { Modal } from '../../components/modal.js';
import { importSummary, SKAFFOLD_STATUS_WORDS } from './skaffold-words.js';

/** Each status's badge colour. */
const SKAFFOLD_TONE: Record<SkaffoldEntryStatus, string> = {
  present: 'badge-ok',
  'digest-known': 'badge-warn',
  missing: 'badge-bad',
};

export function SkaffoldDialog({ onClose }: { onClose(): void }) {
  const fileId = useId();
  const importSkaffold = useAppStore((s) => s.importSkaffold);
  const [file, setFile] = useState('');
  const [report, setReport] = useState<SkaffoldImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);

  const run = async (): Promise<void> => {
    setWorking(true);
    setError(null);
    try {
      setReport(await importSkaffold(file.trim() === '' ? null : file.trim()));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setWorking(false);
    }
  };

  return (
    <Modal
      title="Import skaffold’s cache"
      onClose={onClose}
      locked={working}
      testId="skaffold-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose} disabled={working}>
            Close
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={working}
            data-testid="skaffold-import"
            onClick={() => void run()}
          >
            {working ? 'Importing…' : report ? 'Import again' : 'Import'}
          </button>
        </>
      }
    >
      <p className="muted">
        skaffold keeps its artifact cache in one file. Importing it shows those entries here, marked
        as from skaffold; their keys are skaffold’s, so Hangar’s own builds never match them.
      </p>
      <Field
        id={fileId}
        label="Cache file"
        hint="An absolute path; empty for skaffold’s default, ~/.skaffold/cache."
      >
        <input
          id={fileId}
          className="input"
          value={file}
          placeholder="~/.skaffold/cache"
          spellCheck={false}
          aria-describedby={messageId(fileId)}
          data-testid="skaffold-file"
          onChange={(e) => setFile(e.target.value)}
        />
      </Field>
      {report && (
        <div className="stack" data-testid="skaffold-report">
          <p className="strong">{importSummary(report)}</p>
          {report.entries.length > 0 && (
            <ul className="ac-import-list">
              {report.entries.slice(0, 50).map((e) => (
                <li key={e.key}>
                  <code className="mono">{e.key.slice(0, 12)}</code>{' '}
                  <span className="ac-artifact">{e.artifact}</span>{' '}
                  <span className="faint">
                    {e.imageId ? shortId(e.imageId) : (e.digest?.slice(0, 19) ?? '')}
                  </span>{' '}
                  <span className={`badge ${SKAFFOLD_TONE[e.status]}`}>
                    {SKAFFOLD_STATUS_WORDS[e.status]}
                  </span>
                </li>
              ))}
              {report.entries.length > 50 && (
                <li className="faint">and {report.entries.length - 50} more</li>
              )}
            </ul>
          )}
        </div>
      )}
      {error && <Callout tone="error">{error}</Callout>}
    </Modal>
  );
}
