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
import { familiarRef, familiarTagged } from '../../../shared/reference.js';
import type { TaskInfo } from '../../../shared/tasks.js';
import type { CacheLevelOptions } from '../../../shared/registry-cache.js';
import type { EngineSource } from '../engine/engine-source.js';
import type { IndexService } from '../index/index-service.js';
import type { RegistryCacheService } from '../registry/cache-service.js';
import type { StoreProvider } from '../store/store.js';
import type { TaskManager } from '../tasks/task-manager.js';
import { buildThroughCache } from './builder.js';
import { tagImage, type CacheContext } from './cache-context.js';
import { entryDetail, entryView, listCache, requireEntry } from './listing.js';
import { lookupArtifact } from './lookup.js';
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
  private readonly ctx: CacheContext;
  private readonly tasks: TaskManager;
  private readonly changedListeners = new Set<Listener<ArtifactsChanged>>();
  private readonly recordedListeners = new Set<Listener<LookupRecord>>();

  constructor(options: ArtifactServiceOptions) {
    this.tasks = options.tasks;
    this.ctx = {
      engine: options.engine,
      index: options.index,
      store: options.store,
      registry: options.registry,
      origin: options.origin ?? 'gui',
      now: options.now ?? Date.now,
      changed: (e) => {
        for (const l of this.changedListeners) l(e);
      },
      recorded: (r) => {
        for (const l of this.recordedListeners) l(r);
      },
    };
  }

  /** The store file (where the cache lives). */
  get storeFile(): string {
    return this.ctx.store.file;
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
    await this.ctx.index.ready();
    return listCache(this.ctx, this.ctx.store.get());
  }

  async entry(key: string): Promise<CacheEntryDetail> {
    await this.ctx.index.ready();
    const store = this.ctx.store.get();
    return entryDetail(this.ctx, store, requireEntry(store, key));
  }

  async lookup(spec: ArtifactSpec, options: CacheLevelOptions = {}): Promise<LookupResult> {
    await this.requireEngine();
    return (await lookupArtifact(this.ctx, normalizeSpec(spec), undefined, options)).result;
  }

  /** Starts a `build` task; its result is the `BuildOutcome`. */
  async build(
    spec: ArtifactSpec,
    options: CacheLevelOptions = {},
    run: BuildRunOptions = {},
  ): Promise<TaskInfo> {
    await this.requireEngine();
    const normalized = normalizeSpec(spec);
    this.ctx.store.get(); // a broken store fails the request, not the task
    return this.tasks.run('build', `Build ${normalized.name}`, normalized.name, (task) =>
      buildThroughCache(this.ctx, normalized, task, options, run),
    );
  }

  async retag(key: string): Promise<CacheEntry> {
    await this.requireEngine();
    const store = this.ctx.store.get();
    const row = requireEntry(store, key);
    if (row.source !== 'hangar' || !row.imageId) {
      throw new HangarError(
        'VALIDATION',
        `The entry ${row.key.slice(0, 12)} came from skaffold: it has no Hangar tag to put back.`,
      );
    }
    const tag = `${row.artifact}:${row.key}`;
    if (!(await tagImage(this.ctx, row.imageId, tag))) {
      throw new HangarError('NOT_FOUND', `The image ${row.imageId} of ${tag} no longer exists.`);
    }
    this.ctx.changed({ reason: 'retag', keys: [row.key] });
    await this.ctx.index.reload().catch(() => undefined);
    return entryView(this.ctx, store, row);
  }

  async pin(key: string, pinned: boolean): Promise<CacheEntry> {
    const store = this.ctx.store.get();
    const row = requireEntry(store, key);
    store.entries.setPinned(row.key, pinned);
    this.ctx.changed({ reason: 'pin', keys: [row.key] });
    return entryView(this.ctx, store, { ...row, pinned });
  }

  async evict(options: EvictOptions): Promise<EvictReport> {
    await this.ctx.index.ready();
    return evictEntries(this.ctx, options);
  }

  async enforcePolicy(options: PolicyOptions): Promise<PolicyReport> {
    await this.ctx.index.ready();
    return enforcePolicy(this.ctx, options);
  }

  async importSkaffold(file: string | null): Promise<SkaffoldImportReport> {
    return importSkaffold(this.ctx, file);
  }

  async settings(): Promise<CacheSettings> {
    return this.ctx.store.get().settings.cache();
  }

  async setSettings(settings: CacheSettings): Promise<CacheSettings> {
    const saved = this.ctx.store.get().settings.setCache(settings);
    this.ctx.changed({ reason: 'settings', keys: [] });
    return saved;
  }

  close(): void {
    this.changedListeners.clear();
    this.recordedListeners.clear();
    this.ctx.store.close();
  }

  private async requireEngine(): Promise<void> {
    await this.ctx.index.ready();
    const s = this.ctx.engine.status();
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
