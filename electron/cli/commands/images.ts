/** `hangar images [--dangling] [--all] [--json]`: the index as a table or as JSON. */
import { request } from '../core-client.js';
import { imagesTable, selectImages, toImageJson } from '../format.js';
import type { CliDeps } from '../io.js';
import { noPositionals, openCore, requireEngine } from './common.js';
import { defineCommand, type CommonOptions } from './types.js';

export interface ImagesCommand {
  json: boolean;
  dangling: boolean;
  all: boolean;
}

export const imagesCommand = defineCommand({
  name: 'images',
  summary: 'List images (intermediate layers only with --all).',
  usage: '[--dangling] [--all] [--json]',
  details: `  --dangling   Only untagged images that are not intermediate layers
  -a, --all    Include intermediate layers
  --json       Print JSON`,
  options: {
    json: { type: 'boolean' },
    dangling: { type: 'boolean' },
    all: { type: 'boolean', short: 'a' },
  },
  parse: (values, positionals): ImagesCommand => {
    noPositionals(positionals);
    return {
      json: values.json ?? false,
      dangling: values.dangling ?? false,
      all: values.all ?? false,
    };
  },
  run: runImages,
});

async function runImages(cmd: ImagesCommand & CommonOptions, deps: CliDeps): Promise<number> {
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
