/**
 * Channels of BuildKit's build cache: the records with totals (from memory, or refreshed), a
 * prune preview, and the prune of exactly a preview's records.
 */
import { z } from 'zod';
import { parseUntil, UNTIL_HELP } from '../actions.js';
import type {
  BuildCacheGrowth,
  BuildCacheGrowthQuery,
  BuildCacheListing,
  BuildCacheListOptions,
  BuildCachePolicy,
  BuildCachePolicyCheck,
  BuildCachePolicyState,
  BuildCachePrunePreview,
  BuildCachePruneOptions,
  BuildCachePruneReport,
} from '../build-cache.js';
import type { SchemasFor } from './define.js';

const listOptions: z.ZodType<BuildCacheListOptions> = z
  .object({ refresh: z.boolean({ error: 'refresh is true or false.' }).optional() })
  .strict();

export const buildCachePruneOptionsSchema: z.ZodType<BuildCachePruneOptions> = z
  .object({
    unusedFor: z
      .string({ error: `unusedFor is a duration or a time. ${UNTIL_HELP}` })
      .refine((v) => parseUntil(v, Date.now()) !== null, {
        error: `unusedFor is not a duration or a time. ${UNTIL_HELP}`,
      })
      .nullable()
      .optional(),
    types: z
      .array(
        z
          .string({ error: 'A record type is a word such as regular or exec.cachemount.' })
          .regex(
            /^[a-z][a-z0-9.-]{0,63}$/,
            'A record type is a word such as regular or exec.cachemount.',
          ),
      )
      .max(16, 'At most 16 record types.')
      .nullable()
      .optional(),
    all: z.boolean({ error: 'all is true or false.' }).optional(),
    artifact: z
      .string({ error: 'The artifact filter is an artifact name.' })
      .min(1, 'An artifact name is not empty.')
      .max(255, 'An artifact name is at most 255 characters.')
      .nullable()
      .optional(),
    keepStorage: z
      .number({ error: 'keepStorage is a number of bytes.' })
      .int('keepStorage is a whole number of bytes.')
      .min(0, 'keepStorage is at least 0 bytes.')
      .nullable()
      .optional(),
  })
  .strict();

const previewId = z
  .string({ error: 'A preview id is the id buildCache:prunePreview answered.' })
  .min(1, 'A preview id is not empty.')
  .max(100, 'A preview id is at most 100 characters.');

export const buildCachePolicySchema: z.ZodType<BuildCachePolicy> = z
  .object({
    keepUnderBytes: z
      .number({ error: 'keepUnderBytes is a number of bytes, or null to turn the policy off.' })
      .int('keepUnderBytes is a whole number of bytes.')
      .min(1, 'keepUnderBytes is at least 1 byte (null turns the policy off).')
      .nullable(),
  })
  .strict();

const growthQuery: z.ZodType<BuildCacheGrowthQuery> = z
  .object({
    since: z
      .number({ error: 'since is a time in unix milliseconds.' })
      .int('since is a whole number of milliseconds.')
      .min(0, 'since is a time in unix milliseconds.')
      .optional(),
  })
  .strict();

export interface BuildCacheChannels {
  /** The records and totals; from memory unless stale or `refresh` asks the daemon again. */
  'buildCache:list': { args: [options: BuildCacheListOptions]; result: BuildCacheListing };
  /** Exactly what a prune with these options would delete, and what it keeps and why. */
  'buildCache:prunePreview': {
    args: [options: BuildCachePruneOptions];
    result: BuildCachePrunePreview;
  };
  /** Deletes exactly the preview's records (each re-checked first) and reports. */
  'buildCache:prune': { args: [previewId: string]; result: BuildCachePruneReport };
  /** The keep-under policy (off unless set) and the daemon's own alternative. */
  'buildCache:policy': { args: []; result: BuildCachePolicyState };
  'buildCache:setPolicy': { args: [policy: BuildCachePolicy]; result: BuildCachePolicyState };
  /** Checks the policy now: over the limit, prunes least recently used first, exactly as a prune. */
  'buildCache:checkPolicy': { args: []; result: BuildCachePolicyCheck };
  /** The totals recorded at each refresh, the prunes logged and Hangar's builds, since a time. */
  'buildCache:growth': { args: [query: BuildCacheGrowthQuery]; result: BuildCacheGrowth };
}

export interface BuildCacheEvents {
  /**
   * The core read the build cache again after a change it saw (a build, a prune — Hangar's,
   * the keep-under policy's or another tool's `builder` event): `buildCache:list` answers it.
   */
  'buildCache:changed': { computedAt: number };
}

export const buildCacheSchemas = {
  'buildCache:list': z.tuple([listOptions]),
  'buildCache:prunePreview': z.tuple([buildCachePruneOptionsSchema]),
  'buildCache:prune': z.tuple([previewId]),
  'buildCache:policy': z.tuple([]),
  'buildCache:setPolicy': z.tuple([buildCachePolicySchema]),
  'buildCache:checkPolicy': z.tuple([]),
  'buildCache:growth': z.tuple([growthQuery]),
} satisfies SchemasFor<BuildCacheChannels>;
