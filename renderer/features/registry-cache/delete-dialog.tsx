/**
 * The confirm before deleting a cache tag from its registry. A registry deletes manifests, by
 * digest: every tag pointing at the same digest goes too, so the confirm first asks the registry
 * which tags of the level point at it now (all of them, loaded or not) and lists those; when that
 * cannot be asked, it lists the loaded ones and says the list may be short. It also says what the
 * delete means for this machine's builds, and that the space comes back only at the registry's
 * garbage collection. Then what the core did, or the registry's refusal in words.
 */
import { useEffect, useState } from 'react';
import type {
  RegistryCacheDeleteResult,
  RegistryCacheDigestTags,
  RegistryCacheEntry,
} from '../../../shared/registry-cache.js';
import { formatCount, plural } from '../../lib/format.js';
import { locationOfReference } from '../../store/slices/registry-levels.js';
import { useAppStore } from '../../store/store-context.js';
import { Callout } from '../../components/callout.js';
import { Modal } from '../../components/modal.js';
import {
  actionErrorText,
  locationRegistry,
  shortDigest,
  shortKey,
  siblingKeys,
} from '../../model/registry-cache/cache-rows.js';

interface Props {
  entry: RegistryCacheEntry;
  /** Every tag of the level loaded so far, to find the ones sharing the digest. */
  loaded: readonly RegistryCacheEntry[];
  /** Tags in the level, loaded or not. */
  total: number;
  onClose(): void;
  onDeleted(result: RegistryCacheDeleteResult, keys: string[]): void;
}

type Check =
  | { state: 'checking' }
  | { state: 'done'; found: RegistryCacheDigestTags }
  | { state: 'failed'; error: string | null };

export function DeleteDialog({ entry, loaded, total, onClose, onDeleted }: Props) {
  const deleteImage = useAppStore((s) => s.deleteRegistryImage);
  const findTags = useAppStore((s) => s.findRegistryDigestTags);
  // Read once: the lists shrink when the delete lands, the confirm must not.
  const [loadedKeys] = useState(() => [entry.key, ...siblingKeys(loaded, entry)]);
  const [allLoaded] = useState(() => loaded.length >= total);
  const [check, setCheck] = useState<Check>(() =>
    entry.digest ? { state: 'checking' } : { state: 'failed', error: null },
  );
  const [report, setReport] = useState<RegistryCacheDeleteResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const location = locationOfReference(entry.reference);

  useEffect(() => {
    if (!entry.digest) return;
    let live = true;
    findTags(`${location}@${entry.digest}`).then(
      (found) => live && setCheck({ state: 'done', found }),
      (err: unknown) =>
        live &&
        setCheck({ state: 'failed', error: actionErrorText(err, locationRegistry(location)) }),
    );
    return () => {
      live = false;
    };
  }, [findTags, location, entry.digest]);

  const found = check.state === 'done' ? check.found : null;
  const keys = found ? found.keys : loadedKeys;
  // The tag was written again since the list was made: the digest no longer includes it.
  const moved = found !== null && !found.keys.includes(entry.key);
  const ready = check.state !== 'checking' && !moved;

  const run = async (): Promise<void> => {
    setWorking(true);
    setError(null);
    try {
      const result = await deleteImage(entry);
      setReport(result);
      onDeleted(result, keys);
    } catch (err) {
      setError(actionErrorText(err, locationRegistry(location)));
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
      size="wide"
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
              className="button button-danger-outline"
              disabled={working || !ready}
              data-testid="rc-delete-confirm"
              onClick={() => void run()}
            >
              {working
                ? 'Deleting…'
                : check.state === 'checking'
                  ? 'Checking…'
                  : keys.length > 1
                    ? `Delete ${plural(keys.length, 'tag')}`
                    : 'Delete'}
            </button>
          </>
        )
      }
    >
      {report ? (
        <div className="stack" data-testid="rc-delete-report">
          <p className="strong">{report.message}</p>
        </div>
      ) : (
        <div className="stack">
          <p className="muted">
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
          {check.state === 'checking' ? (
            <p className="field-label" role="status" data-testid="rc-delete-checking">
              <span className="spinner spinner-small" aria-hidden="true" /> Asking the registry
              which of the {plural(total, 'tag')} of this level point at this digest…
            </p>
          ) : moved ? (
            <p className="tone-bad" role="alert" data-testid="rc-delete-moved">
              <code>{shortKey(entry.key)}</code> no longer points at this digest: someone wrote it
              since the list was made. Refresh the list, then delete what it shows.
            </p>
          ) : (
            <div>
              <p className="field-label">
                {found
                  ? keys.length > 1
                    ? `The ${formatCount(keys.length)} tags with this digest, of the ${plural(found.checked, 'tag')} in the level:`
                    : `The one tag with this digest, of the ${plural(found.checked, 'tag')} in the level:`
                  : keys.length > 1
                    ? `The ${formatCount(keys.length)} loaded tags with this digest:`
                    : 'The one loaded tag with this digest:'}
              </p>
              <ul className="bullets rc-delete-tags" data-testid="rc-delete-tags">
                {keys.map((k) => (
                  <li key={k}>
                    <code title={`${location}:${k}`}>{k}</code>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {found && found.unread.length > 0 && (
            <p className="field-hint" data-testid="rc-delete-unread">
              {plural(found.unread.length, 'tag')} could not be read (
              {found.unread.slice(0, 3).map(shortKey).join(', ')}
              {found.unread.length > 3 ? '…' : ''}): if{' '}
              {found.unread.length === 1 ? 'it points' : 'they point'} at this digest,{' '}
              {found.unread.length === 1 ? 'it goes' : 'they go'} too.
            </p>
          )}
          {check.state === 'failed' && (
            <p className="field-hint" data-testid="rc-delete-partial">
              {check.error
                ? `The registry could not be asked for every tag of this digest (${check.error}). `
                : 'This tag’s digest could not be read. '}
              {allLoaded
                ? `These are from the ${plural(loaded.length, 'tag')} listed.`
                : `Only the ${formatCount(loaded.length)} of ${plural(total, 'tag')} loaded were checked: tags not loaded yet that point at this digest go too.`}
            </p>
          )}
          {entry.pin !== null && (
            <p className="tone-bad">
              {entry.artifact ? `Your last build of ${entry.artifact}` : 'Your last build'} used
              this tag: its next lookup misses at this level and builds again.
            </p>
          )}
          <p className="field-hint">The registry frees the space at its next garbage collection.</p>
        </div>
      )}
      {error && (
        <Callout tone="error" testId="rc-delete-error">
          {error}
        </Callout>
      )}
    </Modal>
  );
}
