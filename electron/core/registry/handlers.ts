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

/** Adds each key's artifact (from the local cache, else from a pin) and this machine's pin. */
export function annotateEntries(
  provider: StoreProvider,
  location: string,
  entries: RegistryCacheEntry[],
): void {
  const known = knownKeys(
    provider,
    location,
    entries.map((e) => e.key),
  );
  if (!known) return;
  for (const e of entries) {
    const pin = known.pins.get(e.key);
    e.artifact = known.names.get(e.key) ?? null;
    if (pin) {
      e.pinnedDigest = pin.digest;
      e.pin = e.digest === '' ? null : pin.digest === e.digest ? 'pinned' : 'moved';
    }
  }
}

/** Each key's artifact: from the local cache, else from a pin this machine holds for the tag. */
export function artifactNames(
  provider: StoreProvider,
  location: string,
  keys: readonly string[],
): Map<string, string> {
  return knownKeys(provider, location, keys)?.names ?? new Map();
}

/**
 * What this machine knows of `keys` at `location`: the pins it holds, and each key's artifact (the
 * local cache's, else the pin's). Null when the store cannot be read: a broken store must not
 * stop the browser.
 */
function knownKeys(provider: StoreProvider, location: string, keys: readonly string[]) {
  let store;
  try {
    store = provider.get();
  } catch {
    return null;
  }
  const pins = store.pins.forKeys(location, keys);
  const names = store.entries.artifactsOf(keys);
  for (const [key, pin] of pins) if (!names.has(key)) names.set(key, pin.artifact);
  return { pins, names };
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
