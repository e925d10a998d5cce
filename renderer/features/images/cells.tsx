/** The images table's cells: small, memoized, text first (badges say what they mean in words). */
import { memo } from 'react';
import type { ContainerRef } from '../../../shared/model.js';
import { formatAge, formatBytes, formatCount, formatIso } from '../../lib/format.js';
import { NONE } from './rows.js';

export const NameCell = memo(function NameCell({ value }: { value: string }) {
  if (value === NONE) return <span className="muted">{NONE}</span>;
  return (
    <span className="truncate" title={value}>
      {value}
    </span>
  );
});

export const IdCell = memo(function IdCell({ shortId, id }: { shortId: string; id: string }) {
  return (
    <code className="mono" title={id}>
      {shortId}
    </code>
  );
});

export const SizeCell = memo(function SizeCell({ bytes }: { bytes: number }) {
  return (
    <span className="num" title={`${formatCount(bytes)} bytes`}>
      {formatBytes(bytes)}
    </span>
  );
});

export const CreatedCell = memo(function CreatedCell({
  created,
  now,
}: {
  created: number;
  now: number;
}) {
  const iso = formatIso(created);
  return (
    <time dateTime={iso} title={iso}>
      {formatAge(created, now)}
    </time>
  );
});

function containerList(containers: readonly ContainerRef[]): string {
  return containers.map((c) => `${c.name} (${c.state})`).join(', ');
}

export const StatusCell = memo(function StatusCell({
  containers,
  dangling,
}: {
  containers: readonly ContainerRef[];
  dangling: boolean;
}) {
  return (
    <span className="badges">
      {containers.length > 0 && (
        <span
          className="badge badge-use"
          data-testid="badge-in-use"
          title={`Used by ${containerList(containers)}`}
        >
          in use · {containers.length}
        </span>
      )}
      {dangling && (
        <span className="badge badge-dangling" data-testid="badge-dangling">
          dangling
        </span>
      )}
    </span>
  );
});
