/**
 * What a prune did, image by image: deleted, untagged only, skipped and failed, each with its
 * reason, and the bytes reclaimed. Shown after the prune in its dialog and in the task drawer.
 */
import type { ReactNode } from 'react';
import type { PruneReport } from '../../../shared/actions.js';
import { formatBytes, formatCount, plural, shortId } from '../../lib/format.js';
import { pruneReportHeadline } from './words.js';
import './actions.css';

function Section({
  title,
  count,
  tone,
  children,
  testId,
}: {
  title: string;
  count: number;
  tone: 'ok' | 'warn' | 'bad' | 'muted';
  children: ReactNode;
  testId: string;
}) {
  if (count === 0) return null;
  return (
    <section className="act-report-section" data-testid={testId}>
      <h3 className={`act-report-title tone-${tone}`}>
        {title} <span className="count">{formatCount(count)}</span>
      </h3>
      <ul className="act-report-list">{children}</ul>
    </section>
  );
}

function Name({ id, labels }: { id: string; labels: ReadonlyMap<string, string> }) {
  const label = labels.get(id);
  const short = shortId(id);
  return (
    <span className="act-report-name">
      <code className="mono">{short}</code>
      {label && label !== short ? (
        <span className="tag">{label}</span>
      ) : (
        <span className="muted small">untagged</span>
      )}
    </span>
  );
}

export function PruneReportView({
  report,
  labels,
  cancelled = false,
}: {
  report: PruneReport;
  /** Names to show by image id (the preview's tags, or the task's item labels). */
  labels: ReadonlyMap<string, string>;
  /** The prune was cancelled: the report covers the images done before. */
  cancelled?: boolean;
}) {
  return (
    <div className="act-report" data-testid="prune-report">
      <p className="act-report-headline" data-testid="prune-report-headline">
        {pruneReportHeadline(report, cancelled)}
      </p>
      <p className="act-report-bytes muted small">
        Reclaimed up to <strong>{formatBytes(report.reclaimedBytes)}</strong> (each layer counted
        once along parent chains; layers shared otherwise stay until their last image goes).
      </p>
      <Section title="Deleted" count={report.deleted.length} tone="ok" testId="report-deleted">
        {report.deleted.map((id) => (
          <li key={id} data-testid="report-deleted-item" data-id={id}>
            <Name id={id} labels={labels} />
          </li>
        ))}
      </Section>
      <Section
        title="Untagged only"
        count={report.untagged.length}
        tone="warn"
        testId="report-untagged"
      >
        {report.untagged.map((u) => (
          <li key={u.id}>
            <Name id={u.id} labels={labels} />
            <span className="act-reason">
              lost {u.tags.length > 0 ? u.tags.join(', ') : 'its tags'} but stays: {u.reason}
            </span>
          </li>
        ))}
      </Section>
      <Section title="Skipped" count={report.skipped.length} tone="muted" testId="report-skipped">
        {report.skipped.map((s) => (
          <li key={s.id}>
            <Name id={s.id} labels={labels} />
            <span className="act-reason">{s.reason}</span>
          </li>
        ))}
      </Section>
      <Section title="Failed" count={report.failed.length} tone="bad" testId="report-failed">
        {report.failed.map((f) => (
          <li key={f.id}>
            <Name id={f.id} labels={labels} />
            <span className="act-reason tone-bad">{f.error}</span>
          </li>
        ))}
      </Section>
      {report.deleted.length +
        report.untagged.length +
        report.skipped.length +
        report.failed.length ===
        0 && <p className="muted">{plural(0, 'image')} touched.</p>}
    </div>
  );
}
