/** Handlers of the `layers:*` channels: one line each into the `LayerService`. */
import type { LayersChannels } from '../../../shared/channels/layers.js';
import type { HandlersFor } from '../handlers.js';
import type { LayerService } from './layer-service.js';

export function layersHandlers({ layers }: { layers: LayerService }): HandlersFor<LayersChannels> {
  return {
    'layers:read': async (image) => layers.read(image),
    'layers:stored': (image) => layers.stored(image),
    'layers:image': (image) => layers.layers(image),
    'layers:tree': (image) => layers.tree(image),
    'layers:changes': (image, layer) => layers.changes(image, layer),
    'layers:waste': (image, options) => layers.waste(image, options.worst),
    'layers:diff': (a, b) => layers.diff(a, b),
    'layers:storeInfo': async () => layers.storeInfo(),
    'layers:setMaxBytes': async (maxBytes) => layers.setMaxBytes(maxBytes),
  };
}
