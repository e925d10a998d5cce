/**
 * The artifact cache as one service: lookup, build through the cache (a `build`
 * task), listing, pinning, retagging, eviction, the size/TTL policy, skaffold import and settings.
 * Everything it records goes to the store (opened on first use); it tells listeners when the cache
 * changed and when a lookup was recorded (`createCore` hands that to the history service, which
 * announces `history:appended`).
 */
import type {
  ArtifactSpec,
  ArtifactsChanged,
  CacheEntry,
  CacheEntryDetail,
  CacheListing,
  CacheSettings,
  EvictAction,
  EvictOptions,
  EvictReport,
  LookupOrigin,
  LookupRecord,
  LookupResult,
  PolicyOptions,
  PolicyReport,
  SkaffoldImportReport,
} from '../../../shared/artifacts.js';
import type { BuildRunOptions } from '../../../shared/builds.js';
import { HangarError } from '../../../shared/errors.js';
import { familiarRef, familiarTagged } from '../../../shared/reference-names.js';
import type { TaskInfo } from '../../../shared/tasks.js';
import type { CacheLevelOptions } from '../../../shared/registry-cache.js';
import type { EngineSource } from '../engine/engine-source.js';
import type { IndexService } from '../index/index-service.js';
import type { RegistryCacheService } from '../registry/cache-service.js';
import type { StoreProvider } from '../store/store.js';
import type { TaskManager } from '../tasks/task-manager.js';
import { buildThroughCache, type BuildDeps } from './builder.js';
import { engineHost, tagImage, type ImageSource } from './image-facts.js';
import { entryDetail, entryView, listCache, requireEntry } from './listing.js';
import { lookupArtifact, recordLookup, type LookupDeps, type LookupOutcome } from './lookup.js';
import { enforcePolicy, evictEntries } from './policy-runner.js';
import { importSkaffold } from './skaffold-import.js';

export interface ArtifactServiceOptions {
  engine: EngineSource;
  index: IndexService;
  tasks: TaskManager;
  store: StoreProvider;
  registry: RegistryCacheService;
  origin?: Exclude<LookupOrigin, 'import'>;
  now?: () => number;
}

type Listener<T> = (value: T) => void;

export class ArtifactService {
  private readonly engine: EngineSource;
  private readonly index: IndexService;
  private readonly store: StoreProvider;
  private readonly registry: RegistryCacheService;
  /** Who this core serves: the app or the CLI (recorded with each lookup). */
  private readonly origin: Exclude<LookupOrigin, 'import'>;
  private readonly now: () => number;
  private readonly images: ImageSource;
  private readonly tasks: TaskManager;
  private readonly changedListeners = new Set<Listener<ArtifactsChanged>>();
  private readonly recordedListeners = new Set<Listener<LookupRecord>>();

  constructor(options: ArtifactServiceOptions) {
    this.engine = options.engine;
    this.index = options.index;
    this.store = options.store;
    this.registry = options.registry;
    this.origin = options.origin ?? 'gui';
    this.now = options.now ?? Date.now;
    this.images = { engine: options.engine, index: options.index };
    this.tasks = options.tasks;
  }

  /** The store file (where the cache lives). */
  get storeFile(): string {
    return this.store.file;
  }

  onChanged(listener: Listener<ArtifactsChanged>): () => void {
    this.changedListeners.add(listener);
    return () => this.changedListeners.delete(listener);
  }

  /** Every recorded lookup, as it is recorded. */
  onRecorded(listener: Listener<LookupRecord>): () => void {
    this.recordedListeners.add(listener);
    return () => this.recordedListeners.delete(listener);
  }

  async list(): Promise<CacheListing> {
    await this.index.ready();
    return listCache(this.images, this.store.get(), this.now());
  }

  async entry(key: string): Promise<CacheEntryDetail> {
    await this.index.ready();
    const store = this.store.get();
    return entryDetail(this.images, store, requireEntry(store, key), this.now());
  }

  async lookup(spec: ArtifactSpec, options: CacheLevelOptions = {}): Promise<LookupResult> {
    await this.requireEngine();
    return (await this.lookupRecorded(normalizeSpec(spec), undefined, options)).result;
  }

  /** Starts a `build` task; its result is the `BuildOutcome`. */
  async build(
    spec: ArtifactSpec,
    options: CacheLevelOptions = {},
    run: BuildRunOptions = {},
  ): Promise<TaskInfo> {
    await this.requireEngine();
    const normalized = normalizeSpec(spec);
    const store = this.store.get(); // a broken store fails the request, not the task
    const deps: BuildDeps = {
      images: this.images,
      registry: this.registry,
      store,
      now: this.now,
      lookup: (s, signal, levels) => this.lookupRecorded(s, signal, levels),
      changed: (e) => this.changed(e),
    };
    // A build that names no builder runs the saved one (auto until one is saved).
    const builder = run.builder ?? store.settings.builder();
    return this.tasks.run('build', `Build ${normalized.name}`, normalized.name, (task) =>
      buildThroughCache(deps, normalized, task, options, { ...run, builder }),
    );
  }

  async retag(key: string): Promise<CacheEntry> {
    await this.requireEngine();
    const store = this.store.get();
    const row = requireEntry(store, key);
    if (row.source !== 'hangar' || !row.imageId) {
      throw new HangarError(
        'VALIDATION',
        `The entry ${row.key.slice(0, 12)} came from skaffold: it has no Hangar tag to put back.`,
      );
    }
    const tag = `${row.artifact}:${row.key}`;
    if (!(await tagImage(this.engine.client(), row.imageId, tag))) {
      throw new HangarError('NOT_FOUND', `The image ${row.imageId} of ${tag} no longer exists.`);
    }
    this.changed({ reason: 'retag', keys: [row.key] });
    await this.index.reload().catch(() => undefined);
    return entryView(this.images, store, row, this.now());
  }

  async pin(key: string, pinned: boolean): Promise<CacheEntry> {
    const store = this.store.get();
    const row = requireEntry(store, key);
    store.entries.setPinned(row.key, pinned);
    this.changed({ reason: 'pin', keys: [row.key] });
    return entryView(this.images, store, { ...row, pinned }, this.now());
  }

  async evict(options: EvictOptions): Promise<EvictReport> {
    await this.index.ready();
    const report = await evictEntries(this.images, this.store.get(), options);
    this.evicted(report.actions);
    return report;
  }

  async enforcePolicy(options: PolicyOptions): Promise<PolicyReport> {
    await this.index.ready();
    const report = await enforcePolicy(this.images, this.store.get(), options, this.now());
    if (!report.preview) this.evicted(report.actions);
    return report;
  }

  async importSkaffold(file: string | null): Promise<SkaffoldImportReport> {
    const report = await importSkaffold(
      { engine: this.engine, index: this.index, store: this.store, now: this.now },
      file,
    );
    if (report.entries.length > 0) {
      this.changed({ reason: 'import', keys: report.entries.map((e) => e.key) });
    }
    return report;
  }

  async settings(): Promise<CacheSettings> {
    return this.store.get().settings.cache();
  }

  async setSettings(settings: CacheSettings): Promise<CacheSettings> {
    const saved = this.store.get().settings.setCache(settings);
    this.changed({ reason: 'settings', keys: [] });
    return saved;
  }

  close(): void {
    this.changedListeners.clear();
    this.recordedListeners.clear();
    this.store.close();
  }

  private changed(event: ArtifactsChanged): void {
    for (const l of this.changedListeners) l(event);
  }

  /** Entries an eviction went through (removed or failed) change the cache. */
  private evicted(actions: readonly EvictAction[]): void {
    if (actions.length > 0) this.changed({ reason: 'evict', keys: actions.map((a) => a.key) });
  }

  /** A lookup and its history rows, announced. */
  private async lookupRecorded(
    spec: ArtifactSpec,
    signal: AbortSignal | undefined,
    options: CacheLevelOptions,
  ): Promise<LookupOutcome> {
    const store = this.store.get();
    const deps: LookupDeps = { images: this.images, registry: this.registry, now: this.now };
    const look = await lookupArtifact(deps, store, spec, signal, options);
    const records = recordLookup(store, look, {
      origin: this.origin,
      host: engineHost(this.engine),
      at: this.now(),
    });
    for (const record of records) for (const l of this.recordedListeners) l(record);
    if (look.local.status === 'HIT') this.changed({ reason: 'lookup', keys: [look.result.key] });
    return look;
  }

  private async requireEngine(): Promise<void> {
    await this.index.ready();
    const s = this.engine.status();
    if (s.state === 'unreachable') throw new HangarError('ENGINE_UNREACHABLE', s.reason);
    if (s.state !== 'reachable') {
      throw new HangarError('ENGINE_UNREACHABLE', 'The engine is still connecting; try again.');
    }
  }
}

/** Names as the daemon reports them, so tags compare equal to the index's. */
export function normalizeSpec(spec: ArtifactSpec): ArtifactSpec {
  return {
    ...spec,
    name: familiarRef(spec.name),
    tags: [...new Set(spec.tags.map(familiarTagged))],
  };
}
