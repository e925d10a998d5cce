/**
 * Handlers of the `registryCache:*` channels: the browser's list (annotated with what this
 * machine knows: the artifact of a key, the digest it pinned), inspect, delete, pull as a task,
 * and the level settings.
 */
import type { RegistryCacheChannels } from '../../../shared/channels/registry-cache.js';
import type { RegistryCacheEntry, RemoteCacheSettings } from '../../../shared/registry-cache.js';
import type { HandlersFor } from '../handlers.js';
import { pullImage } from '../images/image-pull.js';
import type { EngineSource } from '../index/index-service.js';
import type { StoreProvider } from '../store/store.js';
import type { TaskManager } from '../tasks/task-manager.js';
import { RegistryCacheService } from './cache-service.js';

export interface RegistryCacheDeps {
  engine: EngineSource;
  tasks: TaskManager;
  store: StoreProvider;
  registry: RegistryCacheService;
}

/** The service with the store's insecure registries and the list annotations wired in. */
export function createRegistryCacheService(store: StoreProvider): RegistryCacheService {
  return new RegistryCacheService({
    insecure: () => {
      try {
        return store.get().settings.remoteCache().insecureRegistries;
      } catch {
        return []; // a broken store must not stop the browser
      }
    },
    annotate: (location, entries) => annotateEntries(store, location, entries),
    artifactNames: (location, keys) => artifactNames(store, location, keys),
  });
}

/** Each key's artifact: from the local cache, else from a pin this machine holds for the tag. */
export function artifactNames(
  provider: StoreProvider,
  location: string,
  keys: readonly string[],
): Map<string, string> {
  let store;
  try {
    store = provider.get();
  } catch {
    return new Map(); // a broken store must not stop a search of the keys
  }
  const names = store.entries.artifactsOf(keys);
  for (const [key, pin] of store.pins.forKeys(location, keys)) {
    if (!names.has(key)) names.set(key, pin.artifact);
  }
  return names;
}

/** Adds each key's artifact (from the local cache) and this machine's pin for the tag. */
export function annotateEntries(
  provider: StoreProvider,
  location: string,
  entries: RegistryCacheEntry[],
): void {
  let store;
  try {
    store = provider.get();
  } catch {
    return;
  }
  const keys = entries.map((e) => e.key);
  const pins = store.pins.forKeys(location, keys);
  const artifacts = store.entries.artifactsOf(keys);
  for (const e of entries) {
    const pin = pins.get(e.key);
    e.artifact = artifacts.get(e.key) ?? pin?.artifact ?? null;
    if (pin) {
      e.pinnedDigest = pin.digest;
      e.pin = e.digest === '' ? null : pin.digest === e.digest ? 'pinned' : 'moved';
    }
  }
}

export function registryCacheHandlers(deps: RegistryCacheDeps): HandlersFor<RegistryCacheChannels> {
  const { registry, store, tasks, engine } = deps;
  return {
    'registryCache:list': (req) => registry.list(req),
    'registryCache:inspect': (ref) => registry.inspect(ref),
    'registryCache:digestTags': (ref) => registry.digestTags(ref),
    'registryCache:delete': (ref) => registry.delete(ref),
    'registryCache:pull': async (ref) => {
      engine.client(); // an unreachable engine fails the request, not a task
      return tasks.run('pull', `Pull ${ref}`, ref, async (task) => {
        const pulled = await pullImage(engine, ref, task);
        task.progress({ percent: 100, message: `Pulled ${pulled.imageId.slice(7, 19)}` });
        return {
          reference: ref,
          digest: pulled.digest ?? '',
          imageId: pulled.imageId,
          tags: pulled.repoTags,
          layers: pulled.layers,
        };
      });
    },
    'registryCache:settings': async () => store.get().settings.remoteCache(),
    'registryCache:setSettings': async (settings: RemoteCacheSettings) => {
      const saved = store.get().settings.setRemoteCache({
        ...settings,
        insecureRegistries: [...new Set(settings.insecureRegistries)].sort(),
      });
      registry.resetClients();
      return saved;
    },
  };
}
