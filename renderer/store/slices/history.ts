/**
 * The history slice: what the History page shows (range, bucket, filters), the stats and the
 * lookup log it loaded for them, and, followed as `history` (while the page is open), live rows
 * from `history:appended`. Loads are numbered, so an answer to an older question never overwrites
 * a newer one.
 */
import type {
  FtlExport,
  HistoryCursor,
  HistoryFilters,
  HistoryImportFile,
  HistoryImportReport,
  HistorySettings,
  HistoryStats,
  LookupRecord,
} from '../../../shared/history.js';
import { parseFtlFile } from '../../../shared/history.js';
import {
  batchBySize,
  DEFAULT_HISTORY_VIEW,
  mergeLive,
  statsQuery,
  viewAround,
  viewFilters,
  type HistoryViewState,
} from '../../model/history/history-model.js';
import { errorMessage } from '../../model/errors.js';
import type { SliceCreator } from '../slice.js';

export interface HistorySlice {
  historyView: HistoryViewState;
  /** The filters the log and stats were loaded with (the range resolved at load time). */
  historyFilters: HistoryFilters | null;
  historyStats: HistoryStats | null;
  historyRows: LookupRecord[];
  historyNext: HistoryCursor | null;
  historyLoading: boolean;
  historyLoadingMore: boolean;
  historyError: string | null;
  historyArtifacts: string[];
  /** The row whose details are open. */
  historySelectedId: number | null;
  /** Rows that arrived live since the page was loaded. */
  historyLiveCount: number;
  setHistoryView(change: Partial<HistoryViewState>): void;
  /** Loads the stats, the first page of the log and the artifact names for the view. */
  loadHistory(quiet?: boolean): Promise<void>;
  loadMoreHistory(): Promise<void>;
  selectHistoryRow(id: number | null): void;
  /** Opens the History page on one lookup: its artifact's lookups around it, its details open. */
  showLookup(lookup: { id: number; artifact: string; at: number }): void;
  exportHistory(): Promise<FtlExport>;
  importHistory(files: HistoryImportFile[]): Promise<HistoryImportReport>;
  saveHistorySettings(settings: HistorySettings): Promise<void>;
}

export const PAGE_SIZE = 200;
/**
 * The web host takes request bodies up to 1 MiB: imports go in batches of files below that (JSON
 * inside a JSON string can double in size with its escaped quotes).
 */
export const IMPORT_BATCH_CHARS = 400_000;
/** Quiet time after live rows before the stats are asked again. */
export const STATS_SETTLE_MS = 800;

export const createHistorySlice: SliceCreator<HistorySlice> =
  ({ transport, clock, syncs }) =>
  (set, get) => {
    const { timeZone: zone, weekStartsOn, now } = clock;
    let generation = 0;

    const loadStats = async (filters: HistoryFilters, asked: number): Promise<void> => {
      const stats = await transport.invoke(
        'history:stats',
        statsQuery(get().historyView, filters, zone, weekStartsOn),
      );
      if (generation === asked) set({ historyStats: stats });
    };

    const loadHistory = async (quiet = false): Promise<void> => {
      const asked = ++generation;
      const filters = viewFilters(get().historyView, now());
      if (!quiet) set({ historyLoading: true, historyError: null });
      try {
        const [page, , artifacts] = await Promise.all([
          transport.invoke('history:query', { ...filters, limit: PAGE_SIZE, cursor: null }),
          loadStats(filters, asked),
          transport.invoke('history:artifacts'),
        ]);
        if (generation !== asked) return;
        set({
          historyFilters: filters,
          historyRows: page.records,
          historyNext: page.next,
          historyArtifacts: artifacts,
          historyLiveCount: 0,
          historyError: null,
        });
      } catch (err) {
        if (generation === asked) set({ historyError: errorMessage(err) });
      } finally {
        if (generation === asked) set({ historyLoading: false });
      }
    };

    syncs.follow('history', () => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const off = transport.on('history:appended', (event) => {
        const { historyFilters, historyRows, historyNext, historyArtifacts } = get();
        if (!historyFilters) return;
        if (event.truncated) {
          void loadHistory(true);
          return;
        }
        const rows = mergeLive(historyRows, event.records, historyFilters, historyNext === null);
        const names = new Set(historyArtifacts);
        for (const r of event.records) names.add(r.artifact);
        set((s) => ({
          historyRows: rows,
          historyLiveCount: s.historyLiveCount + (rows.length - historyRows.length),
          historyArtifacts:
            names.size === historyArtifacts.length ? historyArtifacts : [...names].sort(),
        }));
        if (timer !== null) clearTimeout(timer);
        timer = setTimeout(() => {
          timer = null;
          const filters = get().historyFilters;
          if (filters) void loadStats(filters, generation).catch(() => undefined);
        }, STATS_SETTLE_MS);
      });
      return {
        loaded: loadHistory(),
        stop: () => {
          off();
          if (timer !== null) clearTimeout(timer);
        },
      };
    });

    return {
      historyView: DEFAULT_HISTORY_VIEW,
      historyFilters: null,
      historyStats: null,
      historyRows: [],
      historyNext: null,
      historyLoading: false,
      historyLoadingMore: false,
      historyError: null,
      historyArtifacts: [],
      historySelectedId: null,
      historyLiveCount: 0,

      setHistoryView: (change) => {
        set((s) => ({ historyView: { ...s.historyView, ...change }, historySelectedId: null }));
        void loadHistory();
      },

      loadHistory,

      loadMoreHistory: async () => {
        const { historyNext, historyFilters, historyLoadingMore } = get();
        if (!historyNext || !historyFilters || historyLoadingMore) return;
        const asked = generation;
        set({ historyLoadingMore: true });
        try {
          const page = await transport.invoke('history:query', {
            ...historyFilters,
            limit: PAGE_SIZE,
            cursor: historyNext,
          });
          if (generation !== asked) return;
          const have = new Set(get().historyRows.map((r) => r.id));
          set((s) => ({
            historyRows: [...s.historyRows, ...page.records.filter((r) => !have.has(r.id))],
            historyNext: page.next,
          }));
        } catch (err) {
          if (generation === asked) set({ historyError: errorMessage(err) });
        } finally {
          set({ historyLoadingMore: false });
        }
      },

      selectHistoryRow: (id) => set({ historySelectedId: id }),

      // The History page loads this view when it opens.
      showLookup: (lookup) =>
        set({
          historyView: viewAround(lookup.artifact, lookup.at, now()),
          historySelectedId: lookup.id,
          view: 'history',
        }),

      exportHistory: () =>
        transport.invoke(
          'history:exportFtl',
          get().historyFilters ?? viewFilters(get().historyView, now()),
        ),

      importHistory: async (files) => {
        // Checked here first, so that a bad file stops the import before any batch is sent.
        for (const f of files) {
          const parsed = parseFtlFile(f.name, f.text);
          if (!parsed.ok) throw new Error(`Nothing was imported. ${parsed.error}`);
        }
        const report: HistoryImportReport = { imported: 0, files: [] };
        for (const batch of batchBySize(files, IMPORT_BATCH_CHARS)) {
          const r = await transport.invoke('history:import', { files: batch, artifact: null });
          report.imported += r.imported;
          report.files.push(...r.files);
        }
        // Imported rows carry the files' times: reload rather than merge.
        await loadHistory(true);
        return report;
      },

      saveHistorySettings: async (settings) => {
        await transport.invoke('history:setSettings', settings);
        await loadHistory(true);
      },
    };
  };
