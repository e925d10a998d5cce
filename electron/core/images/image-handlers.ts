/**
 * Handlers of the images browser's detail channels: an image's layers, and disk usage (shared and
 * unique sizes per image). The disk usage cache lives as long as the handler table, i.e. the core.
 */
import type { ImagesChannels } from '../../../shared/channels/images.js';
import type { HandlerDeps, HandlersFor } from '../handlers.js';
import { DiskUsageCache, type DiskUsageCacheOptions } from './disk-usage.js';
import { imageLayers } from './layers.js';

type BrowserChannels = Pick<ImagesChannels, 'images:layers' | 'images:diskUsage'>;

export function imageBrowserHandlers(
  { engine, index }: Pick<HandlerDeps, 'engine' | 'index'>,
  diskUsageOptions: DiskUsageCacheOptions = {},
): HandlersFor<BrowserChannels> {
  const diskUsage = new DiskUsageCache(
    { client: () => engine.client(), indexVersion: () => index.status().version },
    diskUsageOptions,
  );
  return {
    'images:layers': (idOrRef) => imageLayers(engine.client(), idOrRef),
    'images:diskUsage': (options) => diskUsage.get(options),
  };
}
