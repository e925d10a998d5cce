/** The registry cache table's cells: memoized components that read one `CacheRow`. */
import { memo } from 'react';
import { CopyableCode } from '../../components/copy-button.js';
import { CopyIcon, InfoIcon, PullIcon, TrashIcon } from '../../components/icons.js';
import { formatBytes, humanDuration } from '../../lib/format.js';
import { useAppStore } from '../../store/store-context.js';
import type { CacheFreshness } from '../../../shared/registry-cache.js';
import { formatDateTime, pinWords, type CacheRow } from '../../model/registry-cache/cache-rows.js';
import { useCacheRowActions } from './row-actions.js';

const faint = (text = '—') => <span className="faint">{text}</span>;

/** Each freshness's badge colour. */
export const FRESHNESS_TONE: Record<CacheFreshness, string> = {
  fresh: 'badge-ok',
  'too-old': 'badge-warn',
  unknown: 'badge-dashed',
};

/** The colour of this machine's pin: pinned, or moved since the last build. */
export const PIN_TONE = { pinned: 'badge-accent', moved: 'badge-warn' } as const;

export const KeyCell = memo(function KeyCell({ row }: { row: CacheRow }) {
  const { announce } = useCacheRowActions();
  return (
    <CopyableCode
      text={row.entry.key}
      shown={row.keyShort}
      label={`Copy the key ${row.keyShort}`}
      title="Copy the full key"
      testId="rc-key"
      className="rc-key-text"
      onCopied={(ok) =>
        announce(ok ? `Copied the key ${row.entry.key}.` : 'Could not copy the key.')
      }
    />
  );
});

export const ArtifactCell = memo(function ArtifactCell({ row }: { row: CacheRow }) {
  const artifact = row.entry.artifact;
  if (!artifact) {
    return (
      <span className="faint" title="No build on this machine used this key.">
        —
      </span>
    );
  }
  return (
    <span className="rc-artifact truncate" title={artifact} data-testid="rc-artifact">
      {artifact}
    </span>
  );
});

export const DigestCell = memo(function DigestCell({ row }: { row: CacheRow }) {
  if (row.entry.error) {
    return (
      <span
        className="badge badge-bad"
        title={`This tag could not be read: ${row.entry.error}`}
        data-testid="rc-row-error"
      >
        unreadable
      </span>
    );
  }
  if (!row.digestShort) return faint();
  return (
    <code className="mono" title={row.entry.digest} data-testid="rc-digest">
      {row.digestShort}
    </code>
  );
});

export const CreatedCell = memo(function CreatedCell({ row }: { row: CacheRow }) {
  if (row.createdMs === null) return faint();
  return (
    <span className="truncate num" title={row.entry.created ?? ''}>
      {formatDateTime(row.createdMs)}
    </span>
  );
});

export function AgeCell({ row }: { row: CacheRow }) {
  return (
    <span className="rc-age">
      <span className="num rc-age-text" title={row.freshnessTitle} data-testid="rc-age">
        {row.ageMs === null ? '—' : humanDuration(row.ageMs).toLowerCase()}
      </span>
      {!row.entry.error && (
        <span
          className={`badge ${FRESHNESS_TONE[row.freshness]}`}
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
    <span className="num" data-testid="rc-size">
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
      className={`badge ${PIN_TONE[words.tone]}`}
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
    <span className="row-actions" onClick={stop} onDoubleClick={stop}>
      <button
        type="button"
        className="icon-button"
        aria-label={`Details of ${row.keyShort}`}
        title="Details: layers, labels, platform"
        onClick={() => actions.details(row)}
      >
        <InfoIcon />
      </button>
      <button
        type="button"
        className={`icon-button${pulling ? ' is-on' : ''}`}
        aria-label={`Pull ${row.keyShort}`}
        title={pulling ? 'Pulling: see Tasks' : 'Pull this image into the engine'}
        disabled={busy !== undefined || pulling}
        onClick={() => actions.pull(row)}
        data-testid="rc-pull"
      >
        {pulling || busy === 'pull' ? <span className="spinner spinner-small" /> : <PullIcon />}
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={`Copy the reference of ${row.keyShort}`}
        title={`Copy ${ref}`}
        onClick={() => actions.copyReference(row)}
        data-testid="rc-copy-ref"
      >
        <CopyIcon />
      </button>
      <button
        type="button"
        className="icon-button icon-button-danger"
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
