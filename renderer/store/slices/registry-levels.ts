/**
 * How the registry cache page lists a level's tags: the first page, the next ones by
 * keyset cursor (`registryCache:list`), a search over every tag of the level, and the rows kept
 * while a search is shown, so clearing it brings them back. Loads are numbered per level, so an
 * answer to an older question (a location since changed, a refresh or search since asked) never
 * lands. A level whose repository does not exist yet is empty, not failed.
 */
import type { Transport } from '../../../shared/contract.js';
import { splitReference } from '../../../shared/reference-names.js';
import type { RegistryCacheEntry } from '../../../shared/registry-cache.js';
import { errorCodeOf, errorMessage } from '../../model/errors.js';
import {
  LEVEL_IDS,
  levelErrorText,
  type CacheLevelId,
  type LevelError,
} from '../../model/registry-cache/cache-rows.js';
import type { AppStore } from '../index.js';
import type { StoreSet } from '../slice.js';

/** Tags per `registryCache:list` call: each costs two registry reads, six at a time. */
export const REGISTRY_PAGE_SIZE = 100;

export type LevelPhase = 'idle' | 'loading' | 'ready' | 'empty' | 'error';

export interface LevelListing {
  /** `REGISTRY/REPO[/NAMESPACE]`, or null when the level is not set. */
  location: string | null;
  /**
   * `loading` while the first page is asked (rows of an earlier listing stay meanwhile), `empty`
   * when the location holds no tag (or no repository yet), `error` when it could not be read and
   * no row is shown.
   */
  phase: LevelPhase;
  entries: RegistryCacheEntry[];
  /** Tags in the repository, all pages. */
  total: number;
  /** The search the rows answer (keys and artifacts, every tag of the level); '' for none. */
  match: string;
  /** Tags the search lets through, all pages (`total` without a search). */
  matching: number;
  nextCursor: string | null;
  /** Unix ms of the first page's listing. */
  listedAt: number | null;
  /** Why the last listing failed (with rows kept from before, a line above them). */
  error: LevelError | null;
  loadingMore: boolean;
  /** Why the next page could not be read; the loaded rows stay. */
  moreError: string | null;
}

/** A search as the core is asked it: trimmed, blanks between words made one. */
export function normalizeSearch(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

export function emptyLevel(location: string | null): LevelListing {
  return {
    location,
    phase: 'idle',
    entries: [],
    total: 0,
    match: '',
    matching: 0,
    nextCursor: null,
    listedAt: null,
    error: null,
    loadingMore: false,
    moreError: null,
  };
}

/** The location part of `REGISTRY/REPO/NS:KEY`. */
export function locationOfReference(reference: string): string {
  return splitReference(reference).repository;
}

/** What the slice asks of a level's listing. */
export interface LevelListings {
  /**
   * Points a level at a location; a new location forgets the old rows and any load on its way
   * (the level's search stays: it is what the page's field says). False when it was there.
   */
  point(id: CacheLevelId, location: string | null): boolean;
  /** Lists the level's first page (of its search, when it has one). */
  list(id: CacheLevelId): Promise<void>;
  /** Lists again from the first page; rows kept from before a search are forgotten. */
  refresh(id: CacheLevelId): Promise<void>;
  /** Appends the next page (no-op while one is on its way, or on the last page). */
  more(id: CacheLevelId): Promise<void>;
  /** Shows the tags whose key or artifact has every word of `text`; '' brings back the rest. */
  search(id: CacheLevelId, text: string): Promise<void>;
  /** A digest was deleted at `location`: its loaded tags (and `key`) leave every listing of it. */
  dropDigest(location: string, digest: string, key: string): void;
}

export function createLevelListings(
  transport: Transport,
  set: StoreSet,
  get: () => AppStore,
): LevelListings {
  const generations: Record<CacheLevelId, number> = { global: 0, project: 0, browse: 0 };
  /** Each level's listing without a search, kept while one is shown: clearing it brings it back. */
  const unsearched: Record<CacheLevelId, LevelListing | null> = {
    global: null,
    project: null,
    browse: null,
  };

  const level = (id: CacheLevelId): LevelListing => get().registryCacheLevels[id];
  const patch = (id: CacheLevelId, change: Partial<LevelListing>): void =>
    set((s) => ({
      registryCacheLevels: {
        ...s.registryCacheLevels,
        [id]: { ...s.registryCacheLevels[id], ...change },
      },
    }));
  const insecure = (): readonly string[] => get().registryCacheSettings?.insecureRegistries ?? [];

  /** The question for one page of the level's listing. */
  const request = (id: CacheLevelId, location: string, cursor: string | null) => {
    const match = level(id).match;
    return {
      location,
      cursor,
      limit: REGISTRY_PAGE_SIZE,
      ttlHours: get().registryCacheTtl,
      ...(match === '' ? {} : { match }),
    };
  };

  const list = async (id: CacheLevelId): Promise<void> => {
    const location = level(id).location;
    if (location === null) return;
    const asked = ++generations[id];
    patch(id, { phase: 'loading', error: null, moreError: null, loadingMore: false });
    try {
      const page = await transport.invoke('registryCache:list', request(id, location, null));
      if (generations[id] !== asked) return;
      patch(id, {
        phase: page.total === 0 && page.entries.length === 0 ? 'empty' : 'ready',
        entries: page.entries,
        total: page.total,
        matching: page.matching,
        nextCursor: page.nextCursor,
        listedAt: page.listedAt,
        error: null,
      });
    } catch (err) {
      if (generations[id] !== asked) return;
      const code = errorCodeOf(err);
      if (code === 'NOT_FOUND') {
        // No repository yet: nothing was ever pushed there.
        patch(id, {
          phase: 'empty',
          entries: [],
          total: 0,
          matching: 0,
          nextCursor: null,
          listedAt: Date.now(),
          error: null,
        });
        return;
      }
      patch(id, {
        error: { code, text: levelErrorText(code, errorMessage(err), location, insecure()) },
        phase: level(id).entries.length > 0 ? 'ready' : 'error',
      });
    }
  };

  return {
    point(id, location) {
      const { location: was, match } = level(id);
      if (was === location) return false;
      generations[id]++;
      unsearched[id] = null;
      patch(id, { ...emptyLevel(location), match });
      return true;
    },

    list,

    refresh(id) {
      unsearched[id] = null;
      return list(id);
    },

    async more(id) {
      const { location, nextCursor, loadingMore, phase } = level(id);
      if (location === null || nextCursor === null || loadingMore || phase === 'loading') return;
      const asked = generations[id];
      patch(id, { loadingMore: true, moreError: null });
      try {
        const page = await transport.invoke(
          'registryCache:list',
          request(id, location, nextCursor),
        );
        if (generations[id] !== asked) return;
        const { entries } = level(id);
        const have = new Set(entries.map((e) => e.key));
        patch(id, {
          entries: [...entries, ...page.entries.filter((e) => !have.has(e.key))],
          total: page.total,
          matching: page.matching,
          nextCursor: page.nextCursor,
          loadingMore: false,
        });
      } catch (err) {
        if (generations[id] !== asked) return;
        const code = errorCodeOf(err);
        patch(id, {
          loadingMore: false,
          moreError: levelErrorText(code, errorMessage(err), location, insecure()),
        });
      }
    },

    async search(id, text) {
      const match = normalizeSearch(text);
      const current = level(id);
      if (current.match === match) return;
      const kept = unsearched[id];
      if (current.match === '' && current.phase === 'ready') unsearched[id] = current;
      if (match === '' && kept !== null && kept.location === current.location) {
        // The rows (and pages) loaded before the search come back as they were.
        unsearched[id] = null;
        generations[id]++;
        patch(id, { ...kept, loadingMore: false });
        return;
      }
      patch(id, { match });
      await list(id);
    },

    dropDigest(location, digest, key) {
      for (const id of LEVEL_IDS) {
        const { location: at, entries, total, matching, phase } = level(id);
        if (at !== location) continue;
        unsearched[id] = null; // it still lists what was deleted: clearing a search relists
        const kept = entries.filter((e) => e.digest !== digest && e.key !== key);
        const gone = entries.length - kept.length;
        const left = Math.max(0, total - gone);
        patch(id, {
          entries: kept,
          total: left,
          matching: Math.max(0, matching - gone),
          phase: left === 0 && kept.length === 0 ? 'empty' : phase,
        });
      }
    },
  };
}
