/**
 * The composition root of the core: builds every service once (the engine connection, the image
 * index, tasks, the actions and prune, disk usage, the registry cache, the artifact cache, history,
 * the layer explorer) and the handler table over them, and hands the hosts (Electron main, the web
 * host, the CLI) one object to serve.
 */
import type { EventSink, Handlers } from '../../shared/contract.js';
import { DEFAULT_UPDATE_CHECK_SETTINGS, type UpdateCheckSettings } from '../../shared/updates.js';
import { ArtifactService } from './artifacts/artifact-service.js';
import { Engine } from './engine/engine.js';
import { engineKindOf } from './engine/engine-source.js';
import { resolveEngine } from './engine/resolve.js';
import { UnresolvedEngine } from './engine/unresolved-engine.js';
import { toHangarError } from './errors.js';
import { BuildCacheService } from './build-cache/build-cache-service.js';
import { BuildService } from './builds/build-service.js';
import { createHandlers, type ImageActionDeps } from './handlers.js';
import { HistoryService } from './history/history-service.js';
import { DiskUsageCache } from './images/disk-usage.js';
import { imageTransfer, type ImageTransfer } from './images/image-transfer.js';
import { PruneService } from './images/prune-service.js';
import { imageFileTasks, type ImageFileTasks } from './images/transfer-files.js';
import { UpdateChecker } from './images/update-check.js';
import { IndexService } from './index/index-service.js';
import { LayerService } from './layers/layer-service.js';
import { annotateEntries, artifactNames, insecureRegistries } from './registry/cache-store.js';
import { RegistryCacheService } from './registry/cache-service.js';
import { StoreProvider } from './store/store.js';
import { TaskManager } from './tasks/task-manager.js';

export interface CoreOptions {
  /** The `--host` flag, if given; otherwise the engine is resolved like the docker CLI does. */
  host?: string;
  /** Environment to resolve from (defaults to `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Who the core serves, recorded with each cache lookup (default `gui`). */
  origin?: 'gui' | 'cli';
}

export interface Core {
  /** Every request channel's handler. Hosts call them through `dispatch()`, never directly. */
  readonly handlers: Handlers;
  /**
   * Save and load as streams (their bodies are archives, not JSON), for the CLI and the web host.
   * `createCore` always builds it; a core without it (a test's fake) cannot move archives.
   */
  readonly transfer?: ImageTransfer;
  /**
   * Save to a file and load from a file as tasks, for the desktop shell: it alone chooses the
   * path (through the system's file dialog), so no request channel takes one.
   */
  readonly files?: ImageFileTasks;
  /** Receives every event of the contract (`EventContract`) until unsubscribed. */
  subscribe(sink: EventSink): () => void;
  /** Resolves once the first connection attempt has settled (reachable and loaded, or unreachable). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Builds the core: resolve the engine like the docker CLI, connect, and keep the index fresh. */
export async function createCore(options: CoreOptions = {}): Promise<Core> {
  const engine = openEngine(options);
  const index = new IndexService(engine);
  const tasks = new TaskManager();
  const store = StoreProvider.forEnv(options.env ?? process.env);
  const actions: ImageActionDeps = {
    index: index.index,
    tasks,
    client: () => engine.client(),
    streamClient: () => engine.eventsClient(),
    engineKind: () => engineKindOf(engine.status()),
  };
  const prune = new PruneService(actions);
  const diskUsage = new DiskUsageCache({
    client: () => engine.client(),
    indexVersion: () => index.status().version,
  });
  const registry = new RegistryCacheService({
    insecure: () => insecureRegistries(store),
    annotate: (location, entries) => annotateEntries(store, location, entries),
    artifactNames: (location, keys) => artifactNames(store, location, keys),
  });
  const artifacts = new ArtifactService({
    engine,
    index,
    tasks,
    store,
    registry,
    origin: options.origin,
  });
  const history = new HistoryService({ store, background: options.origin !== 'cli' });
  const layers = new LayerService({ client: () => engine.eventsClient(), store, tasks });
  const builds = new BuildService({ store });
  const buildCache = new BuildCacheService({
    engine,
    builds: (host, since) =>
      store
        .get()
        .builds.list({ since, limit: 500 })
        .filter((b) => b.engine === host)
        .flatMap((b) => store.get().builds.get(b.id) ?? []),
    buildTimes: (host, since) =>
      store
        .get()
        .builds.list({ since, limit: 1000 })
        .filter((b) => b.engine === host)
        .map((b) => ({ id: b.id, at: b.startedAt, artifact: b.artifact })),
    log: () => store.get().buildCache,
  });
  const updates = new UpdateChecker({
    images: () => index.index.all(),
    settings: () => updateCheckSettings(store),
    saveSettings: (settings) => store.get().settings.setUpdateCheck(settings),
    backgroundAllowed: options.origin !== 'cli',
  });
  const transfer = imageTransfer(actions);
  const sinks = new Set<EventSink>();
  const emit: EventSink = (event, payload) => {
    for (const sink of sinks) sink(event, payload);
  };
  const unsubscribe = [
    engine.onStatus((s) => emit('engine:status', s)),
    index.onDelta((d) => emit('index:delta', d)),
    index.onStatus((s) => emit('index:status', s)),
    tasks.onEvent((event, task) => emit(event, task)),
    artifacts.onChanged((e) => emit('artifacts:changed', e)),
    artifacts.onRecorded((r) => history.recorded(r)),
    history.onAppended((e) => emit('history:appended', e)),
    // The build cache goes stale after any build or prune: Hangar's own, or a `builder` event.
    tasks.onEvent((event, task) => {
      if (event !== 'task:progress' && (task.kind === 'build' || task.kind === 'prune')) {
        buildCache.invalidate();
        if (task.kind === 'build' && task.state !== 'running') buildCache.checkPolicySoon();
      }
    }),
    index.onBuilderEvent(() => buildCache.invalidate()),
    buildCache.onChanged((e) => emit('buildCache:changed', e)),
  ];
  index.start();
  history.start();
  updates.startBackground();
  // The keep-under policy runs while the app or `hangar web` runs, not in one-shot commands.
  if (options.origin !== 'cli') buildCache.startPolicy();
  const started = engine.start().then(() => index.ready());

  return {
    handlers: createHandlers({
      engine,
      index,
      tasks,
      actions,
      prune,
      diskUsage,
      artifacts,
      history,
      store,
      registry,
      layers,
      updates,
      builds,
      buildCache,
    }),
    transfer,
    files: imageFileTasks({ transfer, tasks }),
    subscribe(sink) {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
    ready: () => started,
    async close() {
      for (const off of unsubscribe) off();
      sinks.clear();
      tasks.cancelAll();
      updates.stopBackground();
      buildCache.stopPolicy();
      history.close();
      artifacts.close();
      index.stop();
      engine.stop();
    },
  };
}

/** The update check's settings, or the defaults when the store cannot be read. */
function updateCheckSettings(store: StoreProvider): UpdateCheckSettings {
  try {
    return store.get().settings.updateCheck();
  } catch {
    return DEFAULT_UPDATE_CHECK_SETTINGS;
  }
}

/**
 * An address that cannot be used (unknown scheme, missing TLS files, unknown context) does not stop
 * the app: the engine is reported unreachable with that reason, like any other, so the UI shows it
 * in the banner and the CLI prints it and exits 2.
 */
function openEngine(options: CoreOptions): Engine | UnresolvedEngine {
  const env = options.env ?? process.env;
  try {
    return new Engine(resolveEngine({ flagHost: options.host, env }));
  } catch (err) {
    const host = options.host ?? env.DOCKER_HOST ?? env.DOCKER_CONTEXT ?? 'the configured engine';
    const source = options.host ? '--host' : env.DOCKER_HOST ? 'DOCKER_HOST' : 'configuration';
    return new UnresolvedEngine({ host, source, tls: false }, toHangarError(err).message);
  }
}
