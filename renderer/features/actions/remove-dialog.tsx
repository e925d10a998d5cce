/**
 * Removing images (one, or the selection): a confirm that lists what will happen to each image,
 * with and without force (and what force does to containers), then each image's outcome.
 */
import { useMemo, useState } from 'react';
import type { RemoveOutcome } from '../../../shared/actions.js';
import { formatBytes, formatCount, plural, shortId } from '../../lib/format.js';
import { useAppStore } from '../../store/store-context.js';
import { Callout } from '../../components/callout.js';
import { Modal } from '../../components/modal.js';
import {
  groupRemoveOutcomes,
  planRemove,
  removeSummary,
  type RemovePlanItem,
} from './remove-plan.js';
import { errorWords } from '../../model/errors.js';
import { removeConfirmLabel } from './words.js';
import './actions.css';

const VERDICT_MARK = { removes: '✓', 'needs-force': '!', blocked: '×' } as const;

function PlanList({ plan }: { plan: RemovePlanItem[] }) {
  return (
    <ul className="act-plan" data-testid="remove-plan">
      {plan.map((item) => (
        <li
          key={item.id}
          className={`act-plan-item act-verdict-${item.verdict}`}
          data-testid="remove-plan-item"
          data-verdict={item.verdict}
        >
          <span className="act-plan-mark" aria-hidden="true">
            {VERDICT_MARK[item.verdict]}
          </span>
          <span className="act-plan-main">
            <span className="act-report-name">
              <span className="act-plan-name">{item.name}</span>
              <code className="mono">{shortId(item.id)}</code>
              <span className="muted small">{formatBytes(item.size)}</span>
            </span>
            <span className="act-reason">{item.note}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

function Outcomes({
  outcomes,
  names,
}: {
  outcomes: RemoveOutcome[];
  names: ReadonlyMap<string, string>;
}) {
  const groups = groupRemoveOutcomes(outcomes);
  const name = (input: string): string => names.get(input) ?? input;
  return (
    <div className="act-report" data-testid="remove-outcomes">
      <p className="act-report-headline" data-testid="remove-summary">
        {removeSummary(groups)}
      </p>
      {groups.removed.length > 0 && (
        <section className="act-report-section">
          <h3 className="act-report-title tone-ok">Removed</h3>
          <ul className="act-report-list">
            {groups.removed.map((r) => (
              <li key={r.input} data-testid="remove-removed">
                <span className="act-report-name">{name(r.input)}</span>
                <span className="act-reason">
                  {r.untagged.length > 0 && `untagged ${r.untagged.join(', ')}; `}
                  {r.deleted.length > 0
                    ? `deleted ${plural(r.deleted.length, 'image')}${r.deleted.length > 1 ? ' (with untagged parents)' : ''}`
                    : 'the image stays under another name'}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {groups.inUse.length > 0 && (
        <section className="act-report-section">
          <h3 className="act-report-title tone-warn">Refused: in use</h3>
          <ul className="act-report-list">
            {groups.inUse.map((r) => (
              <li key={r.input} data-testid="remove-refused">
                <span className="act-report-name">{name(r.input)}</span>
                <span className="act-reason">{r.message}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {groups.failed.length > 0 && (
        <section className="act-report-section">
          <h3 className="act-report-title tone-bad">Failed</h3>
          <ul className="act-report-list">
            {groups.failed.map((r) => (
              <li key={r.input} data-testid="remove-failed">
                <span className="act-report-name">{name(r.input)}</span>
                <span className="act-reason tone-bad">{r.message}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

export function RemoveDialog({ ids, onClose }: { ids: readonly string[]; onClose(): void }) {
  const images = useAppStore((s) => s.indexImages);
  const removeImages = useAppStore((s) => s.removeImages);
  const [force, setForce] = useState(false);
  const [noprune, setNoprune] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ plan: RemovePlanItem[]; outcomes: RemoveOutcome[] } | null>(
    null,
  );
  const live = useMemo(() => planRemove(ids, images, force), [ids, images, force]);
  const plan = done?.plan ?? live;
  const names = useMemo(() => new Map(plan.map((p) => [p.id, p.name])), [plan]);
  const going = plan.filter((p) => p.verdict === 'removes');
  const staying = plan.length - going.length;
  const bytes = going.reduce((sum, p) => sum + p.size, 0);
  const needsForce = plan.some((p) => p.verdict === 'needs-force');

  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const frozen = plan;
    try {
      const outcomes = await removeImages(
        frozen.map((p) => p.id),
        { force, noprune },
      );
      setDone({ plan: frozen, outcomes });
    } catch (err) {
      setError(errorWords(err));
    } finally {
      setBusy(false);
    }
  };

  const title =
    plan.length === 1
      ? `Remove ${plan[0]?.name ?? 'image'}`
      : `Remove ${plural(plan.length, 'image')}`;
  return (
    <Modal
      title={done ? 'Remove report' : title}
      onClose={onClose}
      testId="remove-dialog"
      footerNote={
        !done &&
        staying > 0 && (
          <span className="muted small">
            {formatCount(staying)} of {formatCount(plan.length)} will stay (see why above)
          </span>
        )
      }
      footer={
        done ? (
          <button
            type="button"
            className="button button-primary"
            onClick={onClose}
            data-testid="remove-close"
          >
            Close
          </button>
        ) : (
          <>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="button"
              className="button button-danger"
              disabled={busy || going.length === 0}
              onClick={() => void confirm()}
              data-testid="remove-confirm"
            >
              {busy
                ? 'Removing…'
                : `${removeConfirmLabel(going.length, force)}${going.length > 0 ? `, ${formatBytes(bytes)}` : ''}`}
            </button>
          </>
        )
      }
    >
      {done ? (
        <Outcomes outcomes={done.outcomes} names={names} />
      ) : plan.length === 0 ? (
        <p className="muted">These images are gone already.</p>
      ) : (
        <>
          <PlanList plan={plan} />
          <div className="act-checks">
            <label className="act-check" data-testid="remove-force">
              <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
              <span>
                <strong>Force</strong>: also remove images that stopped containers use (the
                containers stay and can still start, but show the image as a bare id and cannot be
                re-created from it) and images tagged in several repositories (every tag goes). A
                running container’s image stays even then.
              </span>
            </label>
            <label className="act-check">
              <input
                type="checkbox"
                checked={noprune}
                onChange={(e) => setNoprune(e.target.checked)}
              />
              <span>
                Keep untagged parent layers (<code>--no-prune</code>)
              </span>
            </label>
          </div>
          {needsForce && !force && (
            <Callout tone="info">Images marked ! are refused unless you check Force.</Callout>
          )}
          {error && <Callout tone="error">{error}</Callout>}
        </>
      )}
    </Modal>
  );
}
