/**
 * The Images and Dangling views: a filter, the count line, and the table, or the loading, error
 * and empty states in its place.
 */
import { useMemo } from 'react';
import { formatBytes, plural } from '../../lib/format.js';
import { selectDanglingRows, selectImageRows } from '../../store/selectors.js';
import { useAppStore } from '../../store/store-context.js';
import { ImagesTable } from './images-table.js';
import { filterRows, summarizeRows, type ImageRow } from './rows.js';
import './images.css';

export type ImagesMode = 'all' | 'dangling';

function CountLine({ rows, mode }: { rows: ImageRow[]; mode: ImagesMode }) {
  const { count, size } = summarizeRows(rows);
  const what = mode === 'dangling' ? plural(count, 'dangling image') : plural(count, 'image');
  return (
    <p className="count-line" data-testid="images-count" aria-live="polite">
      {what} · {formatBytes(size)}
    </p>
  );
}

function LoadingState() {
  return (
    <div className="state" role="status" data-testid="images-loading">
      <span className="spinner" aria-hidden="true" />
      <p className="state-title">Loading images…</p>
    </div>
  );
}

function ErrorState({ message }: { message: string }) {
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

function EmptyState({ mode, filter }: { mode: ImagesMode; filter: string }) {
  const unreachable = useAppStore((s) => s.engine?.state === 'unreachable');
  let title = mode === 'dangling' ? 'No dangling images' : 'No images yet';
  let text =
    mode === 'dangling'
      ? 'An image becomes dangling when a newer build or pull takes its last tag.'
      : 'Images you pull or build will show up here as soon as Docker has them.';
  if (filter.trim()) {
    title = `No images match “${filter.trim()}”`;
    text = 'Try part of a repository, a tag or an image ID.';
  } else if (unreachable) {
    text = 'Hangar can’t reach Docker right now; images will show up once it can.';
  }
  return (
    <div className="state" data-testid="images-empty">
      <p className="state-title">{title}</p>
      <p className="state-text">{text}</p>
    </div>
  );
}

export function ImagesView({ mode }: { mode: ImagesMode }) {
  const phase = useAppStore((s) => s.indexPhase);
  const indexError = useAppStore((s) => s.indexError);
  const allRows = useAppStore(mode === 'dangling' ? selectDanglingRows : selectImageRows);
  const filter = useAppStore((s) => s.filter);
  const setFilter = useAppStore((s) => s.setFilter);
  const rows = useMemo(() => filterRows(allRows, filter), [allRows, filter]);
  const label = mode === 'dangling' ? 'Dangling images' : 'Images';

  let body;
  if (phase === 'idle' || phase === 'loading') body = <LoadingState />;
  else if (phase === 'error') body = <ErrorState message={indexError ?? ''} />;
  else if (rows.length === 0) body = <EmptyState mode={mode} filter={filter} />;
  else body = <ImagesTable key={mode} rows={rows} label={label} resetKey={filter} />;

  return (
    <section className="images-view" aria-label={label}>
      <div className="toolbar">
        <input
          type="search"
          className="filter"
          placeholder="Filter by repository, tag or ID"
          aria-label="Filter images"
          data-testid="images-filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        {phase === 'ready' && <CountLine rows={rows} mode={mode} />}
      </div>
      {body}
    </section>
  );
}
