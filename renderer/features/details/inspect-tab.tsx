/** The Inspect tab: the daemon's raw JSON, collapsible and copyable. */
import { useMemo } from 'react';
import type { ImageInspect } from '../../../shared/model.js';
import type { Loadable } from '../../store/index.js';
import { CopyButton } from '../images/cells.js';
import { Failed, Loading } from './fields.js';

export function InspectTab({
  inspect,
  onReload,
}: {
  inspect: Loadable<ImageInspect> | undefined;
  onReload(): void;
}) {
  const json = useMemo(
    () => (inspect?.status === 'ready' ? JSON.stringify(inspect.value, null, 2) : ''),
    [inspect],
  );
  if (!inspect || inspect.status === 'loading') return <Loading what="the inspect" />;
  if (inspect.status === 'error') return <Failed message={inspect.message} onRetry={onReload} />;
  return (
    <details className="raw-json" open data-testid="details-inspect">
      <summary>
        <span>Raw inspect JSON</span>
        <span className="raw-actions">
          <span className="muted small">{json.split('\n').length} lines</span>
          <CopyButton text={json} label="Copy the inspect JSON" />
          <button
            type="button"
            className="link-button"
            onClick={(e) => {
              e.preventDefault();
              onReload();
            }}
          >
            Reload
          </button>
        </span>
      </summary>
      <pre className="well json">{json}</pre>
    </details>
  );
}
