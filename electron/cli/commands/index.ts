/**
 * Every `hangar` command, by name, in the order `hangar --help` lists them. To add a command,
 * write its module (see `types.ts`: `defineCommand({...})`) and add one line here; the parser, the
 * help text and the runner pick it up.
 */
import { buildCommand } from './build.js';
import { builderCommand } from './builder.js';
import { buildsCommand } from './builds.js';
import { cacheCommand } from './cache.js';
import { eventsCommand } from './events.js';
import { historyCommand } from './history.js';
import { imagesCommand } from './images.js';
import {
  diffCommand,
  filesCommand,
  layersCommand,
  layerStoreCommand,
  wasteCommand,
} from './layers.js';
import { outdatedCommand } from './outdated.js';
import { pruneCommand } from './prune.js';
import { pullCommand } from './pull.js';
import { pushCommand } from './push.js';
import { refCommand } from './ref.js';
import { registryCacheCommand } from './registry-cache.js';
import { rmCommand } from './rm.js';
import { loadCommand, saveCommand } from './save-load.js';
import { tagCommand, untagCommand } from './tag.js';
import type { AnyCommand } from './types.js';
import { webCommand } from './web.js';

export const COMMANDS: Readonly<Record<string, AnyCommand>> = {
  images: imagesCommand,
  events: eventsCommand,
  web: webCommand,
  build: buildCommand,
  builds: buildsCommand,
  cache: cacheCommand,
  builder: builderCommand,
  history: historyCommand,
  prune: pruneCommand,
  rm: rmCommand,
  tag: tagCommand,
  untag: untagCommand,
  push: pushCommand,
  pull: pullCommand,
  save: saveCommand,
  load: loadCommand,
  outdated: outdatedCommand,
  ref: refCommand,
  'registry-cache': registryCacheCommand,
  layers: layersCommand,
  files: filesCommand,
  waste: wasteCommand,
  diff: diffCommand,
  'layer-store': layerStoreCommand,
};
