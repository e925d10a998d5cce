/** The cache table's cells: memoized components that read one `EntryRow`. */
import { memo } from 'react';
import { CopyableCode } from '../../components/copy-button.js';
import { PinIcon, PushIcon, TagIcon, TrashIcon } from '../../components/icons.js';
import { formatAge, formatBytes, formatCount } from '../../lib/format.js';
import { compactAge } from '../../model/images/age.js';
import { useAppStore } from '../../store/store-context.js';
import { splitRegistry, STATE_LABELS, tagLabel, type EntryRow } from './entry-rows.js';
import { useRowActions } from './row-actions.js';

export const ArtifactCell = memo(function ArtifactCell({ row }: { row: EntryRow }) {
  const [host, path] = splitRegistry(row.entry.artifact);
  return (
    <span className="ac-artifact-name" title={row.entry.artifact}>
      {host && <span className="ac-host truncate">{host}</span>}
      <span className="ac-artifact truncate">{path}</span>
    </span>
  );
});

export const KeyCell = memo(function KeyCell({ row }: { row: EntryRow }) {
  const { announce } = useRowActions();
  return (
    <CopyableCode
      text={row.entry.key}
      shown={row.keyShort}
      label={`Copy the cache key ${row.keyShort}`}
      title="Copy the full key"
      testId="entry-key"
      onCopied={(ok) =>
        announce(ok ? `Copied the key ${row.keyShort}.` : 'Could not copy the key.')
      }
    />
  );
});

export const ImageCell = memo(function ImageCell({ row }: { row: EntryRow }) {
  if (!row.imageShort) return <span className="faint">—</span>;
  const gone = row.state === 'missing';
  return (
    <code
      className={`mono${gone ? ' ac-gone' : ''}`}
      title={
        gone ? `${row.entry.imageId ?? ''} (no longer on the engine)` : (row.entry.imageId ?? '')
      }
    >
      {row.imageShort}
    </code>
  );
});

export const TagsCell = memo(function TagsCell({ row }: { row: EntryRow }) {
  const missingTag =
    row.entry.source === 'hangar' && row.cacheTag === null && row.state !== 'missing';
  if (row.tags.length === 0 && !missingTag) {
    return row.cacheTag ? (
      <span className="faint truncate" title={row.cacheTag}>
        cache tag only
      </span>
    ) : (
      <span className="faint">—</span>
    );
  }
  const all = [...row.tags, ...(row.cacheTag ? [row.cacheTag] : [])].join('\n');
  return (
    <span className="tags" title={all}>
      {missingTag && (
        <span
          className="badge badge-warn"
          title={`The tag ${row.entry.artifact}:${row.keyShort}… is missing: Retag puts it back.`}
        >
          no cache tag
        </span>
      )}
      {row.tags.slice(0, 1).map((t) => (
        <span key={t} className="tag">
          {tagLabel(t, row.entry.artifact)}
        </span>
      ))}
      {row.tags.length > 1 && <span className="more">+{row.tags.length - 1}</span>}
    </span>
  );
});

export const SizeCell = memo(function SizeCell({ row }: { row: EntryRow }) {
  if (row.state === 'missing') return <span className="faint">—</span>;
  return <span className="num">{formatBytes(row.entry.size)}</span>;
});

/** A time as a short age (`3 min ago`); the tooltip has the long age and the date. */
export function TimeCell({ ms, now, never }: { ms: number | null; now: number; never: string }) {
  if (ms === null) return <span className="faint">{never}</span>;
  return (
    <span
      className="ac-time truncate"
      title={`${formatAge(ms / 1000, now)} · ${new Date(ms).toLocaleString()}`}
    >
      {compactAge(ms / 1000, now)}
    </span>
  );
}

export const HitsCell = memo(function HitsCell({ row }: { row: EntryRow }) {
  return <span className="num">{formatCount(row.entry.hitCount)}</span>;
});

/** Each state's badge colour. */
const STATE_TONE: Record<EntryRow['state'], string> = {
  present: 'badge-ok',
  stale: 'badge-warn',
  missing: 'badge-bad',
  unknown: 'badge-dashed',
};

export const StatusCell = memo(function StatusCell({ row }: { row: EntryRow }) {
  return (
    <span className="badges">
      <span
        className={`badge ${STATE_TONE[row.state]}`}
        title={row.stateTitle}
        data-testid="entry-state"
      >
        {STATE_LABELS[row.state]}
      </span>
      {row.entry.pinned && (
        <span
          className="badge badge-accent"
          title="Pinned: the policy never evicts it."
          data-testid="entry-pinned"
        >
          pinned
        </span>
      )}
    </span>
  );
});

export const SourceCell = memo(function SourceCell({ row }: { row: EntryRow }) {
  return (
    <span
      className={`ac-source ac-source-${row.entry.source}`}
      title={
        row.entry.source === 'skaffold'
          ? 'Imported from skaffold’s cache file: its key is skaffold’s, so Hangar’s own lookups never match it.'
          : 'Built through Hangar’s cache.'
      }
    >
      {row.entry.source}
    </span>
  );
});

export function ActionsCell({ row }: { row: EntryRow }) {
  const actions = useRowActions();
  const busy = useAppStore((s) => s.artifactsBusy[row.id]);
  const e = row.entry;
  const name = `${e.artifact} ${row.keyShort}`;
  const canRetag = e.source === 'hangar' && row.state !== 'missing' && row.state !== 'unknown';
  const retagTitle =
    e.source !== 'hangar'
      ? 'skaffold’s entries have no Hangar tag to put back'
      : !canRetag
        ? 'The image is not on the engine'
        : row.cacheTag
          ? `Put the tag ${e.artifact}:${row.keyShort}… back (it is in place now)`
          : `Put the missing tag ${e.artifact}:${row.keyShort}… back`;
  return (
    <span className="row-actions">
      <button
        type="button"
        className={`icon-button${e.pinned ? ' is-on' : ''}`}
        aria-pressed={e.pinned}
        aria-label={`${e.pinned ? 'Unpin' : 'Pin'} ${name}`}
        title={
          e.source === 'skaffold'
            ? 'The policy leaves skaffold’s entries alone: there is nothing to pin'
            : e.pinned
              ? 'Unpin: the policy may evict it again'
              : 'Pin: the policy never evicts it'
        }
        disabled={busy !== undefined || (e.source === 'skaffold' && !e.pinned)}
        onClick={() => actions.pin(row, !e.pinned)}
      >
        <PinIcon />
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={`Retag ${name}`}
        title={retagTitle}
        disabled={!canRetag || busy !== undefined}
        onClick={() => actions.retag(row)}
      >
        <TagIcon />
      </button>
      {actions.push && (
        <button
          type="button"
          className="icon-button"
          aria-label={`Push ${name}`}
          title={
            row.pushRefs.length > 0 ? 'Push one of its tags to its registry' : 'No tag to push'
          }
          disabled={row.pushRefs.length === 0 || busy !== undefined}
          onClick={() => actions.push?.(row)}
        >
          <PushIcon />
        </button>
      )}
      <button
        type="button"
        className="icon-button icon-button-danger"
        aria-label={`Evict ${name}`}
        title="Evict: drop the entry (and, if you choose, its image)"
        disabled={busy !== undefined}
        onClick={() => actions.evict(row)}
      >
        <TrashIcon />
      </button>
    </span>
  );
}
