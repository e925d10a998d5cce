/** What a push gave: the digest now under the tag on the registry, or "already pushed". */
import type { PushResult } from '../../../shared/actions.js';
import { formatBytes, plural } from '../../lib/format.js';

export function PushResultView({ result }: { result: PushResult }) {
  return (
    <div className="task-result" data-testid="push-result">
      <p className="task-result-head">
        {result.alreadyPushed ? (
          <>
            <strong>Already pushed:</strong> {result.registry} has this image under{' '}
            <span className="tag">{result.ref}</span>; nothing was sent.
          </>
        ) : (
          <>
            <strong>Pushed</strong> <span className="tag">{result.ref}</span> to {result.registry}
            {result.layers > 0 && <> ({plural(result.layers, 'layer')})</>}.
          </>
        )}
      </p>
      <dl className="task-fields">
        <dt>Digest</dt>
        <dd>
          <code className="mono wrap" data-testid="push-digest">
            {result.digest}
          </code>
        </dd>
        {result.size !== null && (
          <>
            <dt>Manifest</dt>
            <dd>{formatBytes(result.size)}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
