/**
 * The builds slice: the build records the Builds page lists (newest first, filtered by artifact
 * and outcome), the one build whose details are open, with its steps, and the saved builder.
 * Followed as `builds` (while the page is open): a task that ends may have recorded a build, so
 * the list is read again; an engine that changes may run another builder, so that is read again.
 * Loads are numbered, so an older answer never overwrites a newer one.
 */
import type {
  BuilderChoice,
  BuilderSetting,
  BuildRecord,
  BuildSummary,
} from '../../../shared/builds.js';
import {
  filterBuilds,
  NO_BUILDS_FILTER,
  type BuildsFilter,
} from '../../model/builds/builds-model.js';
import { errorMessage } from '../../model/errors.js';
import type { AppStore } from '../index.js';
import type { SliceCreator } from '../slice.js';

/** The builds listed: the newest this many. */
export const BUILDS_LIMIT = 1000;

export interface BuildsSlice {
  buildsRows: BuildSummary[];
  buildsFilter: BuildsFilter;
  buildsLoading: boolean;
  buildsError: string | null;
  /** The build whose details are open. */
  buildsOpenId: number | null;
  /** Its record with the steps, once loaded. */
  buildsOpen: BuildRecord | null;
  buildsOpenError: string | null;
  loadBuilds(quiet?: boolean): Promise<void>;
  setBuildsFilter(change: Partial<BuildsFilter>): void;
  /** Opens a build's details (null: closes them) and loads its steps. */
  openBuild(id: number | null): Promise<void>;
  /** Opens the Builds page on one build's details. */
  showBuild(id: number): Promise<void>;
  /** The build a lookup in the history led to, or null. */
  buildForLookup(lookupId: number): Promise<BuildSummary | null>;
  /** The saved builder and what it runs on the engine now, once read. */
  buildsBuilder: BuilderSetting | null;
  buildsBuilderError: string | null;
  loadBuilder(): Promise<void>;
  /** Saves the builder a build runs with when it names none. */
  setBuilder(choice: BuilderChoice): Promise<void>;
}

export const createBuildsSlice: SliceCreator<BuildsSlice> =
  ({ transport, syncs }) =>
  (set) => {
    let generation = 0;
    let opening = 0;

    const loadBuilds = async (quiet = false): Promise<void> => {
      const asked = ++generation;
      if (!quiet) set({ buildsLoading: true, buildsError: null });
      try {
        const rows = await transport.invoke('builds:list', { limit: BUILDS_LIMIT });
        if (generation === asked) set({ buildsRows: rows, buildsError: null });
      } catch (err) {
        if (generation === asked) set({ buildsError: errorMessage(err) });
      } finally {
        if (generation === asked) set({ buildsLoading: false });
      }
    };

    const builderCall = async (ask: () => Promise<BuilderSetting>): Promise<void> => {
      try {
        set({ buildsBuilder: await ask(), buildsBuilderError: null });
      } catch (err) {
        set({ buildsBuilderError: errorMessage(err) });
      }
    };
    const loadBuilder = () => builderCall(() => transport.invoke('builds:builder'));

    syncs.follow('builds', () => {
      const reload = () => void loadBuilds(true);
      const offs = [
        transport.on('task:done', reload),
        transport.on('task:failed', reload),
        transport.on('engine:status', () => void loadBuilder()),
      ];
      return {
        loaded: Promise.all([loadBuilds(), loadBuilder()]).then(() => undefined),
        stop: () => offs.forEach((off) => off()),
      };
    });

    const openBuild = async (id: number | null): Promise<void> => {
      const asked = ++opening;
      set({ buildsOpenId: id, buildsOpen: null, buildsOpenError: null });
      if (id === null) return;
      try {
        const record = await transport.invoke('builds:get', id);
        if (opening === asked) set({ buildsOpen: record });
      } catch (err) {
        if (opening === asked) set({ buildsOpenError: errorMessage(err) });
      }
    };

    return {
      buildsRows: [],
      buildsFilter: NO_BUILDS_FILTER,
      buildsLoading: false,
      buildsError: null,
      buildsOpenId: null,
      buildsOpen: null,
      buildsOpenError: null,

      loadBuilds,

      setBuildsFilter: (change) => set((s) => ({ buildsFilter: { ...s.buildsFilter, ...change } })),

      openBuild,

      showBuild: async (id) => {
        set({ view: 'builds' });
        await openBuild(id);
      },

      buildForLookup: (lookupId) => transport.invoke('builds:forLookup', lookupId),

      buildsBuilder: null,
      buildsBuilderError: null,
      loadBuilder,
      setBuilder: (choice) => builderCall(() => transport.invoke('builds:setBuilder', choice)),
    };
  };

/** The builds the filter lets through, newest first (memoized on the rows and the filter). */
export const selectShownBuilds = (() => {
  let rows: BuildSummary[] | null = null;
  let filter: BuildsFilter | null = null;
  let shown: BuildSummary[] = [];
  return (s: AppStore): BuildSummary[] => {
    if (s.buildsRows !== rows || s.buildsFilter !== filter) {
      rows = s.buildsRows;
      filter = s.buildsFilter;
      shown = filterBuilds(rows, filter);
    }
    return shown;
  };
})();
