/** What the images view shows instead of rows: loading, engine unreachable, errors, nothing. */
import { GridSkeleton } from '../../components/data-grid/index.js';
import { StatePanel } from '../../components/states.js';
import { ImagesInButtons } from '../actions/toolbar-actions.js';
import { visibleColumns } from '../../model/images/column-prefs.js';
import { useAppStore } from '../../store/store-context.js';
import { imageColumns } from './columns.js';

/** The grid's frame with shimmering rows while the first snapshot is on its way. */
export function LoadingSkeleton() {
  const prefs = useAppStore((s) => s.imagesColumnPrefs);
  return (
    <GridSkeleton
      columns={imageColumns}
      shownColumns={visibleColumns(prefs)}
      selectable
      label="Loading images"
      testId="images-loading"
    />
  );
}

export function ErrorState({ message }: { message: string }) {
  const reloadIndex = useAppStore((s) => s.reloadIndex);
  const syncing = useAppStore((s) => s.indexSyncing);
  return (
    <StatePanel title="Couldn’t load the image list" testId="images-error">
      <p className="state-text">{message}</p>
      <button
        type="button"
        className="button"
        disabled={syncing}
        onClick={() => void reloadIndex()}
      >
        Try again
      </button>
    </StatePanel>
  );
}

/** No images to show because Docker cannot be reached (and none are known from before). */
export function UnreachableState({ reason }: { reason: string }) {
  const retry = useAppStore((s) => s.retryEngine);
  const retrying = useAppStore((s) => s.engineRetrying);
  return (
    <StatePanel mark="bad" title="Hangar can’t reach Docker" testId="images-unreachable">
      <p className="state-text">{reason}</p>
      <p className="state-text small">
        Start Docker (or point Hangar at it with <code>--host</code> or <code>DOCKER_HOST</code>);
        the list fills in by itself once it answers.
      </p>
      <button type="button" className="button" disabled={retrying} onClick={() => void retry()}>
        {retrying ? 'Retrying…' : 'Retry now'}
      </button>
    </StatePanel>
  );
}

export function EmptyState({ dangling }: { dangling: boolean }) {
  return (
    <StatePanel
      mark="ok"
      title={dangling ? 'No dangling images' : 'No images yet'}
      testId="images-empty"
    >
      <p className="state-text">
        {dangling
          ? 'Nothing to prune: an image becomes dangling when a newer build or pull takes its last tag.'
          : 'Images you pull or build show up here as soon as Docker has them — no refresh needed.'}
      </p>
      {!dangling && (
        <span className="button-row">
          <ImagesInButtons />
        </span>
      )}
    </StatePanel>
  );
}

export function NoMatchesState({ text }: { text: string }) {
  const clearFilters = useAppStore((s) => s.clearImagesFilters);
  return (
    <StatePanel
      title={text.trim() ? `No images match “${text.trim()}”` : 'No images match these filters'}
      testId="images-empty"
    >
      <p className="state-text">
        Search matches any part of a repository, tag, image ID, digest or <code>key=value</code>{' '}
        label; the chips narrow the list further.
      </p>
      <button type="button" className="button" onClick={clearFilters}>
        Clear filters
      </button>
    </StatePanel>
  );
}
