/**
 * Save… and Load… through the web host: Save… names what the archive holds and downloads it (the
 * browser writes the file); Load… sends a chosen archive to the engine, streamed from the file,
 * and says which tags it brought or why it could not.
 */
import { useId, useState } from 'react';
import type { LoadResult } from '../../../shared/actions.js';
import { Callout } from '../../components/callout.js';
import { Field, messageId } from '../../components/field.js';
import { Modal } from '../../components/modal.js';
import { formatBytes, plural } from '../../lib/format.js';
import { errorMessage } from '../../model/errors.js';
import { loadSummary } from '../../model/images/transfer.js';
import { useAppStore } from '../../store/store-context.js';

export function SaveDialog({ names, onClose }: { names: string[]; onClose(): void }) {
  const saveImagesUrl = useAppStore((s) => s.saveImagesUrl);
  const url = saveImagesUrl(names);
  return (
    <Modal
      title="Save images"
      onClose={onClose}
      testId="save-dialog"
      footerNote="The browser saves the archive where it saves downloads."
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          {url && (
            <a className="button button-primary" href={url} download data-testid="save-download">
              Download archive
            </a>
          )}
        </>
      }
    >
      <p>
        One <code>docker save</code> archive of {plural(names.length, 'name')}, which{' '}
        <code>hangar load</code> or <code>docker load</code> brings back with these tags:
      </p>
      <ul className="mono small" data-testid="save-names">
        {names.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </Modal>
  );
}

export function LoadDialog({ onClose }: { onClose(): void }) {
  const loadImageArchive = useAppStore((s) => s.loadImageArchive);
  const [file, setFile] = useState<File | null>(null);
  const [loading, setLoading] = useState(false);
  const [result, setResult] = useState<LoadResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileId = useId();

  const load = async (): Promise<void> => {
    if (!file) return;
    setLoading(true);
    setError(null);
    setResult(null);
    try {
      setResult(await loadImageArchive(file));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  };

  return (
    <Modal
      title="Load images"
      onClose={onClose}
      testId="load-dialog"
      locked={loading}
      footer={
        <>
          <button type="button" className="button" onClick={onClose} disabled={loading}>
            Close
          </button>
          {!result && (
            <button
              type="button"
              className="button button-primary"
              disabled={!file || loading}
              data-testid="load-start"
              onClick={() => void load()}
            >
              {loading ? 'Loading…' : 'Load'}
            </button>
          )}
        </>
      }
    >
      <Field
        id={fileId}
        label="Image archive"
        hint={
          file
            ? `${file.name}, ${formatBytes(file.size)}: sent to the engine as it is read.`
            : 'A tar written by Save…, hangar save or docker save.'
        }
      >
        <input
          id={fileId}
          type="file"
          accept=".tar,application/x-tar"
          aria-describedby={messageId(fileId)}
          data-testid="load-file"
          disabled={loading}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setResult(null);
            setError(null);
          }}
        />
      </Field>
      {result && (
        <Callout tone="ok" testId="load-outcome">
          {loadSummary(result)}
        </Callout>
      )}
      {error && (
        <Callout tone="error" testId="load-error">
          {error}
        </Callout>
      )}
    </Modal>
  );
}
