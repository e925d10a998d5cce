/**
 * The images view's action buttons: "Remove…" for the selected images, "Prune…" and "Pull…",
 * each opening its dialog.
 */
import { useMemo, useState } from 'react';
import type { PruneMode } from '../../../shared/actions.js';
import { formatCount } from '../../lib/format.js';
import { useAppStore } from '../../store/store-context.js';
import { PruneDialog } from './prune-dialog.js';
import { PullDialog } from './pull-dialog.js';
import { RemoveDialog } from './remove-dialog.js';
import './actions.css';

export function ImagesToolbarActions({ mode = 'dangling' }: { mode?: PruneMode }) {
  const selected = useAppStore((s) => s.selection.selected);
  const [open, setOpen] = useState<'prune' | 'remove' | 'pull' | null>(null);
  // Frozen when the dialog opens: the selection follows the index and shrinks as images go.
  const [removeIds, setRemoveIds] = useState<string[]>([]);
  const count = selected.size;
  const title = useMemo(
    () =>
      count === 0
        ? 'Select images in the table to remove them'
        : `Remove the ${formatCount(count)} selected`,
    [count],
  );
  return (
    <span className="button-row">
      <button
        type="button"
        className="button button-small"
        disabled={count === 0}
        title={title}
        data-testid="remove-selected"
        onClick={() => {
          setRemoveIds([...selected]);
          setOpen('remove');
        }}
      >
        {count === 0 ? 'Remove…' : `Remove ${formatCount(count)}…`}
      </button>
      <button
        type="button"
        className="button button-small"
        title="Delete unused images, with a preview of exactly what goes"
        data-testid="prune-open"
        onClick={() => setOpen('prune')}
      >
        Prune…
      </button>
      <button
        type="button"
        className="button button-small"
        title="Pull an image from its registry, with progress per layer"
        data-testid="pull-open"
        onClick={() => setOpen('pull')}
      >
        Pull…
      </button>
      {open === 'pull' && <PullDialog onClose={() => setOpen(null)} />}
      {open === 'prune' && <PruneDialog mode={mode} onClose={() => setOpen(null)} />}
      {open === 'remove' && <RemoveDialog ids={removeIds} onClose={() => setOpen(null)} />}
    </span>
  );
}
