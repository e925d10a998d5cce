/** Handlers of the image actions (`shared/channels/actions.ts`): prune, remove, tag, untag, push, pull, update checks. */
import type { ActionsChannels } from '../../../shared/channels/actions.js';
import type { HandlerDeps, HandlersFor } from '../handlers.js';
import { removeImages } from './image-remove.js';
import { startImagePull } from './image-pull.js';
import { startPush } from './image-push.js';
import { tagImage, untagImage, untagPreview } from './image-tags.js';

export function actionsHandlers({
  actions,
  prune,
  updates,
}: Pick<HandlerDeps, 'actions' | 'prune' | 'updates'>): HandlersFor<ActionsChannels> {
  return {
    'images:prunePreview': async (options) => prune.preview(options),
    'images:pruneMeasure': (id) => prune.measure(id),
    'images:prune': async (id) => prune.start(id),
    'images:remove': (inputs, options) => removeImages(actions, inputs, options ?? {}),
    'images:tag': (source, target) => tagImage(actions, source, target),
    'images:untagPreview': (tag) => untagPreview(actions, tag),
    'images:untag': (tag) => untagImage(actions, tag),
    'images:push': (ref) => startPush(actions, ref),
    'images:pull': async (ref, options) =>
      startImagePull(
        {
          engine: { client: actions.client, eventsClient: actions.streamClient },
          tasks: actions.tasks,
          credentials: actions.credentials,
        },
        ref,
        options ?? {},
      ),
    'images:updates': (options) => updates.check(options ?? {}),
    'images:knownUpdates': async () => updates.known(),
    'images:updateSettings': async () => updates.settings(),
    'images:setUpdateSettings': async (settings) => updates.saveSettings(settings),
  };
}
