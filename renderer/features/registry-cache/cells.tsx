/** The registry cache table's cells: memoized components that read one `CacheRow`. */
import { memo } from 'react';
import { useCopy } from '../../lib/use-copy.js';
import { formatBytes, humanDuration } from '../../lib/format.js';
import { useAppStore } from '../../store/store-context.js';
import { CopyIcon, TrashIcon } from '../artifacts/icons.js';
import { formatDateTime, pinWords, type CacheRow } from '../../model/registry-cache/cache-rows.js';
import { InfoIcon, PullIcon } from './icons.js';
import { useCacheRowActions } from './row-actions.js';

const faint = (text = '—') => <span className="ac-faint">{text}</span>;

export const KeyCell = memo(function KeyCell({ row }: { row: CacheRow }) {
  const { copied, copy } = useCopy();
  const { announce } = useCacheRowActions();
  return (
    <span className="ac-key rc-key">
      <code className="ac-mono rc-key-text" title={row.entry.key} data-testid="rc-key">
        {row.keyShort}
      </code>
      <button
        type="button"
        className={`ac-icon-button ac-copy rc-copy-key${copied ? ' is-copied' : ''}`}
        aria-label={`Copy the key ${row.keyShort}`}
        title={copied ? 'Copied' : 'Copy the full key'}
        onClick={(e) => {
          e.stopPropagation();
          void copy(row.entry.key).then((ok) =>
            announce(ok ? `Copied the key ${row.entry.key}.` : 'Could not copy the key.'),
          );
        }}
      >
        {copied ? <span className="ac-copied">✓</span> : <CopyIcon />}
      </button>
    </span>
  );
});

export const ArtifactCell = memo(function ArtifactCell({ row }: { row: CacheRow }) {
  const artifact = row.entry.artifact;
  if (!artifact) {
    return (
      <span className="ac-faint" title="No build on this machine used this key.">
        —
      </span>
    );
  }
  return (
    <span className="ac-artifact ac-truncate" title={artifact} data-testid="rc-artifact">
      {artifact}
    </span>
  );
});

export const DigestCell = memo(function DigestCell({ row }: { row: CacheRow }) {
  if (row.entry.error) {
    return (
      <span
        className="ac-badge ac-state-missing"
        title={`This tag could not be read: ${row.entry.error}`}
        data-testid="rc-row-error"
      >
        unreadable
      </span>
    );
  }
  if (!row.digestShort) return faint();
  return (
    <code className="ac-mono" title={row.entry.digest} data-testid="rc-digest">
      {row.digestShort}
    </code>
  );
});

export const CreatedCell = memo(function CreatedCell({ row }: { row: CacheRow }) {
  if (row.createdMs === null) return faint();
  return (
    <span className="ac-time ac-num" title={row.entry.created ?? ''}>
      {formatDateTime(row.createdMs)}
    </span>
  );
});

export function AgeCell({ row }: { row: CacheRow }) {
  return (
    <span className="rc-age">
      <span className="ac-num rc-age-text" data-testid="rc-age">
        {row.ageMs === null ? '—' : humanDuration(row.ageMs).toLowerCase()}
      </span>
      {!row.entry.error && (
        <span
          className={`ac-badge rc-fresh-${row.freshness}`}
          title={row.freshnessTitle}
          data-testid="rc-freshness"
        >
          {row.freshnessLabel}
        </span>
      )}
    </span>
  );
}

export const SizeCell = memo(function SizeCell({ row }: { row: CacheRow }) {
  if (row.entry.error) return faint();
  return (
    <span className="ac-num" data-testid="rc-size">
      {formatBytes(row.entry.size)}
    </span>
  );
});

export function PinCell({ row }: { row: CacheRow }) {
  const onMoved = useAppStore((s) => s.registryCacheSettings?.onMoved ?? null);
  const words = pinWords(row.entry, onMoved);
  if (!words) return null;
  return (
    <span
      className={`ac-badge rc-pin rc-pin-${words.tone}`}
      title={words.title}
      data-testid="rc-pin"
      data-pin={words.tone}
    >
      {words.tone === 'moved' && (
        <span className="rc-warn-mark" aria-hidden="true">
          ⚠{' '}
        </span>
      )}
      {words.label}
    </span>
  );
}

export function ActionsCell({ row }: { row: CacheRow }) {
  const actions = useCacheRowActions();
  const ref = row.entry.reference;
  const busy = useAppStore((s) => s.registryCacheBusy[ref]);
  const pulling = useAppStore((s) =>
    Object.values(s.tasks).some(
      (t) => t.kind === 'pull' && t.target === ref && t.state === 'running',
    ),
  );
  const stop = (e: { stopPropagation(): void }) => e.stopPropagation();
  return (
    <span className="ac-actions" onClick={stop} onDoubleClick={stop}>
      <button
        type="button"
        className="ac-icon-button"
        aria-label={`Details of ${row.keyShort}`}
        title="Details: layers, labels, platform"
        onClick={() => actions.details(row)}
      >
        <InfoIcon />
      </button>
      <button
        type="button"
        className={`ac-icon-button${pulling ? ' is-on' : ''}`}
        aria-label={`Pull ${row.keyShort}`}
        title={pulling ? 'Pulling: see Tasks' : 'Pull this image into the engine'}
        disabled={busy !== undefined || pulling}
        onClick={() => actions.pull(row)}
        data-testid="rc-pull"
      >
        {pulling || busy === 'pull' ? (
          <span className="ac-spinner ac-spinner-small" />
        ) : (
          <PullIcon />
        )}
      </button>
      <button
        type="button"
        className="ac-icon-button"
        aria-label={`Copy the reference of ${row.keyShort}`}
        title={`Copy ${ref}`}
        onClick={() => actions.copyReference(row)}
        data-testid="rc-copy-ref"
      >
        <CopyIcon />
      </button>
      <button
        type="button"
        className="ac-icon-button ac-danger"
        aria-label={`Delete ${row.keyShort}`}
        title="Delete from the registry (every tag of its digest goes too)"
        disabled={busy !== undefined}
        onClick={() => actions.remove(row)}
        data-testid="rc-delete"
      >
        <TrashIcon />
      </button>
    </span>
  );
}
