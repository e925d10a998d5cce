/**
 * The handler table: one function per request channel of the contract, built from one factory per
 * channel group. A channel without a handler is a compile error (`Handlers` is exhaustive).
 * Factories only map channels onto the services `createCore` built; they build nothing.
 */
import type { Args, Channel, Handlers, Result } from '../../shared/contract.js';
import type { EngineChannels } from '../../shared/channels/engine.js';
import type { ImagesChannels } from '../../shared/channels/images.js';
import type { TasksChannels } from '../../shared/channels/tasks.js';
import type { EngineStatus } from '../../shared/model.js';
import type { ArtifactService } from './artifacts/artifact-service.js';
import { artifactsHandlers } from './artifacts/handlers.js';
import type { BuildCacheService } from './build-cache/build-cache-service.js';
import { buildCacheHandlers } from './build-cache/handlers.js';
import type { BuildService } from './builds/build-service.js';
import { buildsHandlers } from './builds/handlers.js';
import type { EngineSource } from './engine/engine-source.js';
import type { HistoryService } from './history/history-service.js';
import { historyHandlers } from './history/handlers.js';
import { actionsHandlers } from './images/actions-handlers.js';
import type { DiskUsageCache } from './images/disk-usage.js';
import type { RemoveDeps } from './images/image-remove.js';
import type { PushDeps } from './images/image-push.js';
import type { TagDeps } from './images/image-tags.js';
import { imageLayers } from './images/layers.js';
import type { PruneService } from './images/prune-service.js';
import type { UpdateChecker } from './images/update-check.js';
import type { IndexService } from './index/index-service.js';
import { layersHandlers } from './layers/handlers.js';
import type { LayerService } from './layers/layer-service.js';
import type { RegistryCacheService } from './registry/cache-service.js';
import { registryCacheHandlers } from './registry/handlers.js';
import type { StoreProvider } from './store/store.js';
import type { TaskManager } from './tasks/task-manager.js';

/** Handlers for one channel group. */
export type HandlersFor<G> = {
  [C in keyof G & Channel]: (...args: Args<C>) => Promise<Result<C>>;
};

/** What tag, untag, remove and push work with: the index, the engine's clients, the tasks. */
export type ImageActionDeps = TagDeps & RemoveDeps & PushDeps;

/** The services handlers call; built once in `createCore`. */
export interface HandlerDeps {
  engine: EngineSource & { retry(): Promise<EngineStatus> };
  index: IndexService;
  tasks: TaskManager;
  actions: ImageActionDeps;
  prune: PruneService;
  diskUsage: DiskUsageCache;
  artifacts: ArtifactService;
  history: HistoryService;
  store: StoreProvider;
  registry: RegistryCacheService;
  layers: LayerService;
  updates: UpdateChecker;
  builds: BuildService;
  buildCache: BuildCacheService;
}

function engineHandlers({ engine }: HandlerDeps): HandlersFor<EngineChannels> {
  return {
    'engines:status': async () => engine.status(),
    'engines:retry': () => engine.retry(),
  };
}

function imageHandlers({ engine, index, diskUsage }: HandlerDeps): HandlersFor<ImagesChannels> {
  return {
    'images:snapshot': async () => index.snapshot(),
    'images:inspect': async (idOrRef) => engine.client().getImage(idOrRef).inspect(),
    'images:layers': (idOrRef) => imageLayers(engine.client(), idOrRef),
    'images:diskUsage': (options) => diskUsage.get(options),
  };
}

function taskHandlers({ tasks }: HandlerDeps): HandlersFor<TasksChannels> {
  return {
    'tasks:list': async () => tasks.list(),
    'tasks:get': async (id) => tasks.get(id),
    'tasks:cancel': async (id) => tasks.cancel(id),
  };
}

export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    ...engineHandlers(deps),
    ...imageHandlers(deps),
    ...taskHandlers(deps),
    ...artifactsHandlers(deps),
    ...actionsHandlers(deps),
    ...historyHandlers(deps),
    ...registryCacheHandlers(deps),
    ...layersHandlers(deps),
    ...buildsHandlers(deps),
    ...buildCacheHandlers(deps),
  };
}
