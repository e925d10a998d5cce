/**
 * The confirm before evicting one entry: exactly what happens to the entry and to its image (kept
 * or removed, and why), with the choice to remove the image too; then what the core did.
 */
import { useState } from 'react';
import type { CacheEntry, EvictReport } from '../../../shared/artifacts.js';
import { errorMessage } from '../../model/errors.js';
import { useAppStore } from '../../store/store-context.js';
import { planEviction } from './evict-plan.js';
import { Callout } from '../../components/callout.js';
import { Modal } from '../../components/modal.js';
import { imageText } from './policy-words.js';

const NO_ENTRIES: CacheEntry[] = [];

export function EvictDialog({ entry, onClose }: { entry: CacheEntry; onClose(): void }) {
  const all = useAppStore((s) => s.artifacts?.entries ?? NO_ENTRIES);
  const evictEntries = useAppStore((s) => s.evictEntries);
  const [removeImages, setRemoveImages] = useState(false);
  const [report, setReport] = useState<EvictReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const plan = planEviction(entry, all, removeImages);
  const key = entry.key.slice(0, 12);

  const evict = async (): Promise<void> => {
    setWorking(true);
    setError(null);
    try {
      setReport(
        await evictEntries({
          keys: [entry.key],
          removeImages: removeImages && plan.canRemoveImage,
        }),
      );
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setWorking(false);
    }
  };

  const done = report?.actions[0];
  return (
    <Modal
      title={report ? `Evicted ${key}` : `Evict ${entry.artifact} ${key}?`}
      onClose={onClose}
      locked={working}
      testId="evict-dialog"
      footer={
        report ? (
          <button type="button" className="button" onClick={onClose} data-testid="evict-close">
            Close
          </button>
        ) : (
          <>
            <button type="button" className="button" onClick={onClose} disabled={working}>
              Keep it
            </button>
            <button
              type="button"
              className="button button-danger-outline"
              disabled={working}
              data-testid="evict-confirm"
              onClick={() => void evict()}
            >
              {working
                ? 'Evicting…'
                : removeImages && plan.fate !== 'keep'
                  ? 'Evict and remove image'
                  : 'Evict'}
            </button>
          </>
        )
      }
    >
      {report ? (
        <div className="stack" data-testid="evict-report">
          {done ? (
            <p>
              {done.outcome === 'failed'
                ? `The entry could not be dropped: ${done.error ?? 'unknown error'}`
                : `The entry ${key} is gone from the cache; ${imageText(done)}.`}
            </p>
          ) : (
            <p>There was no entry {key} any more: someone evicted it already.</p>
          )}
        </div>
      ) : (
        <div className="stack">
          <ul className="bullets" data-testid="evict-plan">
            <li>{plan.entry}</li>
            <li
              data-testid="evict-image-plan"
              className={plan.fate === 'remove' ? 'tone-bad' : undefined}
            >
              {plan.image}
            </li>
          </ul>
          {plan.canRemoveImage && (
            <label className="check">
              <input
                type="checkbox"
                checked={removeImages}
                data-testid="evict-remove-image"
                onChange={(e) => setRemoveImages(e.target.checked)}
              />
              Also remove the image (never one a container uses or another entry holds)
            </label>
          )}
        </div>
      )}
      {error && <Callout tone="error">{error}</Callout>}
    </Modal>
  );
}
