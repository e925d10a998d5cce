/**
 * One level's cache tags: a TanStack table over the loaded rows, virtualized (only the rows in
 * view are drawn, so thousands of tags scroll smoothly), asking for the next page as the end comes
 * into view. With a search the rows are the core's matches among every tag of the level, paged
 * the same way. The grid is one tab stop: ↑/↓, Page Up/Down, Home/End move the active row,
 * Enter opens its details, Delete asks to delete it.
 */
import { flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useVirtualRows } from '../../lib/use-virtual-rows.js';
import { useEffect, useId, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { formatCount, plural } from '../../lib/format.js';
import { REGISTRY_PAGE_SIZE } from '../../store/slices/registry-levels.js';
import {
  LEVEL_WORDS,
  type CacheLevelId,
  type CacheRow,
} from '../../model/registry-cache/cache-rows.js';
import { CACHE_COLUMNS, CACHE_GRID_TEMPLATE } from './columns.js';
import { useCacheRowActions } from './row-actions.js';

export const CACHE_ROW_HEIGHT = 36;

/** The next page is asked when the last drawn row is this close to the end of the loaded ones. */
const LOAD_AHEAD = 30;
/**
 * Once the end was reached, a page that lands while the view is still at the old end asks for the
 * one after it at once (one page kept ahead), instead of waiting for the next scroll to reach it.
 */
const CHASE_AHEAD = LOAD_AHEAD + REGISTRY_PAGE_SIZE;

interface Props {
  level: CacheLevelId;
  rows: readonly CacheRow[];
  /** The search the loaded rows answer; '' for none. */
  search: string;
  /**
   * Another search is typed and not answered yet: `rows` are the loaded ones it lets through, and
   * no next page of the old listing is asked meanwhile.
   */
  searchPending: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  moreError: string | null;
  loaded: number;
  /** Tags the search lets through, all pages (`total` without one). */
  matching: number;
  /** Tags in the level. */
  total: number;
  now: number;
  onLoadMore(): void;
}

export function CacheTable({
  level,
  rows,
  search,
  searchPending,
  hasMore,
  loadingMore,
  moreError,
  loaded,
  matching,
  total,
  now,
  onLoadMore,
}: Props) {
  const actions = useCacheRowActions();
  const { scrollRef, virtualizer, items, visible, lastIndex } = useVirtualRows(
    rows,
    CACHE_ROW_HEIGHT,
    12,
  );
  const idBase = useId();
  /** The view reached the end and has not left it since: pages are asked one ahead. */
  const chasing = useRef(false);
  const seen = useRef(0);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const table = useReactTable({
    data: visible,
    columns: CACHE_COLUMNS,
    getRowId: (r) => r.id,
    getCoreRowModel: getCoreRowModel(),
    meta: { now },
  });
  const tableRows = table.getRowModel().rows;

  useEffect(() => {
    // Fewer rows than before: a new listing (a refresh, a search) starts from its top again.
    if (rows.length < seen.current) chasing.current = false;
    seen.current = rows.length;
    if (searchPending || !hasMore || loadingMore || moreError !== null) return;
    const near = lastIndex >= rows.length - (chasing.current ? CHASE_AHEAD : LOAD_AHEAD);
    chasing.current = near;
    if (near) onLoadMore();
  }, [searchPending, hasMore, loadingMore, moreError, lastIndex, rows.length, onLoadMore]);

  const activeIndex = activeKey === null ? -1 : rows.findIndex((r) => r.id === activeKey);
  const active = activeIndex >= 0 ? rows[activeIndex] : undefined;
  const rowDomId = (key: string): string => `${idBase}-row-${key}`;

  const moveTo = (index: number): void => {
    const next = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (!next) return;
    setActiveKey(next.id);
    virtualizer.scrollToIndex(rows.indexOf(next), { align: 'auto' });
  };
  const pageRows = Math.max(
    1,
    Math.floor((scrollRef.current?.clientHeight ?? 360) / CACHE_ROW_HEIGHT) - 1,
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.target !== e.currentTarget) return; // keys typed on a row's buttons are theirs
    const at = activeIndex;
    if (e.key === 'ArrowDown') moveTo(at + 1);
    else if (e.key === 'ArrowUp') moveTo(at < 0 ? 0 : at - 1);
    else if (e.key === 'PageDown') moveTo(at + pageRows);
    else if (e.key === 'PageUp') moveTo(at - pageRows);
    else if (e.key === 'Home') moveTo(0);
    else if (e.key === 'End') moveTo(rows.length - 1);
    else if (e.key === 'Enter' && active) actions.details(active);
    else if (e.key === 'Delete' && active) actions.remove(active);
    else if (e.key === 'Escape') setActiveKey(null);
    else return;
    e.preventDefault();
  };

  const style = { '--rc-columns': CACHE_GRID_TEMPLATE } as CSSProperties;
  const rest = Math.max(0, matching - loaded);
  const [noun, nouns] = search === '' ? ['tag', 'tags'] : ['match', 'matches'];
  return (
    <div className="rc-scroll" ref={scrollRef} style={style} data-testid="rc-scroll">
      <div
        className="rc-grid"
        role="grid"
        aria-label={`${LEVEL_WORDS[level]} level cache tags`}
        aria-rowcount={matching + 1}
        aria-activedescendant={active ? rowDomId(active.id) : undefined}
        tabIndex={0}
        data-testid="rc-table"
        onKeyDown={onKeyDown}
      >
        <div className="rc-head" role="row" aria-rowindex={1}>
          {table.getHeaderGroups()[0]?.headers.map((h) => (
            <div
              key={h.id}
              role="columnheader"
              className={`ac-cell ${h.column.columnDef.meta?.className ?? ''}`}
            >
              {flexRender(h.column.columnDef.header, h.getContext())}
            </div>
          ))}
        </div>
        <div className="rc-rows" style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {tableRows.map((row, i) => {
            const item = items[i];
            if (!item) return null;
            const r = row.original;
            const isActive = r.id === activeKey;
            return (
              <div
                key={row.id}
                id={rowDomId(r.id)}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={isActive}
                className={`rc-row${isActive ? ' is-active' : ''}${r.entry.error ? ' rc-row-error' : ''}`}
                data-testid="rc-row"
                data-key={r.id}
                data-freshness={r.freshness}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => setActiveKey(r.id)}
                onDoubleClick={() => actions.details(r)}
              >
                {row.getVisibleCells().map((cell) => (
                  <div
                    key={cell.column.id}
                    role="gridcell"
                    className={`ac-cell ${cell.column.columnDef.meta?.className ?? ''}`}
                  >
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
      <div className="rc-foot" data-testid="rc-foot">
        {loadingMore ? (
          <span className="rc-foot-line" role="status">
            <span className="ac-spinner ac-spinner-small" aria-hidden="true" /> Loading the next{' '}
            {plural(Math.min(REGISTRY_PAGE_SIZE, rest), noun, nouns)}…
          </span>
        ) : moreError !== null ? (
          <span className="rc-foot-line ac-bad-text" role="alert">
            The next page could not be read: {moreError}
            <button type="button" className="ac-link" onClick={onLoadMore}>
              Try again
            </button>
          </span>
        ) : hasMore ? (
          <span className="rc-foot-line ac-faint">
            {plural(rest, `more ${noun}`, `more ${nouns}`)} {rest === 1 ? 'loads' : 'load'} as you
            scroll.
            <button
              type="button"
              className="ac-link"
              onClick={onLoadMore}
              data-testid="rc-load-more"
            >
              Load now
            </button>
          </span>
        ) : (
          <span className="rc-foot-line ac-faint">
            {search === ''
              ? `End of the list: ${plural(loaded, 'tag')}.`
              : matching === 0
                ? `No key or artifact among the ${plural(total, 'tag')} has “${search}”.`
                : `End of the matches: ${formatCount(matching)} of ${plural(total, 'tag')} ${matching === 1 ? 'has' : 'have'} “${search}”.`}
          </span>
        )}
      </div>
    </div>
  );
}
