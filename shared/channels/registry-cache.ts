/**
 * Channels of the registry cache browser: list a cache level's tags with age vs a TTL, inspect
 * one, the tags sharing its digest, delete one by digest, pull one as a task, and the settings.
 */
import { z } from 'zod';
import {
  MOVED_POLICIES,
  type CacheLevelOptions,
  type RemoteCacheSettings,
} from '../registry-cache.js';
import type {
  RegistryCacheDeleteResult,
  RegistryCacheDigestTags,
  RegistryCacheInspect,
  RegistryCacheListRequest,
  RegistryCachePage,
} from '../registry-cache.js';
import type { TaskInfo } from '../tasks.js';
import type { SchemasFor } from './define.js';

export interface RegistryCacheChannels {
  /** One page of a level's tags with digest, created, age vs the TTL, size, artifact and pin. */
  'registryCache:list': { args: [RegistryCacheListRequest]; result: RegistryCachePage };
  'registryCache:inspect': { args: [string]; result: RegistryCacheInspect };
  /** Every tag of the level pointing at `LOCATION@sha256:…`: what a delete of it takes along. */
  'registryCache:digestTags': { args: [string]; result: RegistryCacheDigestTags };
  /** Deletes the manifest a tag points at (every tag sharing its digest goes with it). */
  'registryCache:delete': { args: [string]; result: RegistryCacheDeleteResult };
  /** Pulls a cache image into the engine: a `pull` task whose result is a `PullResult`. */
  'registryCache:pull': { args: [string]; result: TaskInfo };
  /** The configured levels (project, global) and how lookups use them. */
  'registryCache:settings': { args: []; result: RemoteCacheSettings };
  'registryCache:setSettings': { args: [RemoteCacheSettings]; result: RemoteCacheSettings };
}

const LOCATION_MESSAGE =
  'A cache location is REGISTRY/REPO[/NAMESPACE], e.g. localhost:5000/team/cache.';

export const cacheLocation = z
  .string({ error: LOCATION_MESSAGE })
  .trim()
  .min(1, LOCATION_MESSAGE)
  .max(255, 'A cache location is at most 255 characters.')
  .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?(\/[a-z0-9]+(?:[._-][a-z0-9]+)*)+$/, LOCATION_MESSAGE);

const REF_MESSAGE =
  'A cache reference is REGISTRY/REPO[/NAMESPACE]:KEY or …@sha256:DIGEST, e.g. localhost:5000/team/cache:abc123.';

export const cacheReference = z
  .string({ error: REF_MESSAGE })
  .trim()
  .min(1, REF_MESSAGE)
  .max(512, 'A cache reference is at most 512 characters.')
  .regex(
    /^[A-Za-z0-9.-]+(:\d{1,5})?(\/[a-z0-9]+(?:[._-][a-z0-9]+)*)+(:[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/,
    REF_MESSAGE,
  );

const listRequest: z.ZodType<RegistryCacheListRequest> = z.strictObject(
  {
    location: cacheLocation,
    cursor: z
      .string({ error: 'cursor is the last key of the previous page, or null.' })
      .max(128, 'cursor is a tag, at most 128 characters.')
      .nullable(),
    limit: z
      .number({ error: 'limit is a number of tags.' })
      .int('limit is a whole number.')
      .min(1, 'limit is at least 1.')
      .max(500, 'limit is at most 500 tags per page.'),
    ttlHours: z
      .number({ error: 'ttlHours is a number of hours, or null.' })
      .positive('ttlHours is more than 0 hours.')
      .max(24 * 365 * 10, 'ttlHours is at most ten years.')
      .nullable(),
    match: z
      .string({ error: 'match is the words to search the keys and artifacts for.' })
      .max(200, 'A search is at most 200 characters.')
      .optional(),
  },
  { error: 'A list request is { location, cursor, limit, ttlHours, match? }.' },
);

const levelLocation = cacheLocation.nullable();

const movedPolicy = z.enum(MOVED_POLICIES, {
  error: 'onMoved is pinned (use the digest last used) or newest (use what the tag points at).',
});

const registryHost = z
  .string({ error: 'An insecure registry is a host[:port] such as registry.lan:5000.' })
  .trim()
  .regex(
    /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?$/,
    'An insecure registry is a host[:port] such as registry.lan:5000.',
  );

const remoteCacheSettings: z.ZodType<RemoteCacheSettings> = z
  .strictObject(
    {
      project: levelLocation,
      global: levelLocation,
      pushAfterBuild: z.boolean({ error: 'pushAfterBuild is true or false.' }),
      onMoved: movedPolicy,
      insecureRegistries: z
        .array(registryHost, { error: 'insecureRegistries is a list of host[:port].' })
        .max(64, 'At most 64 insecure registries.'),
    },
    {
      error:
        'Registry cache settings are { project, global, pushAfterBuild, onMoved, insecureRegistries }.',
    },
  )
  .refine(
    (s) => s.project === null || s.project !== s.global,
    'The global level must be another location than the project level.',
  );

export const cacheLevelOptions: z.ZodType<CacheLevelOptions> = z.strictObject(
  {
    project: levelLocation.optional(),
    global: levelLocation.optional(),
    pushAfterBuild: z.boolean({ error: 'pushAfterBuild is true or false.' }).optional(),
    onMoved: movedPolicy.optional(),
    pull: z.boolean({ error: 'pull is true or false.' }).optional(),
  },
  { error: 'Cache level options are { project?, global?, pushAfterBuild?, onMoved?, pull? }.' },
);

export const registryCacheSchemas = {
  'registryCache:list': z.tuple([listRequest]),
  'registryCache:inspect': z.tuple([cacheReference]),
  'registryCache:digestTags': z.tuple([
    cacheReference.refine((ref) => ref.includes('@sha256:'), {
      error: 'Name the digest: REGISTRY/REPO[/NAMESPACE]@sha256:DIGEST.',
    }),
  ]),
  'registryCache:delete': z.tuple([cacheReference]),
  'registryCache:pull': z.tuple([cacheReference]),
  'registryCache:settings': z.tuple([]),
  'registryCache:setSettings': z.tuple([remoteCacheSettings]),
} satisfies SchemasFor<RegistryCacheChannels>;
