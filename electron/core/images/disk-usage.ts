/**
 * `images:diskUsage`: per-image shared sizes from `GET /system/df`, kept in the core.
 *
 * The daemon computes `/system/df` by walking every layer of every image (slow with thousands of
 * images), so it is never asked per event. A request gets the cached answer while it is younger than
 * `maxAgeMs` and the index has not changed since; after a change it is recomputed on the next
 * request, but at most once per `minIntervalMs` (in between, the cached answer comes back marked
 * estimated, with the time from which a new one can be had). Requests that arrive while the daemon
 * is computing share that one call.
 */
import type { DiskUsageReport } from '../../../shared/channels/images.js';
import { diskUsageTurn } from '../engine/disk-usage-turn.js';
import type { DockerClient, SystemDfAnswer } from '../engine/docker-client.js';

export interface DiskUsageCacheOptions {
  /** Cached figures older than this are recomputed on request (default 60 s). */
  maxAgeMs?: number;
  /** The least time between two computations, however often the index changes (default 5 s). */
  minIntervalMs?: number;
  now?: () => number;
}

export interface DiskUsageDeps {
  /** The engine's client for ordinary calls; throws when the engine is unreachable. */
  client(): Pick<DockerClient, 'df'>;
  /** The index's current version. */
  indexVersion(): number;
}

/** Per-image shared sizes from a `/system/df` answer; unknown (-1) and missing figures left out. */
export function sharedSizesOf(answer: SystemDfAnswer): Record<string, number> {
  const shared: Record<string, number> = {};
  for (const image of answer.Images ?? []) {
    if (typeof image.Id !== 'string') continue;
    const size = image.SharedSize;
    if (typeof size === 'number' && size >= 0) shared[image.Id] = size;
  }
  return shared;
}

export class DiskUsageCache {
  private readonly maxAgeMs: number;
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private last: DiskUsageReport | null = null;
  private inFlight: Promise<DiskUsageReport> | null = null;

  constructor(
    private readonly deps: DiskUsageDeps,
    options: DiskUsageCacheOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.minIntervalMs = options.minIntervalMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /** The figures, from the cache or the daemon (see the module comment for when). */
  async get(options: { refresh?: boolean } = {}): Promise<DiskUsageReport> {
    if (this.inFlight) return this.inFlight;
    const last = this.last;
    if (last && !options.refresh) {
      const age = this.now() - last.computedAt;
      const changed = last.indexVersion !== this.deps.indexVersion();
      if (!changed && age < this.maxAgeMs) return this.describe(last);
      if (changed && age < this.minIntervalMs) return this.describe(last);
    }
    return this.compute();
  }

  private compute(): Promise<DiskUsageReport> {
    const run = async (): Promise<DiskUsageReport> => {
      const indexVersion = this.deps.indexVersion();
      const started = this.now();
      try {
        const client = this.deps.client();
        const answer = await diskUsageTurn(client, () => client.df());
        this.last = {
          computedAt: started,
          durationMs: Math.max(0, this.now() - started),
          indexVersion,
          layersSize: Math.max(0, answer.LayersSize ?? 0),
          sharedSize: sharedSizesOf(answer),
          estimated: false,
          estimateReason: null,
          refreshableAt: null,
        };
      } catch (err) {
        // Older figures beat none: keep showing them, marked, until the daemon answers again.
        if (!this.last) throw err;
        const reason = err instanceof Error ? err.message : String(err);
        return {
          ...this.describe(this.last),
          estimated: true,
          estimateReason: `Docker did not answer the disk usage query (${reason}); these figures are older.`,
          refreshableAt: this.now() + this.minIntervalMs,
        };
      }
      return this.describe(this.last);
    };
    const flight = run().finally(() => {
      this.inFlight = null;
    });
    this.inFlight = flight;
    return flight;
  }

  /** The cached figures, marked estimated when the index changed since they were computed. */
  private describe(report: DiskUsageReport): DiskUsageReport {
    if (report.indexVersion === this.deps.indexVersion()) {
      return { ...report, estimated: false, estimateReason: null, refreshableAt: null };
    }
    return {
      ...report,
      estimated: true,
      estimateReason:
        'Images changed since Docker computed these figures; images added since have no shared size yet.',
      refreshableAt: Math.max(this.now(), report.computedAt + this.minIntervalMs),
    };
  }
}
