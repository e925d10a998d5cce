/** `hangar images [--dangling] [--all] [--json]`: the index as a table or as JSON. */
import type { CliCommand } from '../args.js';
import { request } from '../core-client.js';
import { imagesTable, selectImages, toImageJson } from '../format.js';
import type { CliDeps } from '../io.js';
import { openCore, requireEngine } from './common.js';

type ImagesCommand = Extract<CliCommand, { name: 'images' }>;

export async function imagesCommand(cmd: ImagesCommand, deps: CliDeps): Promise<number> {
  const core = await openCore(cmd.host, deps);
  try {
    await requireEngine(core);
    const snapshot = await request(core, 'images:snapshot');
    const images = selectImages(snapshot.images, cmd);
    deps.stdout.write(
      cmd.json
        ? `${JSON.stringify(images.map(toImageJson), null, 2)}\n`
        : imagesTable(images, deps.now()),
    );
    return 0;
  } finally {
    await core.close();
  }
}
