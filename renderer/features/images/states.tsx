/** What the images view shows instead of rows: loading, engine unreachable, errors, nothing. */
import { useAppStore } from '../../store/store-context.js';

const SKELETON_ROWS = 24;

/** The grid's frame with shimmering rows while the first snapshot is on its way. */
export function LoadingSkeleton() {
  return (
    <div
      className="table-scroll skeleton"
      role="status"
      aria-label="Loading images"
      data-testid="images-loading"
    >
      <div className="skeleton-head" aria-hidden="true">
        {['w-28', 'w-16', 'w-12', 'w-10', 'w-8', 'w-10', 'w-12'].map((w, i) => (
          <span key={i} className={`skeleton-bar ${w}`} />
        ))}
      </div>
      {Array.from({ length: SKELETON_ROWS }, (_, i) => (
        <div key={i} className="skeleton-row" aria-hidden="true">
          <span
            className={`skeleton-bar ${i % 3 === 0 ? 'w-40' : i % 3 === 1 ? 'w-32' : 'w-36'}`}
          />
          <span className={`skeleton-bar ${i % 2 ? 'w-12' : 'w-16'}`} />
          <span className="skeleton-bar w-14" />
          <span className="skeleton-bar w-10" />
          <span className="skeleton-bar w-8" />
          <span className="skeleton-bar w-10" />
          <span className={`skeleton-bar ${i % 4 === 0 ? 'w-12' : 'w-8'}`} />
        </div>
      ))}
      <span className="offscreen">Loading images…</span>
    </div>
  );
}

export function ErrorState({ message }: { message: string }) {
  const reloadIndex = useAppStore((s) => s.reloadIndex);
  const syncing = useAppStore((s) => s.indexSyncing);
  return (
    <div className="state" data-testid="images-error">
      <p className="state-title">Couldn’t load the image list</p>
      <p className="state-text">{message}</p>
      <button
        type="button"
        className="button"
        disabled={syncing}
        onClick={() => void reloadIndex()}
      >
        Try again
      </button>
    </div>
  );
}

/** No images to show because Docker cannot be reached (and none are known from before). */
export function UnreachableState({ reason }: { reason: string }) {
  const retry = useAppStore((s) => s.retry);
  const retrying = useAppStore((s) => s.engineRetrying);
  return (
    <div className="state state-bad" data-testid="images-unreachable">
      <span className="state-icon" aria-hidden="true">
        !
      </span>
      <p className="state-title">Hangar can’t reach Docker</p>
      <p className="state-text">{reason}</p>
      <p className="state-text small">
        Start Docker (or point Hangar at it with <code>--host</code> or <code>DOCKER_HOST</code>);
        the list fills in by itself once it answers.
      </p>
      <button type="button" className="button" disabled={retrying} onClick={() => void retry()}>
        {retrying ? 'Retrying…' : 'Retry now'}
      </button>
    </div>
  );
}

export function EmptyState({ dangling }: { dangling: boolean }) {
  return (
    <div className="state" data-testid="images-empty">
      <span className="state-icon state-icon-ok" aria-hidden="true">
        ✓
      </span>
      <p className="state-title">{dangling ? 'No dangling images' : 'No images yet'}</p>
      <p className="state-text">
        {dangling
          ? 'Nothing to prune: an image becomes dangling when a newer build or pull takes its last tag.'
          : 'Images you pull or build show up here as soon as Docker has them — no refresh needed.'}
      </p>
    </div>
  );
}

export function NoMatchesState({ text }: { text: string }) {
  const clearFilters = useAppStore((s) => s.clearFilters);
  return (
    <div className="state" data-testid="images-empty">
      <p className="state-title">
        {text.trim() ? `No images match “${text.trim()}”` : 'No images match these filters'}
      </p>
      <p className="state-text">
        Search matches any part of a repository, tag, image ID, digest or <code>key=value</code>{' '}
        label; the chips narrow the list further.
      </p>
      <button type="button" className="button" onClick={clearFilters}>
        Clear filters
      </button>
    </div>
  );
}
