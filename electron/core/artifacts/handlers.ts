/** Handlers of the `artifacts:*` channels: one line each into the `ArtifactService`. */
import type { ArtifactsChannels } from '../../../shared/channels/artifacts.js';
import type { HandlersFor } from '../handlers.js';
import type { ArtifactService } from './artifact-service.js';

export function artifactsHandlers({
  artifacts,
}: {
  artifacts: ArtifactService;
}): HandlersFor<ArtifactsChannels> {
  return {
    'artifacts:list': () => artifacts.list(),
    'artifacts:entry': (key) => artifacts.entry(key),
    'artifacts:lookup': (spec, options) => artifacts.lookup(spec, options),
    'artifacts:build': (spec, options, run) => artifacts.build(spec, options, run),
    'artifacts:retag': (key) => artifacts.retag(key),
    'artifacts:pin': ({ key, pinned }) => artifacts.pin(key, pinned),
    'artifacts:evict': (options) => artifacts.evict(options),
    'artifacts:enforcePolicy': (options) => artifacts.enforcePolicy(options),
    'artifacts:importSkaffold': ({ file }) => artifacts.importSkaffold(file),
    'artifacts:settings': () => artifacts.settings(),
    'artifacts:setSettings': (settings) => artifacts.setSettings(settings),
  };
}
