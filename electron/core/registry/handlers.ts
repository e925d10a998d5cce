/**
 * Handlers of the `registryCache:*` channels: the browser's list, inspect, delete, pull as a task,
 * and the level settings.
 */
import type { RegistryCacheChannels } from '../../../shared/channels/registry-cache.js';
import type { HandlerDeps, HandlersFor } from '../handlers.js';
import { startPull } from '../images/image-pull.js';
import { saveRemoteCacheSettings } from './cache-store.js';

export function registryCacheHandlers({
  registry,
  store,
  tasks,
  engine,
}: Pick<
  HandlerDeps,
  'registry' | 'store' | 'tasks' | 'engine'
>): HandlersFor<RegistryCacheChannels> {
  return {
    'registryCache:list': (req) => registry.list(req),
    'registryCache:inspect': (ref) => registry.inspect(ref),
    'registryCache:digestTags': (ref) => registry.digestTags(ref),
    'registryCache:delete': (ref) => registry.delete(ref),
    'registryCache:pull': async (ref) => startPull({ engine, tasks }, ref),
    'registryCache:settings': async () => store.get().settings.remoteCache(),
    'registryCache:setSettings': async (settings) =>
      saveRemoteCacheSettings(store, registry, settings),
  };
}
