/**
 * BuildKit's build cache, kept in memory: one listing from BuildKit's own DiskUsage call
 * (`buildKitUsage`), or from `GET /system/df` (with `?type=build-cache` where the API is ≥ 1.42)
 * on an engine that cannot take that call, refreshed when it goes stale (after Hangar's
 * builds and prunes, and on the daemon's `builder` `prune` event from any tool) or on request. At
 * most one request to the daemon runs at a time; callers during it share its answer, and a change
 * seen while it runs makes the next caller ask again.
 *
 * The prune deletes exactly a preview's records (`pruneExactly`): each is re-checked against a
 * fresh listing just before, then they go in `POST /build/prune` requests with `all=1` and one
 * anchored `id` regex each, a batch at a time, children before parents.
 *
 * With a log (the store), each listing records its totals, each prune is logged, and the
 * keep-under policy runs the same preview and prune, least recently used first, when checked: after
 * Hangar's builds and hourly once `startPolicy()` was called (the app and `hangar web`).
 */
import { randomUUID } from 'node:crypto';
import type {
  BuildCacheGrowth,
  BuildCacheGrowthQuery,
  BuildCacheListing,
  BuildCacheListOptions,
  BuildCachePolicy,
  BuildCachePolicyCheck,
  BuildCachePolicyState,
  BuildCachePruneLogEntry,
  BuildCachePrunePreview,
  BuildCachePruneOptions,
  BuildCachePruneReport,
  BuildCacheRecord,
  BuildCacheTotalsPoint,
} from '../../../shared/build-cache.js';
import type { BuildRecord } from '../../../shared/builds.js';
import type { EngineStatus } from '../../../shared/model.js';
import { HangarError } from '../../../shared/errors.js';
import { diskUsageTurn } from '../engine/disk-usage-turn.js';
import {
  type BuildPruneAnswer,
  type DockerClient,
  type SystemDfAnswer,
  dial,
} from '../engine/docker-client.js';
import { H2cUnavailableError } from '../engine/h2c.js';
import type { EngineSource } from '../engine/engine-source.js';
import type { NewPruneLogEntry } from '../store/build-cache-repo.js';
import { attribute } from './attribution.js';
import { DAEMON_GC_WORDS, POLICY_CHECKED_WHEN, POLICY_EVERY_MS, policyDecision } from './policy.js';
import { idFilter, planBuildCachePrune } from './prune-plan.js';
import { pruneExactly } from './prune-run.js';
import { BuildKitCallError, buildKitUsage } from './buildkit-usage.js';
import { recordFromAnswer, recordFromUsage, totalsOf } from './records.js';

/** Where a listing read from BuildKit's own DiskUsage call says it came from. */
export const BUILDKIT_SOURCE = 'BuildKit DiskUsage (POST /grpc)';

/** Podman's answer in words. */
export const PODMAN_NO_BUILDKIT =
  'Podman keeps no BuildKit build cache: its build cache is the intermediate images its builds ' +
  'leave, pruned with `podman image prune --build-cache` (POST /libpod/images/prune?buildcache=true).';

/** Where the totals, the prune log and the policy are kept (the store's `BuildCacheRepo`). */
export interface BuildCacheLog {
  recordTotals(engine: string, point: BuildCacheTotalsPoint): void;
  totals(engine: string, since: number): BuildCacheTotalsPoint[];
  appendPrune(entry: NewPruneLogEntry): BuildCachePruneLogEntry;
  prunes(engine: string, since: number): BuildCachePruneLogEntry[];
  policy(): BuildCachePolicy;
  setPolicy(policy: BuildCachePolicy): BuildCachePolicy;
}

export interface BuildCacheDeps {
  engine: EngineSource;
  /** Hangar's build records on this engine, newest first, with their steps, since a time. */
  builds?: (engineHost: string, since: number) => BuildRecord[];
  /** When Hangar's builds on this engine ran, since a time (the growth chart's markers). */
  buildTimes?: (engineHost: string, since: number) => BuildCacheGrowth['builds'];
  /** The store's log; it may throw (a store that cannot be opened). */
  log?: () => BuildCacheLog;
  now?: () => number;
}

const DAY_MS = 24 * 3_600_000;

/** How long a preview can be pruned after it was made. */
const PREVIEW_TTL_MS = 10 * 60_000;

function apiAtLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

export class BuildCacheService {
  private listing: BuildCacheListing | null = null;
  private inflight: Promise<BuildCacheListing> | null = null;
  /** Bumped by every change; a listing started before the last bump is stale when it lands. */
  private generation = 0;
  private listedGeneration = -1;
  private readonly previews = new Map<
    string,
    { preview: BuildCachePrunePreview; expires: number }
  >();
  private readonly now: () => number;
  private checking: Promise<BuildCachePolicyCheck> | null = null;
  /** Clients whose engine refused the connection BuildKit's DiskUsage call needs. */
  private readonly noBuildKitCall = new WeakSet<DockerClient>();
  private readonly changedListeners = new Set<(event: { computedAt: number }) => void>();
  private policyTimer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly deps: BuildCacheDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Something changed the cache (a build, a prune, an event): the next listing asks again. */
  invalidate(): void {
    this.generation++;
    // Someone has looked: keep what they see fresh without waiting for them to ask, and say so.
    if (!this.listing) return;
    void this.list({})
      .then((listing) => {
        for (const listener of this.changedListeners) listener({ computedAt: listing.computedAt });
      })
      .catch(() => undefined);
  }

  /** Called each time `invalidate()` has read the cache again; returns the unsubscribe. */
  onChanged(listener: (event: { computedAt: number }) => void): () => void {
    this.changedListeners.add(listener);
    return () => this.changedListeners.delete(listener);
  }

  async list(options: BuildCacheListOptions = {}): Promise<BuildCacheListing> {
    if (!options.refresh && this.listing && this.listedGeneration === this.generation) {
      return this.listing;
    }
    if (options.refresh) this.generation++;
    while (true) {
      if (!this.inflight) {
        const gen = this.generation;
        this.inflight = this.fetch().finally(() => {
          this.inflight = null;
        });
        const listing = await this.inflight;
        this.listing = listing;
        this.listedGeneration = gen;
        if (gen === this.generation) return listing;
      } else {
        await this.inflight.catch(() => undefined);
        if (this.listing && this.listedGeneration === this.generation) return this.listing;
      }
    }
  }

  private async fetch(): Promise<BuildCacheListing> {
    const status = this.deps.engine.status();
    const computedAt = this.now();
    if (status.state === 'reachable' && status.kind === 'podman') {
      return { supported: false, reason: PODMAN_NO_BUILDKIT, computedAt };
    }
    const client = this.deps.engine.client();
    const { records, source } = await this.readRecords(client, status);
    this.attribute(records, this.host());
    const totals = totalsOf(records);
    this.withLog((log) =>
      log.recordTotals(this.host(), {
        at: computedAt,
        count: totals.totals.count,
        bytes: totals.totals.bytes,
        reclaimableBytes: totals.totals.reclaimableBytes,
      }),
    );
    return {
      supported: true,
      records,
      ...totals,
      computedAt,
      source,
    };
  }

  /**
   * The records from BuildKit's own DiskUsage call, else (an engine that cannot take it) from
   * `/system/df`. An engine that refused the call's connection is not asked again.
   */
  private async readRecords(
    client: DockerClient,
    status: EngineStatus,
  ): Promise<{ records: BuildCacheRecord[]; source: string }> {
    if (!this.noBuildKitCall.has(client)) {
      try {
        const usage = await buildKitUsage(client.modem);
        return { records: usage.map(recordFromUsage), source: BUILDKIT_SOURCE };
      } catch (err) {
        if (err instanceof H2cUnavailableError) this.noBuildKitCall.add(client);
        else if (!(err instanceof BuildKitCallError)) throw err;
      }
    }
    const typed = status.state === 'reachable' && apiAtLeast(status.apiVersion, 1, 42);
    const answer = await diskUsageTurn(client, () =>
      dial<SystemDfAnswer>(client, {
        path: '/system/df?',
        method: 'GET',
        options: typed ? { type: ['build-cache'] } : {},
        statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
      }),
    );
    if (answer.BuildCache === undefined || answer.BuildCache === null) {
      if (!Array.isArray(answer.Images)) {
        throw new HangarError('INTERNAL', 'The engine answered /system/df without a build cache.');
      }
    }
    return {
      records: (answer.BuildCache ?? []).map(recordFromAnswer),
      source: typed ? '/system/df?type=build-cache' : '/system/df',
    };
  }

  private host(): string {
    const status = this.deps.engine.status();
    return status.state === 'reachable' ? status.endpoint.host : '';
  }

  /** Runs `f` on the log; a store that cannot be opened never stops a listing or a prune. */
  private withLog<T>(f: (log: BuildCacheLog) => T): T | null {
    if (!this.deps.log) return null;
    try {
      return f(this.deps.log());
    } catch {
      return null;
    }
  }

  private attribute(records: BuildCacheRecord[], host: string): void {
    if (!this.deps.builds || records.length === 0) return;
    const times = records.flatMap((r) => [r.createdAt, r.lastUsedAt]).filter((t) => t !== null);
    if (times.length === 0) return;
    const builds = this.deps.builds(host, Math.min(...times) - 60_000);
    if (builds.length === 0) return;
    for (const r of records) r.attribution = attribute(r, builds);
  }

  async prunePreview(options: BuildCachePruneOptions): Promise<BuildCachePrunePreview> {
    const listing = await this.list({ refresh: true });
    if (!listing.supported) throw new HangarError('VALIDATION', listing.reason);
    const plan = planBuildCachePrune(listing.records, options, this.now());
    const preview: BuildCachePrunePreview = {
      id: randomUUID(),
      options,
      ...plan,
      computedAt: listing.computedAt,
    };
    this.dropExpired();
    this.previews.set(preview.id, { preview, expires: this.now() + PREVIEW_TTL_MS });
    return preview;
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [id, p] of this.previews) if (p.expires < now) this.previews.delete(id);
  }

  /** Deletes exactly the preview's records that are still reclaimable, and reports the rest. */
  async prune(previewId: string): Promise<BuildCachePruneReport> {
    return (await this.pruneLogged(previewId, 'prune', null)).report;
  }

  private async pruneLogged(
    previewId: string,
    origin: 'prune' | 'policy',
    limitBytes: number | null,
  ): Promise<{ report: BuildCachePruneReport; entry: BuildCachePruneLogEntry | null }> {
    this.dropExpired();
    const held = this.previews.get(previewId);
    if (!held) {
      throw new HangarError(
        'NOT_FOUND',
        'That prune preview is unknown or older than 10 minutes: preview again.',
      );
    }
    this.previews.delete(previewId);
    const { preview } = held;
    const fresh = await this.list({ refresh: true });
    if (!fresh.supported) throw new HangarError('VALIDATION', fresh.reason);
    const client = this.deps.engine.client();
    const { report, deleted } = await pruneExactly(preview, fresh.records, (batch) =>
      dial<BuildPruneAnswer>(client, {
        path: '/build/prune?',
        method: 'POST',
        options: { all: true, filters: JSON.stringify({ id: [idFilter(batch)] }) },
        statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
      }),
    );
    this.invalidate();
    const entry = this.withLog((log) =>
      log.appendPrune({
        at: this.now(),
        engine: this.host(),
        origin,
        limitBytes,
        beforeBytes: fresh.totals.bytes,
        deleted: preview.records
          .filter((r) => deleted.has(r.id))
          .map((r) => ({
            id: r.id,
            type: r.type,
            description: r.description,
            size: r.size,
            lastUsedAt: r.lastUsedAt,
          })),
        skipped: report.skipped,
        failed: report.failed,
        reclaimedBytes: report.reclaimedBytes,
      }),
    );
    return { report, entry };
  }

  policy(): BuildCachePolicyState {
    const policy = this.deps.log?.().policy() ?? { keepUnderBytes: null };
    return { ...policy, checkedWhen: POLICY_CHECKED_WHEN, daemonGc: DAEMON_GC_WORDS };
  }

  setPolicy(policy: BuildCachePolicy): BuildCachePolicyState {
    if (!this.deps.log) throw new HangarError('INTERNAL', 'This core keeps no build cache policy.');
    const saved = this.deps.log().setPolicy(policy);
    return { ...saved, checkedWhen: POLICY_CHECKED_WHEN, daemonGc: DAEMON_GC_WORDS };
  }

  /**
   * Checks the keep-under policy now: over the limit, the same preview and exact prune as by hand
   * with `keepStorage` at the limit, logged as the policy's. One check runs at a time.
   */
  checkPolicy(): Promise<BuildCachePolicyCheck> {
    this.checking ??= this.runPolicy().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async runPolicy(): Promise<BuildCachePolicyCheck> {
    const at = this.now();
    const policy = this.policy();
    const limitBytes = policy.keepUnderBytes;
    if (limitBytes === null) {
      return { at, outcome: 'off', totalBytes: null, limitBytes, entry: null };
    }
    const listing = await this.list({ refresh: true });
    if (!listing.supported) {
      return { at, outcome: 'unsupported', totalBytes: null, limitBytes, entry: null };
    }
    const totalBytes = listing.totals.bytes;
    const decision = policyDecision(policy, totalBytes);
    if (!decision.act)
      return { at, outcome: decision.outcome, totalBytes, limitBytes, entry: null };
    const preview = await this.prunePreview(decision.options);
    if (preview.records.length === 0) {
      this.previews.delete(preview.id);
      return { at, outcome: 'over', totalBytes, limitBytes, entry: null };
    }
    const { entry } = await this.pruneLogged(preview.id, 'policy', limitBytes);
    return { at, outcome: 'pruned', totalBytes, limitBytes, entry };
  }

  /** A check in the background (after a build), its failure kept quiet. */
  checkPolicySoon(): void {
    if (!this.policyTimer) return;
    void this.checkPolicy().catch(() => undefined);
  }

  /** Checks the policy hourly (and after builds, through `checkPolicySoon`) until `stopPolicy`. */
  startPolicy(everyMs = POLICY_EVERY_MS): void {
    if (this.policyTimer) return;
    this.policyTimer = setInterval(() => this.checkPolicySoon(), everyMs);
    this.policyTimer.unref?.();
  }

  stopPolicy(): void {
    if (this.policyTimer) clearInterval(this.policyTimer);
    this.policyTimer = null;
  }

  /** The totals recorded since a time (default 30 days), the prunes logged and Hangar's builds. */
  growth(query: BuildCacheGrowthQuery): BuildCacheGrowth {
    const since = query.since ?? this.now() - 30 * DAY_MS;
    const engine = this.host();
    const log = this.deps.log?.();
    return {
      engine,
      points: log?.totals(engine, since) ?? [],
      prunes: log?.prunes(engine, since) ?? [],
      builds: this.deps.buildTimes?.(engine, since) ?? [],
    };
  }
}
