/**
 * The line between the filters and the grid: how many images match and their size, the
 * selection, and the view switches (group by repository, intermediate layers, columns, details).
 */
import { useState } from 'react';
import { formatBytes, formatClock, formatCount, plural } from '../../lib/format.js';
import { useAppStore } from '../../store/store-context.js';
import { ImagesToolbarActions } from '../actions/toolbar-actions.js';
import { CompareDialog } from '../details/compare-dialog.js';
import { ColumnMenu } from './column-menu.js';
import { summarizeRows, type ImageRow } from '../../model/images/rows.js';
import type { ImagesMode } from './use-browser-model.js';

function SelectionInfo() {
  const selected = useAppStore((s) => s.selection.selected);
  const images = useAppStore((s) => s.indexImages);
  const clear = useAppStore((s) => s.clearSelection);
  const [comparing, setComparing] = useState(false);
  if (selected.size === 0) return null;
  let size = 0;
  for (const id of selected) size += images.get(id)?.size ?? 0;
  // Two images compare older → newer (by name when made at the same second), each named by its
  // first tag.
  const pair = [...selected]
    .map((id) => {
      const record = images.get(id);
      return { id, created: record?.created ?? 0, name: record?.repoTags[0] ?? id.slice(7, 19) };
    })
    .sort((x, y) => x.created - y.created || x.name.localeCompare(y.name))
    .map(({ id, name }) => ({ id, name }));
  const [a, b] = pair;
  return (
    <span className="selection-info" data-testid="selection-info" aria-live="polite">
      <strong>{formatCount(selected.size)} selected</strong> · {formatBytes(size)}
      <button type="button" className="link-button" onClick={clear}>
        Clear
      </button>
      {pair.length === 2 && a && b && (
        <button
          type="button"
          className="link-button"
          data-testid="compare-images"
          onClick={() => setComparing(true)}
        >
          Compare…
        </button>
      )}
      {comparing && a && b && <CompareDialog a={a} b={b} onClose={() => setComparing(false)} />}
    </span>
  );
}

export function ResultsBar({
  rows,
  total,
  mode,
}: {
  rows: ImageRow[];
  /** Images in the view before filtering. */
  total: number;
  mode: ImagesMode;
}) {
  const { count, size } = summarizeRows(rows);
  const staleSince = useAppStore((s) => s.indexStaleSince);
  const groupBy = useAppStore((s) => s.imagesGroupBy);
  const setGroupBy = useAppStore((s) => s.setImagesGroupBy);
  const showIntermediate = useAppStore((s) => s.imagesShowIntermediate);
  const setShowIntermediate = useAppStore((s) => s.setImagesShowIntermediate);
  const detailsOpen = useAppStore((s) => s.detailsOpen);
  const setDetailsOpen = useAppStore((s) => s.setDetailsOpen);
  const what = mode === 'dangling' ? plural(count, 'dangling image') : plural(count, 'image');
  return (
    <div className="results-bar">
      <p className="count-line" data-testid="images-count" aria-live="polite">
        {what} · {formatBytes(size)}
        {count !== total && <span className="muted"> of {formatCount(total)}</span>}
      </p>
      {staleSince !== null && (
        <span
          className="badge badge-warn"
          data-testid="stale-badge"
          title="The event stream is down"
        >
          stale since {formatClock(staleSince)}
        </span>
      )}
      <SelectionInfo />
      <ImagesToolbarActions />
      <div className="view-switches">
        <div className="segmented" role="group" aria-label="Rows">
          <button
            type="button"
            aria-pressed={groupBy === 'none'}
            onClick={() => setGroupBy('none')}
            data-testid="group-none"
          >
            Images
          </button>
          <button
            type="button"
            aria-pressed={groupBy === 'repository'}
            onClick={() => setGroupBy('repository')}
            data-testid="group-repository"
          >
            By repository
          </button>
        </div>
        {mode === 'all' && (
          <label
            className="switch"
            title="Untagged parent layers of other images (classic builder)"
          >
            <input
              type="checkbox"
              checked={showIntermediate}
              onChange={(e) => setShowIntermediate(e.target.checked)}
              data-testid="show-intermediate"
            />
            Intermediate
          </label>
        )}
        <ColumnMenu />
        <button
          type="button"
          className="button button-small"
          aria-pressed={detailsOpen}
          data-testid="toggle-details"
          onClick={() => setDetailsOpen(!detailsOpen)}
        >
          Details
        </button>
      </div>
    </div>
  );
}
