/**
 * A prune preview: the exact images that will go (id, tags, created, size, the bytes each frees,
 * and whether the mode chose it or it goes along as an untagged parent), the bytes to reclaim as
 * an upper bound with a lower bound on request, and the images that stay, with why.
 */
import type { PrunePreview } from '../../../shared/actions.js';
import { formatAge, formatBytes, formatCount, plural, shortId } from '../../lib/format.js';
import { UPPER_BOUND_NOTE } from './words.js';

/** Rows drawn at most (the count and the bytes always cover all of them). */
const MAX_ROWS = 400;

export function ReclaimLine({
  preview,
  measuring,
  onMeasure,
}: {
  preview: PrunePreview;
  measuring: boolean;
  onMeasure(): void;
}) {
  const min = preview.reclaimBytesMin;
  return (
    <div className="act-reclaim" data-testid="prune-reclaim">
      <span>
        <strong data-testid="prune-count">{plural(preview.images.length, 'image')}</strong> to
        delete, reclaiming{' '}
        {min !== null && min < preview.reclaimBytes ? (
          <strong data-testid="prune-bytes">
            {formatBytes(min)} to {formatBytes(preview.reclaimBytes)}
          </strong>
        ) : (
          <>
            up to <strong data-testid="prune-bytes">{formatBytes(preview.reclaimBytes)}</strong>
          </>
        )}
        <span className="act-info" title={UPPER_BOUND_NOTE} aria-label={UPPER_BOUND_NOTE}>
          ?
        </span>
      </span>
      {min === null ? (
        <button
          type="button"
          className="link-button"
          disabled={measuring || preview.images.length === 0}
          onClick={onMeasure}
          data-testid="prune-measure"
          title="Ask Docker which of these bytes no other image shares (can be slow on big hosts)"
        >
          {measuring ? 'Measuring…' : 'Measure exactly'}
        </button>
      ) : (
        <span className="muted small" data-testid="prune-measured">
          at least {formatBytes(min)}, measured with Docker’s disk usage
        </span>
      )}
    </div>
  );
}

export function PrunePreviewList({ preview }: { preview: PrunePreview }) {
  const now = Date.now();
  const shown = preview.images.slice(0, MAX_ROWS);
  return (
    <>
      {preview.images.length === 0 ? (
        <p className="muted" data-testid="prune-nothing">
          Nothing matches: no image would be deleted.
        </p>
      ) : (
        <div className="act-table-wrap">
          <table className="plain-table" data-testid="prune-preview">
            <thead>
              <tr>
                <th scope="col">Image</th>
                <th scope="col">Tags</th>
                <th scope="col">Created</th>
                <th scope="col" className="num-col">
                  Size
                </th>
                <th scope="col" className="num-col" title="Bytes it adds on top of its parent">
                  Frees
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((image) => (
                <tr key={image.id} data-testid="prune-preview-row" data-id={image.id}>
                  <td>
                    <code className="mono">{shortId(image.id)}</code>
                    {image.role === 'parent' && (
                      <span
                        className="badge badge-dashed act-role"
                        title="An untagged parent layer that no container uses and whose children all go: docker prunes it along"
                      >
                        parent
                      </span>
                    )}
                  </td>
                  <td>
                    {image.tags.length === 0 ? (
                      <span className="muted">untagged</span>
                    ) : (
                      <span className="tag-list">
                        {image.tags.map((t) => (
                          <span key={t} className="tag">
                            {t}
                          </span>
                        ))}
                      </span>
                    )}
                  </td>
                  <td className="muted">{formatAge(image.created, now)}</td>
                  <td className="num">{formatBytes(image.size)}</td>
                  <td className="num">{formatBytes(image.ownBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.images.length > shown.length && (
            <p className="muted small act-more">
              and {formatCount(preview.images.length - shown.length)} more (all of them are deleted
              and counted above)
            </p>
          )}
        </div>
      )}
      {preview.skipped.length > 0 && (
        <details className="act-skipped" data-testid="prune-skipped">
          <summary>
            {plural(preview.skipped.length, 'image')} the filters chose{' '}
            {preview.skipped.length === 1 ? 'stays' : 'stay'}, and why
          </summary>
          <ul className="act-report-list">
            {preview.skipped.map((s) => (
              <li key={s.id} data-testid="prune-skipped-item">
                <span className="act-report-name">
                  <code className="mono">{shortId(s.id)}</code>
                  {s.tags[0] && <span className="tag">{s.tags[0]}</span>}
                </span>
                <span className="act-reason">{s.reason}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
