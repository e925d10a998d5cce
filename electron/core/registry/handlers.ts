/** Handlers of the `registryCache:*` channels. */
import type { RegistryCacheChannels } from '../../../shared/channels/registry-cache.js';
import type { HandlersFor } from '../handlers.js';
import { RegistryCacheService } from './cache-service.js';

export function registryCacheHandlers(
  service: RegistryCacheService = new RegistryCacheService(),
): HandlersFor<RegistryCacheChannels> {
  return {
    'registryCache:list': (req) => service.list(req),
    'registryCache:inspect': (ref) => service.inspect(ref),
    'registryCache:delete': (ref) => service.delete(ref),
  };
}
