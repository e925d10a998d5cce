/** Handlers of the `builds:*` channels: one line each into the `BuildService`. */
import type { BuildsChannels } from '../../../shared/channels/builds.js';
import type { EngineSource } from '../engine/engine-source.js';
import type { HandlersFor } from '../handlers.js';
import type { BuildService } from './build-service.js';

export function buildsHandlers({
  builds,
  engine,
}: {
  builds: BuildService;
  engine: EngineSource;
}): HandlersFor<BuildsChannels> {
  return {
    'builds:list': async (options) => builds.list(options),
    'builds:get': async (id) => builds.get(id),
    'builds:forLookup': async (lookupId) => builds.forLookup(lookupId),
    'builds:builder': async () => builds.builder(engine.status()),
    'builds:setBuilder': async (choice) => builds.setBuilder(choice, engine.status()),
  };
}
