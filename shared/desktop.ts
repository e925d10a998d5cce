/**
 * Requests only the desktop shell answers, outside the core's contract: Save… and Load… of image
 * archives through the system's file dialogs. The renderer never names a path: the main process
 * shows the dialog and starts the core's `save` or `load` task on the path chosen there. The web
 * host does not serve these (a browser downloads and uploads instead).
 */
import { z } from 'zod';
import type { TaskOf } from './tasks.js';
import { imageIdOrRef } from './channels/common.js';
import type { SchemasFor } from './channels/define.js';

/** The most names one Save… takes (the web host's download takes as many). */
export const MAX_SAVE_NAMES = 100;

export interface DesktopContract {
  /** Asks where to save `names` as one archive, then saves them as a task; null when dismissed. */
  'desktop:saveImages': { args: [names: string[]]; result: TaskOf<'save'> | null };
  /** Asks which archive to load, then loads it as a task; null when dismissed. */
  'desktop:loadImages': { args: []; result: TaskOf<'load'> | null };
}

export type DesktopChannel = keyof DesktopContract;

export const desktopSchemas = {
  'desktop:saveImages': z.tuple([
    z
      .array(imageIdOrRef, { error: 'names is a list of image names or ids.' })
      .min(1, 'Name at least one image to save.')
      .max(MAX_SAVE_NAMES, `Save at most ${MAX_SAVE_NAMES} names at once.`),
  ]),
  'desktop:loadImages': z.tuple([]),
} satisfies SchemasFor<DesktopContract>;

export const DESKTOP_CHANNELS = Object.keys(desktopSchemas) as DesktopChannel[];

export function isDesktopChannel(value: unknown): value is DesktopChannel {
  return typeof value === 'string' && Object.hasOwn(desktopSchemas, value);
}
