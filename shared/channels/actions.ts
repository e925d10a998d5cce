/**
 * Channels of the image actions: prune (preview, then delete exactly what was previewed), remove,
 * tag, untag, push and pull. Prune, push and pull are long: they answer a `TaskInfo` at once and report
 * through `task:progress` / `task:done` / `task:failed` (see `shared/tasks.ts`).
 */
import { z } from 'zod';
import {
  parseLabelFilter,
  parseUntil,
  UNTIL_HELP,
  type PruneOptions,
  type PrunePreview,
  type RemoveOptions,
  type RemoveOutcome,
  type TagResult,
  type UntagPreview,
  type UntagResult,
} from '../actions.js';
import type { TaskOf } from '../tasks.js';
import type { UpdateCheckOptions, UpdateCheckSettings, UpdateStatus } from '../updates.js';
import { imageIdOrRef } from './common.js';
import type { SchemasFor } from './define.js';

export interface ActionsChannels {
  /** What a prune with these options would delete, computed from the index (no daemon call). */
  'images:prunePreview': { args: [options: PruneOptions]; result: PrunePreview };
  /** The same preview with `reclaimBytesMin` measured through `/system/df`. */
  'images:pruneMeasure': { args: [previewId: string]; result: PrunePreview };
  /** Deletes exactly the images of a preview, by id, as a `prune` task. */
  'images:prune': { args: [previewId: string]; result: TaskOf<'prune'> };
  /** Removes images (ids or references), one result each; refuses images in use unless forced. */
  'images:remove': {
    args: [idsOrRefs: string[], options?: RemoveOptions];
    result: RemoveOutcome[];
  };
  /** Adds a tag (`target`, validated by the reference grammar) to an image. */
  'images:tag': { args: [source: string, target: string]; result: TagResult };
  /** What untagging would do: is it the last tag, does the image become dangling. */
  'images:untagPreview': { args: [tag: string]; result: UntagPreview };
  /** Removes one tag and keeps the image (it becomes dangling if that was its last tag). */
  'images:untag': { args: [tag: string]; result: UntagResult };
  /** Pushes one `repo:tag` as a `push` task, with credentials resolved like the docker CLI. */
  'images:push': { args: [ref: string]; result: TaskOf<'push'> };
  /**
   * Pulls any reference as a `pull` task, normalised first (`postgres` is
   * `docker.io/library/postgres:latest`), with credentials resolved like the docker CLI.
   */
  'images:pull': { args: [ref: string, options?: PullOptions]; result: TaskOf<'pull'> };
  /**
   * Whether each tag here is the registry's tag of today: up to date, update available, or unknown
   * with why. Remembered checks younger than the settings' max age are answered without a request.
   */
  'images:updates': { args: [options?: UpdateCheckOptions]; result: UpdateStatus[] };
  /** The update checks remembered so far, without asking any registry. */
  'images:knownUpdates': { args: []; result: UpdateStatus[] };
  'images:updateSettings': { args: []; result: UpdateCheckSettings };
  'images:setUpdateSettings': {
    args: [settings: UpdateCheckSettings];
    result: UpdateCheckSettings;
  };
}

export interface PullOptions {
  /** `os/arch[/variant]`: `linux/amd64`, `linux/arm/v7`. */
  platform?: string;
}

/** `os/arch[/variant]`, the form `docker pull --platform` takes. */
export const PLATFORM_RE = /^[a-z0-9_]+\/[a-z0-9_]+(?:\/[a-z0-9_.]+)?$/;

const pullOptions = z.strictObject(
  {
    platform: z
      .string('A platform is text.')
      .max(64, 'A platform is at most 64 characters.')
      .regex(PLATFORM_RE, 'A platform is os/arch or os/arch/variant, like linux/arm64.')
      .optional(),
  },
  'Pull options are {platform?}.',
);

const previewId = z.uuid('A prune preview id is a UUID.');

const labelFilters = z
  .array(
    z
      .string()
      .max(1024, 'A label filter is at most 1024 characters.')
      .refine((s) => parseLabelFilter(s) !== null, 'A label filter is key or key=value.'),
  )
  .max(32, 'At most 32 label filters.');

const pruneOptions = z.strictObject(
  {
    mode: z.enum(['dangling', 'unused'], 'The prune mode is dangling or unused.'),
    until: z
      .string()
      .trim()
      .max(64, 'until is at most 64 characters.')
      .refine((s) => parseUntil(s, Date.now()) !== null, `until is not a time. ${UNTIL_HELP}`)
      .optional(),
    labels: labelFilters.optional(),
    notLabels: labelFilters.optional(),
  },
  'Prune options are {mode, until?, labels?, notLabels?}.',
);

/**
 * A reference as typed. The grammar (`shared/reference.ts`) is applied by the handler, so that a
 * bad name comes back as `INVALID_REFERENCE` with the grammar's own words, not as `VALIDATION`.
 */
const referenceText = z
  .string('A reference is text.')
  .min(1, 'A reference is required.')
  .max(512, 'A reference is at most 512 characters.');

const imageList = z
  .array(imageIdOrRef)
  .min(1, 'Name at least one image.')
  .max(1000, 'At most 1000 images at once.');

const removeOptions = z.strictObject(
  { force: z.boolean().optional(), noprune: z.boolean().optional() },
  'Remove options are {force?, noprune?}.',
);

const updateCheckOptions = z.strictObject(
  {
    tags: z.array(referenceText).max(10_000, 'At most 10000 tags at once.').optional(),
    refresh: z.boolean().optional(),
  },
  'Update check options are {tags?, refresh?}.',
);

/** The update check settings as `images:setUpdateSettings` takes them; the Images page checks its form with it. */
export const updateCheckSettings = z.strictObject(
  {
    maxAgeMinutes: z
      .number('maxAgeMinutes is a number of minutes.')
      .int('maxAgeMinutes is a whole number of minutes.')
      .min(1, 'maxAgeMinutes is at least 1.')
      .max(525_600, 'maxAgeMinutes is at most a year.'),
    background: z.boolean('background is true or false.'),
    concurrency: z
      .number('concurrency is a number.')
      .int('concurrency is a whole number.')
      .min(1, 'concurrency is at least 1.')
      .max(64, 'concurrency is at most 64.'),
  },
  'Update check settings are {maxAgeMinutes, background, concurrency}.',
);

export const actionsSchemas = {
  'images:prunePreview': z.tuple([pruneOptions]),
  'images:pruneMeasure': z.tuple([previewId]),
  'images:prune': z.tuple([previewId]),
  'images:remove': z.union(
    [z.tuple([imageList]), z.tuple([imageList, removeOptions])],
    'images:remove takes a list of images and, optionally, { "force": true, "noprune": true }.',
  ),
  'images:tag': z.tuple([imageIdOrRef, referenceText]),
  'images:untagPreview': z.tuple([referenceText]),
  'images:untag': z.tuple([referenceText]),
  'images:push': z.tuple([referenceText]),
  'images:pull': z.union(
    [z.tuple([referenceText]), z.tuple([referenceText, pullOptions])],
    'images:pull takes a reference and, optionally, { "platform": "linux/arm64" }.',
  ),
  'images:updates': z.union(
    [z.tuple([]), z.tuple([updateCheckOptions])],
    'images:updates takes, optionally, { "tags": [...], "refresh": true }.',
  ),
  'images:knownUpdates': z.tuple([]),
  'images:updateSettings': z.tuple([]),
  'images:setUpdateSettings': z.tuple([updateCheckSettings]),
} satisfies SchemasFor<ActionsChannels>;
