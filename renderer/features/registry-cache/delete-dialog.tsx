/**
 * The confirm before deleting a cache tag from its registry. A registry deletes manifests, by
 * digest: every tag pointing at the same digest goes too, so the confirm lists the loaded ones (and
 * says when not every tag of the level is loaded), what it means for this machine's builds, and
 * that the space comes back only at the registry's garbage collection. Then what the core did, or
 * the registry's refusal in words.
 */
import { useState } from 'react';
import type {
  RegistryCacheDeleteResult,
  RegistryCacheEntry,
} from '../../../shared/registry-cache.js';
import { formatCount, plural } from '../../lib/format.js';
import { useAppStore } from '../../store/store-context.js';
import { Modal } from '../artifacts/modal.js';
import { actionErrorText, registryOf, shortDigest, shortKey, siblingKeys } from './cache-rows.js';

interface Props {
  entry: RegistryCacheEntry;
  /** Every tag of the level loaded so far, to find the ones sharing the digest. */
  loaded: readonly RegistryCacheEntry[];
  /** Tags in the level, loaded or not. */
  total: number;
  onClose(): void;
  onDeleted(result: RegistryCacheDeleteResult, keys: string[]): void;
}

export function DeleteDialog({ entry, loaded, total, onClose, onDeleted }: Props) {
  const deleteImage = useAppStore((s) => s.deleteRegistryImage);
  // Read once: the lists shrink when the delete lands, the confirm must not.
  const [keys] = useState(() => [entry.key, ...siblingKeys(loaded, entry)]);
  const [report, setReport] = useState<RegistryCacheDeleteResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const location = entry.reference.slice(0, entry.reference.length - entry.key.length - 1);
  const allLoaded = loaded.length >= total;

  const run = async (): Promise<void> => {
    setWorking(true);
    setError(null);
    try {
      const result = await deleteImage(entry);
      setReport(result);
      onDeleted(result, keys);
    } catch (err) {
      setError(actionErrorText(err, registryOf(location)));
    } finally {
      setWorking(false);
    }
  };

  return (
    <Modal
      title={
        report
          ? `Deleted ${shortKey(entry.key)}`
          : `Delete ${shortKey(entry.key)} from the registry?`
      }
      onClose={onClose}
      locked={working}
      wide
      testId="rc-delete-dialog"
      footer={
        report ? (
          <button type="button" className="button" onClick={onClose} data-testid="rc-delete-close">
            Close
          </button>
        ) : (
          <>
            <button
              type="button"
              className="button"
              onClick={onClose}
              disabled={working}
              data-autofocus
            >
              Keep it
            </button>
            <button
              type="button"
              className="button ac-danger-button"
              disabled={working}
              data-testid="rc-delete-confirm"
              onClick={() => void run()}
            >
              {working
                ? 'Deleting…'
                : keys.length > 1
                  ? `Delete ${plural(keys.length, 'tag')}`
                  : 'Delete'}
            </button>
          </>
        )
      }
    >
      {report ? (
        <div className="ac-report" data-testid="rc-delete-report">
          <p className="ac-report-summary">{report.message}</p>
        </div>
      ) : (
        <div className="ac-confirm">
          <p className="ac-intro">
            {entry.digest ? (
              <>
                This deletes the manifest{' '}
                <code title={entry.digest}>{shortDigest(entry.digest)}</code> from{' '}
                <code>{location}</code>. A registry deletes by digest:{' '}
                <strong>every tag pointing at it goes too.</strong>
              </>
            ) : (
              <>
                This deletes what the tag points at in <code>{location}</code>. A registry deletes
                by digest: <strong>every tag pointing at it goes too.</strong>
              </>
            )}
          </p>
          <div>
            <p className="ac-label">
              {keys.length > 1
                ? `The ${formatCount(keys.length)} loaded tags with this digest:`
                : 'The one loaded tag with this digest:'}
            </p>
            <ul className="ac-plan rc-delete-tags" data-testid="rc-delete-tags">
              {keys.map((k) => (
                <li key={k}>
                  <code title={`${location}:${k}`}>{k}</code>
                </li>
              ))}
            </ul>
          </div>
          {!allLoaded && (
            <p className="ac-hint" data-testid="rc-delete-partial">
              Only the {formatCount(loaded.length)} of {plural(total, 'tag')} loaded were checked:
              tags not loaded yet that point at this digest go too.
            </p>
          )}
          {entry.pin !== null && (
            <p className="ac-fate-remove">
              {entry.artifact ? `Your last build of ${entry.artifact}` : 'Your last build'} used
              this tag: its next lookup misses at this level and builds again.
            </p>
          )}
          <p className="ac-hint">The registry frees the space at its next garbage collection.</p>
        </div>
      )}
      {error && (
        <p className="ac-submit-error" role="alert" data-testid="rc-delete-error">
          {error}
        </p>
      )}
    </Modal>
  );
}
