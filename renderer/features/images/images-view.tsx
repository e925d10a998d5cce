/**
 * The Images and Dangling views: disk usage, the filter bar, the results line, then the grid with
 * the details panel beside it, or the loading, unreachable, error and empty states in its place.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useAppStore } from '../../store/store-context.js';
import { DetailsPanel } from '../details/details-panel.js';
import { DiskUsageStrip } from '../disk-usage/disk-usage-strip.js';
import { BrowserContext, type BrowserActions } from './browser-context.js';
import { FilterBar } from './filter-bar.js';
import { imageOf, keyOf } from '../../model/images/grouping.js';
import { ImagesTable } from './images-table.js';
import { ImagesInDialogs } from '../actions/toolbar-actions.js';
import { ResultsBar } from './results-bar.js';
import {
  EmptyState,
  ErrorState,
  LoadingSkeleton,
  NoMatchesState,
  UnreachableState,
} from './states.js';
import { useBrowserModel, type ImagesMode } from './use-browser-model.js';
import './images.css';

export type { ImagesMode };

/** `/` anywhere outside a text field focuses the filter. */
function useSlashFocus(input: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [input]);
}

export function ImagesView({ mode }: { mode: ImagesMode }) {
  const phase = useAppStore((s) => s.indexPhase);
  const indexError = useAppStore((s) => s.indexError);
  const engine = useAppStore((s) => s.engine);
  const filters = useAppStore((s) => s.imagesFilters);
  const sorting = useAppStore((s) => s.imagesSorting);
  const groupBy = useAppStore((s) => s.imagesGroupBy);
  const detailsOpen = useAppStore((s) => s.detailsOpen);
  const setDetailsOpen = useAppStore((s) => s.setDetailsOpen);
  const activeKey = useAppStore((s) => s.selection.active);
  const toggleGroup = useAppStore((s) => s.toggleImagesGroup);
  const shared = useAppStore((s) => s.diskUsage?.sharedSize ?? null);
  const model = useBrowserModel(mode);
  const filterRef = useRef<HTMLInputElement>(null);
  const [announcement, setAnnouncement] = useState('');
  useSlashFocus(filterRef);

  const actions = useMemo<BrowserActions>(
    () => ({ shared, toggleGroup: (r) => toggleGroup(r), announce: setAnnouncement }),
    [shared, toggleGroup],
  );
  const onOpen = useCallback(() => setDetailsOpen(true), [setDetailsOpen]);

  // The details panel shows the active row's image, found among the rows shown (or, when the
  // filters hide it, in the index by id).
  const activeRow = useMemo(() => {
    if (activeKey === null) return null;
    const d = model.display.find((row) => keyOf(row) === activeKey);
    return d ? imageOf(d) : (model.base.find((r) => r.id === activeKey) ?? null);
  }, [activeKey, model.display, model.base]);

  const label = mode === 'dangling' ? 'Dangling images' : 'Images';
  const resetKey = `${mode}|${JSON.stringify(filters)}|${JSON.stringify(sorting)}|${groupBy}`;
  const loading = phase === 'idle' || phase === 'loading';
  const unreachable = engine?.state === 'unreachable' ? engine.reason : null;

  let body;
  if (loading) body = <LoadingSkeleton />;
  else if (phase === 'error') body = <ErrorState message={indexError ?? ''} />;
  else if (model.base.length === 0 && unreachable) body = <UnreachableState reason={unreachable} />;
  else if (model.base.length === 0) body = <EmptyState dangling={mode === 'dangling'} />;
  else if (model.rows.length === 0) body = <NoMatchesState text={filters.text} />;
  else {
    body = (
      <ImagesTable
        key={mode}
        display={model.display}
        filteredIds={model.ids}
        label={label}
        resetKey={resetKey}
        onOpen={onOpen}
      />
    );
  }

  // With no image at all there is nothing to measure or filter: the state says it all.
  const nothing = phase === 'ready' && model.base.length === 0;
  return (
    <BrowserContext.Provider value={actions}>
      <section className="images-view" aria-label={label}>
        {mode === 'all' && !nothing && (
          <DiskUsageStrip rows={model.base} ready={phase === 'ready'} />
        )}
        {!nothing && (
          <FilterBar
            counts={model.counts}
            searched={model.searched}
            hideStatus={mode === 'dangling' ? ['dangling'] : []}
            inputRef={filterRef}
            ready={phase === 'ready'}
          />
        )}
        {phase === 'ready' && !nothing && (
          <ResultsBar rows={model.rows} total={model.base.length} mode={mode} />
        )}
        <div className={`browser${detailsOpen ? ' with-details' : ''}`}>
          <div className="browser-main">{body}</div>
          {detailsOpen && phase === 'ready' && (
            <DetailsPanel
              row={activeRow}
              missing={activeKey !== null && activeRow === null && !activeKey.startsWith('group:')}
              onClose={() => setDetailsOpen(false)}
            />
          )}
        </div>
        <p className="offscreen" aria-live="polite">
          {announcement}
        </p>
        <ImagesInDialogs />
      </section>
    </BrowserContext.Provider>
  );
}
