/** Handlers of the `builds:*` channels: one line each into the `BuildService`. */
import type { BuildsChannels } from '../../../shared/channels/builds.js';
import type { HandlersFor } from '../handlers.js';
import type { BuildService } from './build-service.js';

export function buildsHandlers({ builds }: { builds: BuildService }): HandlersFor<BuildsChannels> {
  return {
    'builds:list': async (options) => builds.list(options),
    'builds:get': async (id) => builds.get(id),
    'builds:forLookup': async (lookupId) => builds.forLookup(lookupId),
  };
}
