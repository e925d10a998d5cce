/** The Summary tab: ids, tags, digests, dates, platform, and sizes with what they share. */
import type { ImageInspect } from '../../../shared/model.js';
import { formatAge, formatBytes, formatCount } from '../../lib/format.js';
import { useAppStore } from '../../store/store-context.js';
import type { Loadable } from '../../store/index.js';
import { CopyButton, StatusCell } from '../images/cells.js';
import type { ImageRow } from '../../model/images/rows.js';
import { sharedOf, uniqueOf } from '../../model/images/sorting.js';
import { Empty, Field } from './fields.js';
import { platformOf, readConfig } from './inspect-fields.js';

function Bytes({ value }: { value: number | null }) {
  if (value === null) return <Empty>not computed yet</Empty>;
  return <span title={`${formatCount(value)} bytes`}>{formatBytes(value)}</span>;
}

export function SummaryTab({
  row,
  inspect,
}: {
  row: ImageRow;
  inspect: Loadable<ImageInspect> | undefined;
}) {
  const shared = useAppStore((s) => s.diskUsage?.sharedSize ?? null);
  const estimated = useAppStore((s) => s.diskUsage?.estimated ?? false);
  const now = Date.now();
  const config = inspect?.status === 'ready' ? readConfig(inspect.value) : null;
  const digests = row.image.repoDigests;
  return (
    <dl className="facts details-facts" data-testid="details-summary">
      <Field label="Image ID">
        <span className="with-copy">
          <code className="mono prewrap">{row.id}</code>
          <CopyButton text={row.id} label="Copy the full image ID" />
        </span>
      </Field>
      <Field label="Tags">
        {row.tags.length === 0 ? (
          <Empty>untagged</Empty>
        ) : (
          <span className="tag-list">
            {row.tags.map((t) => (
              <span key={t.ref} className="tag">
                {t.ref}
              </span>
            ))}
          </span>
        )}
      </Field>
      <Field label="Digests">
        {digests.length === 0 ? (
          <Empty>none (never pushed or pulled)</Empty>
        ) : (
          <ul className="plain-list">
            {digests.map((d) => (
              <li key={d} className="with-copy">
                <code className="mono prewrap">{d}</code>
                <CopyButton text={d} label={`Copy ${d}`} />
              </li>
            ))}
          </ul>
        )}
      </Field>
      <Field label="Created">
        {new Date(row.created * 1000).toLocaleString()}{' '}
        <span className="muted">({formatAge(row.created, now)})</span>
      </Field>
      <Field label="Platform">
        {config ? platformOf(config) || <Empty /> : <Empty>loading…</Empty>}
      </Field>
      <Field label="Status">
        <StatusCell row={row} />
      </Field>
      <Field label="Size">
        <Bytes value={row.size} />
      </Field>
      <Field label="Shared">
        <Bytes value={sharedOf(row, shared)} />
        <span className="muted small"> in layers other images also have</span>
      </Field>
      <Field label="Unique">
        <Bytes value={uniqueOf(row, shared)} />
        <span className="muted small"> freed if this image alone is removed</span>
        {estimated && <span className="badge badge-warn">estimated</span>}
      </Field>
      <Field label="Layers">{config ? formatCount(config.layers) : <Empty>loading…</Empty>}</Field>
      {row.image.parentId && (
        <Field label="Parent">
          <code className="mono prewrap">{row.image.parentId}</code>
        </Field>
      )}
    </dl>
  );
}
