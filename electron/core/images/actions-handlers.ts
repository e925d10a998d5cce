/**
 * Handlers of the image actions (`shared/channels/actions.ts`): prune, remove, tag, untag, push.
 * The prune preview store lives as long as the handler table, i.e. the core.
 */
import type { ActionsChannels } from '../../../shared/channels/actions.js';
import type { HandlerDeps, HandlersFor } from '../handlers.js';
import { removeImages } from './image-remove.js';
import { startPush } from './image-push.js';
import { tagImage, untagImage, untagPreview } from './image-tags.js';
import { PruneService } from './prune-service.js';

export function actionsHandlers({
  engine,
  index,
  tasks,
}: Pick<HandlerDeps, 'engine' | 'index' | 'tasks'>): HandlersFor<ActionsChannels> {
  const deps = {
    index: index.index,
    client: () => engine.client(),
    engineKind: () => {
      const status = engine.status();
      return status.state === 'reachable' ? status.kind : 'unknown';
    },
  };
  const prune = new PruneService({ ...deps, tasks });
  return {
    'images:prunePreview': async (options) => prune.preview(options),
    'images:pruneMeasure': (id) => prune.measure(id),
    'images:prune': async (id) => prune.start(id),
    'images:remove': (inputs, options) => removeImages(deps, inputs, options ?? {}),
    'images:tag': (source, target) => tagImage(deps, source, target),
    'images:untagPreview': (tag) => untagPreview(deps, tag),
    'images:untag': (tag) => untagImage(deps, tag),
    'images:push': (ref) =>
      startPush({ ...deps, tasks, streamClient: () => engine.eventsClient() }, ref),
  };
}
