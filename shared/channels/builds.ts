/**
 * Channels of the build records: the builds Hangar ran, newest first (by artifact, since a time),
 * one build with its steps, the build a lookup in the history led to, and the saved builder. Also the schema of how a build runs (`--builder`, `--network`),
 * which `artifacts:build` takes.
 */
import { z } from 'zod';
import {
  BUILDER_CHOICES,
  type BuilderChoice,
  type BuilderSetting,
  type BuildListOptions,
  type BuildRecord,
  type BuildRunOptions,
  type BuildSummary,
} from '../builds.js';
import type { SchemasFor } from './define.js';

const builderChoice = z.enum(BUILDER_CHOICES as readonly [BuilderChoice, ...BuilderChoice[]], {
  error: 'The builder is auto, buildkit or classic.',
});

export const buildRunOptionsSchema: z.ZodType<BuildRunOptions> = z
  .object({
    builder: builderChoice.optional(),
    network: z
      .string({ error: 'The network is a network mode such as none, host or a network name.' })
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/,
        'The network is a network mode such as none, host or a network name.',
      )
      .nullable()
      .optional(),
  })
  .strict();

const listOptions: z.ZodType<BuildListOptions> = z
  .object({
    artifact: z
      .string({ error: 'The artifact filter is an artifact name.' })
      .min(1, 'An artifact name is not empty.')
      .max(255, 'An artifact name is at most 255 characters.')
      .nullable()
      .optional(),
    since: z
      .number({ error: 'since is a time in unix milliseconds.' })
      .int('since is a whole number of milliseconds.')
      .min(0, 'since is after 1970.')
      .nullable()
      .optional(),
    limit: z
      .number({ error: 'limit is a number of builds.' })
      .int('limit is a whole number.')
      .min(1, 'limit is at least 1.')
      .max(10_000, 'limit is at most 10000.')
      .nullable()
      .optional(),
  })
  .strict();

const buildId = z
  .number({ error: 'A build id is a number, as `hangar builds ls` shows it.' })
  .int('A build id is a whole number.')
  .min(1, 'A build id is at least 1.');

const lookupId = z
  .number({ error: 'A lookup id is a number, as the history lists it.' })
  .int('A lookup id is a whole number.')
  .min(1, 'A lookup id is at least 1.');

export interface BuildsChannels {
  /** Build records, newest first, without their steps. */
  'builds:list': { args: [options: BuildListOptions]; result: BuildSummary[] };
  /** One build with its steps; NOT_FOUND when it is not (or no longer) recorded. */
  'builds:get': { args: [id: number]; result: BuildRecord };
  /** The build a lookup led to (a MISS or HIT_TOO_OLD that built), or null. */
  'builds:forLookup': { args: [lookupId: number]; result: BuildSummary | null };
  /** The saved builder and what it runs on the engine now. */
  'builds:builder': { args: []; result: BuilderSetting };
  /** Saves the builder a build runs with when it names none. */
  'builds:setBuilder': { args: [choice: BuilderChoice]; result: BuilderSetting };
}

export const buildsSchemas = {
  'builds:list': z.tuple([listOptions]),
  'builds:get': z.tuple([buildId]),
  'builds:forLookup': z.tuple([lookupId]),
  'builds:builder': z.tuple([]),
  'builds:setBuilder': z.tuple([builderChoice]),
} satisfies SchemasFor<BuildsChannels>;
