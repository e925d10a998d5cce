/**
 * A task's parts as it reports them: a prune's images, each with its status (waiting, deleting,
 * deleted, skipped…), and a push's or a pull's layers, each with its own bar.
 */
import type { TaskItemProgress } from '../../../shared/tasks.js';
import { formatBytes, formatCount } from '../../lib/format.js';
import { readPruneStatus, type PruneItemStatus } from '../actions/words.js';
import { ProgressBar } from './progress-bar.js';
import { isLayerDone, itemFraction } from './task-progress.js';

/** Items drawn at most; the lines above them count all. */
const MAX_ITEMS = 300;

const PRUNE_MARK: Record<PruneItemStatus, string> = {
  waiting: '·',
  deleting: '…',
  deleted: '✓',
  skipped: '–',
  untagged: '!',
  failed: '×',
};

const PRUNE_WORD: Record<PruneItemStatus, string> = {
  waiting: 'waiting',
  deleting: 'deleting',
  deleted: 'deleted',
  skipped: 'skipped',
  untagged: 'untagged only',
  failed: 'failed',
};

export function PruneItems({ items }: { items: readonly TaskItemProgress[] }) {
  const shown = items.slice(0, MAX_ITEMS);
  return (
    <ul className="task-items" data-testid="prune-items">
      {shown.map((item) => {
        const { kind, reason } = readPruneStatus(item.status);
        return (
          <li
            key={item.id}
            className={`task-item task-item-${kind}`}
            data-testid="prune-item"
            data-status={kind}
          >
            <span className="task-item-mark" aria-hidden="true">
              {kind === 'deleting' ? <span className="spinner spinner-small" /> : PRUNE_MARK[kind]}
            </span>
            <span className="task-item-label truncate" title={item.id}>
              {item.label}
            </span>
            <span className="task-item-status" title={reason || undefined}>
              {PRUNE_WORD[kind]}
              {reason && <span className="task-item-reason">: {reason}</span>}
            </span>
          </li>
        );
      })}
      {items.length > shown.length && (
        <li className="task-item muted small">
          and {formatCount(items.length - shown.length)} more
        </li>
      )}
    </ul>
  );
}

/** A push's or a pull's layers, each with its bar and status. */
export function PushLayers({
  items,
  ended,
  kind = 'push',
}: {
  items: readonly TaskItemProgress[];
  ended: boolean;
  kind?: 'push' | 'pull';
}) {
  if (items.length === 0) return null;
  return (
    <ul className="task-layers" data-testid={`${kind}-layers`}>
      {items.slice(0, MAX_ITEMS).map((item) => {
        const fraction = itemFraction(item);
        const done = isLayerDone(item.status);
        return (
          <li key={item.id} className="task-layer" data-testid={`${kind}-layer`}>
            <span className="task-layer-id mono">{item.id}</span>
            <ProgressBar
              value={done ? 1 : ended && fraction === null ? 0 : fraction}
              label={item.label}
              tone={done ? 'ok' : 'accent'}
              size="thin"
            />
            <span className="task-layer-status truncate" title={item.status}>
              {item.status}
              {!done && item.total !== null && item.total > 0 && (
                <span className="muted">
                  {' '}
                  {formatBytes(item.current)} / {formatBytes(item.total)}
                </span>
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
