/** Handlers of the `buildCache:*` channels: one line each into the `BuildCacheService`. */
import type { BuildCacheChannels } from '../../../shared/channels/build-cache.js';
import type { HandlersFor } from '../handlers.js';
import type { BuildCacheService } from './build-cache-service.js';

export function buildCacheHandlers({
  buildCache,
}: {
  buildCache: BuildCacheService;
}): HandlersFor<BuildCacheChannels> {
  return {
    'buildCache:list': (options) => buildCache.list(options),
    'buildCache:prunePreview': (options) => buildCache.prunePreview(options),
    'buildCache:prune': (previewId) => buildCache.prune(previewId),
    'buildCache:policy': async () => buildCache.policy(),
    'buildCache:setPolicy': async (policy) => buildCache.setPolicy(policy),
    'buildCache:checkPolicy': () => buildCache.checkPolicy(),
    'buildCache:growth': async (query) => buildCache.growth(query),
  };
}
