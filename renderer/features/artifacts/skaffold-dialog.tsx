/**
 * Imports skaffold's cache file (`~/.skaffold/cache` unless a path is given) and says what came
 * in: how many entries are new or refreshed, which were left alone, and each one's status.
 */
import { useState } from 'react';
import type { SkaffoldImportReport } from '../../../shared/artifacts.js';
import { shortId } from '../../lib/format.js';
import { errorMessage } from '../../model/errors.js';
import { useAppStore } from '../../store/store-context.js';
import { Modal } from './modal.js';
import { importSummary, SKAFFOLD_STATUS_WORDS } from './skaffold-words.js';

export function SkaffoldDialog({ onClose }: { onClose(): void }) {
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
            className="button ac-primary"
            disabled={working}
            data-testid="skaffold-import"
            onClick={() => void run()}
          >
            {working ? 'Importing…' : report ? 'Import again' : 'Import'}
          </button>
        </>
      }
    >
      <p className="ac-intro">
        skaffold keeps its artifact cache in one file. Importing it shows those entries here, marked
        as from skaffold; their keys are skaffold’s, so Hangar’s own builds never match them.
      </p>
      <div className="ac-field">
        <label className="ac-label" htmlFor="skaffold-file">
          Cache file
        </label>
        <input
          id="skaffold-file"
          className="ac-input"
          value={file}
          placeholder="~/.skaffold/cache"
          spellCheck={false}
          data-testid="skaffold-file"
          onChange={(e) => setFile(e.target.value)}
        />
        <p className="ac-hint">
          An absolute path; empty for skaffold’s default, ~/.skaffold/cache.
        </p>
      </div>
      {report && (
        <div className="ac-report" data-testid="skaffold-report">
          <p className="ac-report-summary">{importSummary(report)}</p>
          {report.entries.length > 0 && (
            <ul className="ac-import-list">
              {report.entries.slice(0, 50).map((e) => (
                <li key={e.key}>
                  <code className="ac-mono">{e.key.slice(0, 12)}</code>{' '}
                  <span className="ac-artifact">{e.artifact}</span>{' '}
                  <span className="ac-faint">
                    {e.imageId ? shortId(e.imageId) : (e.digest?.slice(0, 19) ?? '')}
                  </span>{' '}
                  <span className={`ac-badge ac-skaffold-${e.status}`}>
                    {SKAFFOLD_STATUS_WORDS[e.status]}
                  </span>
                </li>
              ))}
              {report.entries.length > 50 && (
                <li className="ac-faint">and {report.entries.length - 50} more</li>
              )}
            </ul>
          )}
        </div>
      )}
      {error && (
        <p className="ac-submit-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}
