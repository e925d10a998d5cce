/** What a pull gave: the image now on the engine, what came down, and the tags it carries. */
import type { PullResult } from '../../../shared/registry-cache.js';
import { shortId } from '../../lib/format.js';

/** `layers`: what came down, in words (from the task's layer progress). */
export function PullResultView({ result, layers }: { result: PullResult; layers: string }) {
  const others = result.tags.filter((t) => t !== result.reference);
  return (
    <div className="task-result" data-testid="pull-result">
      <p className="task-result-head">
        <strong>Pulled</strong> as image{' '}
        <code className="mono" title={result.imageId} data-testid="pull-image">
          {shortId(result.imageId)}
        </code>
        : {layers}.
      </p>
      <dl className="task-fields">
        <dt>Reference</dt>
        <dd>
          <code className="mono wrap" data-testid="pull-reference">
            {result.reference}
          </code>
        </dd>
        {result.digest && (
          <>
            <dt>Digest</dt>
            <dd>
              <code className="mono wrap">{result.digest}</code>
            </dd>
          </>
        )}
        {others.length > 0 && (
          <>
            <dt>{others.length === 1 ? 'Other tag' : 'Other tags'}</dt>
            <dd className="wrap">{others.join(', ')}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
