/**
 * The update chip of a row, read from the remembered update checks (never a registry request):
 * up to date, update available (with Pull update, and on hover how long ago the registry's image
 * was built, as of the check, when it learnt that), or unknown with the reasons on hover.
 * Nothing for an image none of whose tags has been checked.
 */
import { useState } from 'react';
import { formatAge, formatClock, plural } from '../../lib/format.js';
import { errorMessage } from '../../model/errors.js';
import type { ImageRow } from '../../model/images/rows.js';
import { rowUpdate } from '../../model/images/updates.js';
import { useAppStore } from '../../store/store-context.js';

export function UpdateBadge({ row }: { row: ImageRow }) {
  const updates = useAppStore((s) => s.imageUpdates);
  const pullUpdates = useAppStore((s) => s.pullUpdates);
  const [error, setError] = useState<string | null>(null);
  const update = rowUpdate(row, updates);
  if (!update) return null;
  const checked = `checked at ${formatClock(update.checkedAt)}`;
  if (update.state === 'upToDate') {
    return (
      <span
        className="badge badge-ok"
        data-testid="badge-up-to-date"
        title={`The registry holds the same image under its tags (${checked})`}
      >
        up to date
      </span>
    );
  }
  if (update.state === 'unknown') {
    return (
      <span
        className="badge badge-dashed"
        data-testid="badge-update-unknown"
        title={`Update unknown (${checked}): ${update.reasons.join('; ')}`}
      >
        update unknown
      </span>
    );
  }
  return (
    <>
      <span
        className="badge badge-accent"
        data-testid="badge-update-available"
        title={`The registry holds a newer image under ${update.outdated.join(', ')}${
          update.remoteCreated === null
            ? ''
            : `, built ${formatAge(update.remoteCreated / 1000, update.checkedAt)}`
        } (${checked})`}
      >
        update available
      </span>
      <button
        type="button"
        className="link-button small"
        data-testid="row-pull-update"
        title={
          error ?? `Pull ${plural(update.outdated.length, 'tag')}: ${update.outdated.join(', ')}`
        }
        onClick={() => {
          setError(null);
          void pullUpdates(update.outdated).catch((err) => setError(errorMessage(err)));
        }}
      >
        {error ? 'Pull failed' : 'Pull update'}
      </button>
    </>
  );
}
