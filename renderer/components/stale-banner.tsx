import { staleText } from '../lib/engine-text.js';
import { useAppStore } from '../store/store-context.js';

/** Says when the index may be out of date because the core lost the daemon's event stream. */
export function StaleBanner() {
  const staleSince = useAppStore((s) => s.indexStaleSince);
  if (staleSince === null) return null;
  return (
    <div className="banner banner-warn" role="status" data-testid="stale-banner">
      <span className="banner-reason">{staleText(staleSince)}</span>
    </div>
  );
}
