/**
 * One level's cache tags: a DataGrid over the loaded rows (only the rows in view are drawn, so
 * thousands of tags scroll smoothly), asking for the next page as the end comes into view. With a
 * search the rows are the core's matches among every tag of the level, paged the same way. Enter
 * on the active row opens its details, Delete asks to delete it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { DataGrid } from '../../components/data-grid/index.js';
import { formatCount, plural } from '../../lib/format.js';
import { REGISTRY_PAGE_SIZE } from '../../store/slices/registry-levels.js';
import {
  LEVEL_WORDS,
  type CacheLevelId,
  type CacheRow,
} from '../../model/registry-cache/cache-rows.js';
import { CACHE_COLUMNS } from './columns.js';
import { useCacheRowActions } from './row-actions.js';

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

const keyOf = (r: CacheRow): string => r.id;

const rowAttributes = (r: CacheRow) => ({
  className: r.entry.error ? 'rc-row-error' : undefined,
  'data-testid': 'rc-row',
  'data-freshness': r.freshness,
});

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
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [lastIndex, setLastIndex] = useState(-1);
  /** The view reached the end and has not left it since: pages are asked one ahead. */
  const chasing = useRef(false);
  const seen = useRef(0);
  const meta = useMemo(() => ({ now }), [now]);

  useEffect(() => {
    // Fewer rows than before: a new listing (a refresh, a search) starts from its top again.
    if (rows.length < seen.current) chasing.current = false;
    seen.current = rows.length;
    if (searchPending || !hasMore || loadingMore || moreError !== null) return;
    const near = lastIndex >= rows.length - (chasing.current ? CHASE_AHEAD : LOAD_AHEAD);
    chasing.current = near;
    if (near) onLoadMore();
  }, [searchPending, hasMore, loadingMore, moreError, lastIndex, rows.length, onLoadMore]);

  const rest = Math.max(0, matching - loaded);
  const [noun, nouns] = search === '' ? ['tag', 'tags'] : ['match', 'matches'];
  const footer = (
    <div className="dg-foot" data-testid="rc-foot">
      {loadingMore ? (
        <span className="dg-foot-line" role="status">
          <span className="spinner spinner-small" aria-hidden="true" /> Loading the next{' '}
          {plural(Math.min(REGISTRY_PAGE_SIZE, rest), noun, nouns)}…
        </span>
      ) : moreError !== null ? (
        <span className="dg-foot-line tone-bad" role="alert">
          The next page could not be read: {moreError}
          <button type="button" className="link-button" onClick={onLoadMore}>
            Try again
          </button>
        </span>
      ) : hasMore ? (
        <span className="dg-foot-line faint">
          {plural(rest, `more ${noun}`, `more ${nouns}`)} {rest === 1 ? 'loads' : 'load'} as you
          scroll.
          <button
            type="button"
            className="link-button"
            onClick={onLoadMore}
            data-testid="rc-load-more"
          >
            Load now
          </button>
        </span>
      ) : (
        <span className="dg-foot-line faint">
          {search === ''
            ? `End of the list: ${plural(loaded, 'tag')}.`
            : matching === 0
              ? `No key or artifact among the ${plural(total, 'tag')} has “${search}”.`
              : `End of the matches: ${formatCount(matching)} of ${plural(total, 'tag')} ${matching === 1 ? 'has' : 'have'} “${search}”.`}
        </span>
      )}
    </div>
  );
  return (
    <DataGrid
      rows={rows}
      columns={CACHE_COLUMNS}
      rowKey={keyOf}
      label={`${LEVEL_WORDS[level]} level cache tags`}
      rowCount={matching}
      meta={meta}
      activeKey={activeKey}
      onActiveChange={setActiveKey}
      onOpen={actions.details}
      onRemove={actions.remove}
      onLastIndexChange={setLastIndex}
      rowAttributes={rowAttributes}
      footer={footer}
      testId="rc-table"
      scrollTestId="rc-scroll"
    />
  );
}
