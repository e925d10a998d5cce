/**
 * Per artifact: lookups, hit rate, the last miss and its reason, and, for an artifact that keeps
 * missing, since when and why ("missing since Tuesday: inputs changed: Dockerfile"). Clicking an
 * artifact filters the page on it.
 */
import { sinceWords, streakWords, type ArtifactSummary } from '../../../shared/history.js';
import { formatCount } from '../../lib/format.js';
import { percent } from './history-format.js';

interface Props {
  artifacts: ArtifactSummary[];
  /** Artifacts in the range (the list may stop before). */
  total: number;
  now: number;
  selected: readonly string[];
  onPick(artifact: string): void;
}

function RateBar({ rate }: { rate: number | null }) {
  const pct = rate === null ? 0 : Math.round(rate * 100);
  return (
    <span className="hist-rate">
      <span className="hist-rate-track" aria-hidden="true">
        <span className="hist-rate-fill" style={{ width: `${pct}%` }} />
      </span>
      <span className="hist-rate-value">{percent(rate)}</span>
    </span>
  );
}

export function ArtifactSummaryTable({ artifacts, total, now, selected, onPick }: Props) {
  if (artifacts.length === 0) {
    return <p className="hist-empty-note">No artifact was looked up in this range.</p>;
  }
  return (
    <div className="hist-summary-scroll">
      <table className="hist-summary" data-testid="artifact-summary">
        <thead>
          <tr>
            <th scope="col">Artifact</th>
            <th scope="col" className="num">
              Lookups
            </th>
            <th scope="col">Hit rate</th>
          </tr>
        </thead>
        <tbody>
          {artifacts.map((a) => (
            <tr
              key={a.artifact}
              className={selected.includes(a.artifact) ? 'is-selected' : undefined}
              data-testid="artifact-summary-row"
            >
              <th scope="row">
                <span className="hist-artifact-line">
                  <button
                    type="button"
                    className="hist-artifact-link"
                    title={`Show only ${a.artifact}`}
                    onClick={() => onPick(a.artifact)}
                  >
                    {a.artifact}
                  </button>
                  {a.streak && (
                    <span className="hist-badge status-miss" data-testid="artifact-missing">
                      Missing
                    </span>
                  )}
                </span>
                {a.streak ? (
                  <span className="hist-subline hist-streak" title={streakWords(a.streak, now)}>
                    {streakWords(a.streak, now)}
                  </span>
                ) : (
                  a.lastMiss && (
                    <span className="hist-subline" title={a.lastMiss.reason ?? undefined}>
                      Last miss {sinceWords(a.lastMiss.at, now)}
                      {a.lastMiss.reason ? `: ${a.lastMiss.reason}` : ''}
                    </span>
                  )
                )}
              </th>
              <td className="num">{formatCount(a.lookups)}</td>
              <td>
                <RateBar rate={a.hitRate} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > artifacts.length && (
        <p className="hist-empty-note">
          {formatCount(total - artifacts.length)} more artifacts not shown: filter to see them.
        </p>
      )}
    </div>
  );
}
