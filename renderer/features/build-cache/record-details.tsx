/**
 * A build cache record's details beside the table: its full description, every field, who made it
 * (or unknown), its parent chain up to the root and its children; a parent or child opens its own
 * details.
 */
import type { BuildCacheRecord } from '../../../shared/build-cache.js';
import { CloseButton } from '../../components/close-button.js';
import { formatBytes, formatCount } from '../../lib/format.js';
import {
  childrenOf,
  madeByWords,
  parentChain,
  stateOf,
} from '../../model/build-cache/build-cache-rows.js';
import { fullTime } from '../history/history-format.js';

function RecordLink({
  id,
  record,
  onOpen,
}: {
  id: string;
  record: BuildCacheRecord | null;
  onOpen(id: string): void;
}) {
  return (
    <li className="bc-chain-item">
      {record ? (
        <button type="button" className="link-button" onClick={() => onOpen(id)}>
          <code>{id.slice(0, 12)}</code>
        </button>
      ) : (
        <code>{id.slice(0, 12)}</code>
      )}{' '}
      {record ? (
        <span className="muted">
          {record.type} · {formatBytes(record.size)} · {record.description}
        </span>
      ) : (
        <span className="muted">no longer listed</span>
      )}
    </li>
  );
}

export function RecordDetails({
  record,
  byId,
  records,
  onOpen,
  onClose,
}: {
  record: BuildCacheRecord;
  byId: ReadonlyMap<string, BuildCacheRecord>;
  records: readonly BuildCacheRecord[];
  onOpen(id: string): void;
  onClose(): void;
}) {
  const chain = parentChain(record, byId);
  const children = childrenOf(record.id, records);
  const a = record.attribution;
  return (
    <aside className="bc-details" aria-label="Record details" data-testid="bc-details">
      <div className="bc-details-head">
        <h2 className="bc-panel-title">
          <code>{record.id.slice(0, 12)}</code> {record.type}
        </h2>
        <CloseButton label="Close the record's details" onClick={onClose} />
      </div>
      <p className="bc-details-desc" data-testid="bc-details-description">
        {record.description || '(no description)'}
      </p>
      <dl className="bc-details-fields">
        <dt>ID</dt>
        <dd>
          <code className="bc-details-id">{record.id}</code>
        </dd>
        <dt>Made by</dt>
        <dd data-testid="bc-details-made-by">
          {a ? `${a.step} of ${a.artifact} (build ${a.buildRecordId})` : madeByWords(record)}
        </dd>
        <dt>Size</dt>
        <dd>{formatBytes(record.size)}</dd>
        <dt>State</dt>
        <dd>{stateOf(record)}</dd>
        <dt>Created</dt>
        <dd>{record.createdAt === null ? '—' : fullTime(record.createdAt)}</dd>
        <dt>Last used</dt>
        <dd>{record.lastUsedAt === null ? '—' : fullTime(record.lastUsedAt)}</dd>
        <dt>Uses</dt>
        <dd>{formatCount(record.usageCount)}</dd>
      </dl>
      <h3 className="bc-panel-subtitle">Parent chain</h3>
      {chain.length === 0 ? (
        <p className="muted">No parent: a root record.</p>
      ) : (
        <ol className="bc-chain" data-testid="bc-details-chain">
          {chain.map((c) => (
            <RecordLink key={c.id} id={c.id} record={c.record} onOpen={onOpen} />
          ))}
        </ol>
      )}
      <h3 className="bc-panel-subtitle">Children</h3>
      {children.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="bc-chain" data-testid="bc-details-children">
          {children.map((c) => (
            <RecordLink key={c.id} id={c.id} record={c} onOpen={onOpen} />
          ))}
        </ul>
      )}
    </aside>
  );
}
