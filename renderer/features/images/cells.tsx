/** The images table's cells: small, memoized, text first (badges say what they mean in words). */
import { memo } from 'react';
import type { ContainerRef } from '../../../shared/model.js';
import { formatBytes, formatCount, formatIso, plural } from '../../lib/format.js';
import { compactAge } from '../../model/images/age.js';
import { useBrowser } from './browser-context.js';
import { CopyableCode, CopyButton as SharedCopyButton } from '../../components/copy-button.js';
import type { GroupRow } from '../../model/images/grouping.js';
import { NONE, type ImageRow, type TagRef } from '../../model/images/rows.js';
import { sharedOf, uniqueOf } from '../../model/images/sorting.js';
import { UpdateBadge } from './update-badge.js';

export const NameCell = memo(function NameCell({
  value,
  more = 0,
}: {
  value: string;
  more?: number;
}) {
  if (value === NONE) return <span className="muted">{NONE}</span>;
  return (
    <>
      <span className="truncate name" title={value}>
        {value}
      </span>
      {more > 0 && (
        <span className="more" title={`In ${more} more repositor${more === 1 ? 'y' : 'ies'}`}>
          +{more}
        </span>
      )}
    </>
  );
});

const MAX_TAG_CHIPS = 3;

/**
 * Tags as chips: those in `repository` by tag name alone (others are counted in the "+N", and all
 * are in the tooltip); with no `repository`, every tag as `repo:tag`.
 */
export const TagsCell = memo(function TagsCell({
  tags,
  repository,
}: {
  tags: readonly TagRef[];
  repository: string;
}) {
  if (tags.length === 0) return <span className="muted">{NONE}</span>;
  const own = repository === '' ? tags : tags.filter((t) => t.repository === repository);
  const shown = own.slice(0, MAX_TAG_CHIPS);
  const rest = tags.length - shown.length;
  return (
    <span className="tags" title={tags.map((t) => t.ref).join('\n')}>
      {shown.map((t) => (
        <span key={t.ref} className="tag">
          {repository === '' ? t.ref : t.tag}
        </span>
      ))}
      {rest > 0 && <span className="more more-wide">+{rest}</span>}
      {rest + shown.length > 1 && (
        <span className="more more-narrow">+{rest + shown.length - 1}</span>
      )}
    </span>
  );
});

/** A copy button that tells screen readers whether it copied. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { announce } = useBrowser();
  return (
    <SharedCopyButton
      text={text}
      label={label}
      onCopied={(ok) => announce(ok ? 'Copied to the clipboard.' : 'Could not copy.')}
    />
  );
}

export const IdCell = memo(function IdCell({ shortId, id }: { shortId: string; id: string }) {
  const { announce } = useBrowser();
  return (
    <CopyableCode
      text={id.replace(/^sha256:/, '')}
      shown={shortId}
      label={`Copy image ID ${shortId}`}
      onCopied={(ok) => announce(ok ? 'Copied to the clipboard.' : 'Could not copy.')}
    />
  );
});

export const DigestCell = memo(function DigestCell({ digests }: { digests: readonly string[] }) {
  const first = digests[0];
  if (first === undefined) return <span className="muted">—</span>;
  return (
    <code className="mono truncate" title={digests.join('\n')}>
      {first.replace(/^sha256:/, '').slice(0, 12)}
      {digests.length > 1 && <span className="more">+{digests.length - 1}</span>}
    </code>
  );
});

export const SizeCell = memo(function SizeCell({
  bytes,
  hint,
}: {
  bytes: number | null;
  hint?: string;
}) {
  if (bytes === null) {
    return (
      <span className="num muted" title={hint ?? 'Not known yet'}>
        —
      </span>
    );
  }
  return (
    <span className="num" title={hint ?? `${formatCount(bytes)} bytes`}>
      {formatBytes(bytes)}
    </span>
  );
});

const NO_FIGURE = 'Docker has not computed this image’s shared size yet';

export function SharedCell({ row }: { row: ImageRow }) {
  const { shared } = useBrowser();
  const bytes = sharedOf(row, shared);
  return (
    <SizeCell
      bytes={bytes}
      hint={
        bytes === null ? NO_FIGURE : `${formatCount(bytes)} bytes in layers other images also have`
      }
    />
  );
}

export function UniqueCell({ row }: { row: ImageRow }) {
  const { shared } = useBrowser();
  const bytes = uniqueOf(row, shared);
  return (
    <SizeCell
      bytes={bytes}
      hint={bytes === null ? NO_FIGURE : `${formatCount(bytes)} bytes only this image has`}
    />
  );
}

export const CreatedCell = memo(function CreatedCell({
  created,
  now,
}: {
  created: number;
  now: number;
}) {
  const iso = formatIso(created);
  return (
    <time dateTime={iso} title={new Date(created * 1000).toLocaleString()}>
      {compactAge(created, now)}
    </time>
  );
});

export function containerList(containers: readonly ContainerRef[]): string {
  return containers.map((c) => `${c.name} (${c.state})`).join('\n');
}

export const ContainersCell = memo(function ContainersCell({
  containers,
}: {
  containers: readonly ContainerRef[];
}) {
  if (containers.length === 0) return <span className="muted">—</span>;
  return (
    <span className="containers" title={containerList(containers)}>
      <span className="count-pill">{containers.length}</span>
      <span className="truncate">{containers.map((c) => c.name).join(', ')}</span>
    </span>
  );
});

export const StatusCell = memo(function StatusCell({ row }: { row: ImageRow }) {
  return (
    <span className="badges">
      {row.inUse && (
        <span
          className="badge badge-use"
          data-testid="badge-in-use"
          title={`Used by ${row.containers.map((c) => `${c.name} (${c.state})`).join(', ')}`}
        >
          in use
        </span>
      )}
      {row.dangling && (
        <span
          className="badge badge-warn"
          data-testid="badge-dangling"
          title="Untagged and not the parent of another image"
        >
          dangling
        </span>
      )}
      {!row.inUse && !row.dangling && !row.intermediate && (
        <span
          className="badge badge-plain"
          data-testid="badge-unused"
          title="No container uses this image"
        >
          unused
        </span>
      )}
      {row.intermediate && (
        <span
          className="badge badge-dashed"
          data-testid="badge-intermediate"
          title="An untagged parent layer of another image"
        >
          intermediate
        </span>
      )}
      <UpdateBadge row={row} />
    </span>
  );
});

/** The repository cell of a group row: the open/close control, the name and the count. */
export function GroupNameCell({ group }: { group: GroupRow }) {
  const { toggleGroup } = useBrowser();
  return (
    <span className="group-name">
      <button
        type="button"
        className="icon-button chevron"
        aria-label={`${group.expanded ? 'Collapse' : 'Expand'} ${group.repository}`}
        aria-expanded={group.expanded}
        tabIndex={-1}
        onClick={(e) => {
          e.stopPropagation();
          toggleGroup(group.repository);
        }}
      >
        <span aria-hidden="true">{group.expanded ? '▾' : '▸'}</span>
      </button>
      <span
        className={`truncate name${group.repository === NONE ? ' muted' : ''}`}
        title={group.repository}
      >
        {group.repository}
      </span>
      <span className="group-count">{plural(group.images.length, 'image')}</span>
    </span>
  );
}

export function GroupStatusCell({ group }: { group: GroupRow }) {
  let inUse = 0;
  let dangling = 0;
  for (const image of group.images) {
    if (image.inUse) inUse++;
    if (image.dangling) dangling++;
  }
  const parts = [
    inUse > 0 ? `${formatCount(inUse)} in use` : null,
    dangling > 0 ? `${formatCount(dangling)} dangling` : null,
  ].filter(Boolean);
  return <span className="muted small">{parts.join(' · ')}</span>;
}

export function GroupUniqueCell({ group }: { group: GroupRow }) {
  const { shared } = useBrowser();
  if (shared === null) return null;
  let bytes = 0;
  for (const image of group.images) bytes += uniqueOf(image, shared) ?? image.size;
  return <SizeCell bytes={bytes} hint="Summed bytes only one image has, over the group's images" />;
}
