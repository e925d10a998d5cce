/**
 * Channels of the artifact cache: look an artifact up, build it through the cache (a
 * task), list, pin, retag and evict entries, enforce the size/TTL policy with a preview, import
 * skaffold's cache file, and read or change the cache settings.
 */
import { z } from 'zod';
import type {
  ArtifactSpec,
  ArtifactsChanged,
  CacheEntry,
  CacheEntryDetail,
  CacheListing,
  CacheSettings,
  EvictOptions,
  EvictReport,
  LookupResult,
  PolicyOptions,
  PolicyReport,
  SkaffoldImportReport,
} from '../artifacts.js';
import { isRepositoryName, isTaggedReference } from '../reference.js';
import type { BuildRunOptions } from '../builds.js';
import type { CacheLevelOptions } from '../registry-cache.js';
import type { TaskInfo } from '../tasks.js';
import type { SchemasFor } from './define.js';
import { buildRunOptionsSchema } from './builds.js';
import { cacheLevelOptions } from './registry-cache.js';

export const BUILD_ARG_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

const artifactName = z
  .string({ error: 'The artifact name is a string such as app or localhost:5000/team/api.' })
  .min(1, 'The artifact name is required.')
  .max(255, 'The artifact name is at most 255 characters.')
  .refine(
    isRepositoryName,
    'The artifact name is an image repository without tag: lowercase letters, digits and . _ - /, optionally after a registry host (localhost:5000/team/api).',
  );

const absolutePath = z
  .string({ error: 'The build context is a folder path.' })
  .min(1, 'The build context folder is required.')
  .max(4096, 'The build context path is at most 4096 characters.')
  .regex(/^(?:\/|[A-Za-z]:[\\/]|\\\\)/, 'The build context is an absolute folder path.')
  .refine((p) => !p.includes('\0'), 'The build context path has a NUL character.');

const dockerfilePath = z
  .string({ error: 'The Dockerfile is a path relative to the build context.' })
  .min(1, 'The Dockerfile path is required (usually Dockerfile).')
  .max(4096, 'The Dockerfile path is at most 4096 characters.')
  .refine((p) => !p.includes('\0'), 'The Dockerfile path has a NUL character.');

const target = z
  .string({ error: 'The build target is a stage name.' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'The build target is a stage name such as prod.')
  .nullable();

const buildArgs = z
  .record(
    z
      .string()
      .regex(
        BUILD_ARG_NAME_RE,
        'A build arg name is letters, digits and _, not starting with a digit.',
      ),
    z
      .string({ error: 'A build arg value is a string.' })
      .max(65536, 'A build arg value is at most 64 KiB.'),
    { error: 'Build args are an object of NAME: value.' },
  )
  .refine((r) => Object.keys(r).length <= 256, 'At most 256 build args.');

const platform = z
  .string({ error: 'The platform is os/arch such as linux/amd64.' })
  .regex(
    /^[a-z0-9_]+\/[a-z0-9_]+(?:\/[a-z0-9_.]+)?$/,
    'The platform is os/arch[/variant], such as linux/arm64/v8.',
  )
  .nullable();

const tagRef = z
  .string({ error: 'A tag is a reference such as app:latest.' })
  .max(512, 'A tag is at most 512 characters.')
  .refine(
    isTaggedReference,
    'A tag is repository:tag, such as app:latest or localhost:5000/app:1.',
  );

const ttlHours = z
  .number({ error: 'The TTL is a number of hours.' })
  .positive('The TTL is more than 0 hours.')
  .max(876_000, 'The TTL is at most 100 years.')
  .nullable();

export const artifactSpecSchema: z.ZodType<ArtifactSpec> = z.strictObject(
  {
    name: artifactName,
    context: absolutePath,
    dockerfile: dockerfilePath,
    target,
    buildArgs,
    platform,
    tags: z
      .array(tagRef, { error: 'Tags are a list of repository:tag.' })
      .max(64, 'At most 64 tags.'),
    ttlHours,
  },
  {
    error:
      'An artifact is { name, context, dockerfile, target, buildArgs, platform, tags, ttlHours }.',
  },
);

const cacheKey = z
  .string({ error: 'A cache key is a string of hex digits.' })
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.:-]{3,127}$/,
    'A cache key is 4 to 128 hex digits (a prefix is enough).',
  );

const maxSizeBytes = z
  .number({ error: 'The maximum size is a number of bytes.' })
  .int('The maximum size is a whole number of bytes.')
  .nonnegative('The maximum size is 0 or more bytes.')
  .max(Number.MAX_SAFE_INTEGER, 'The maximum size is too large.')
  .nullable();

const evictOptions: z.ZodType<EvictOptions> = z.strictObject(
  {
    keys: z
      .array(cacheKey)
      .min(1, 'Name at least one cache key to evict.')
      .max(10_000, 'At most 10,000 keys at once.'),
    removeImages: z.boolean({ error: 'removeImages is true or false.' }),
  },
  { error: 'Eviction options are { keys, removeImages }.' },
);

const policyOptions: z.ZodType<PolicyOptions> = z.strictObject(
  {
    preview: z.boolean({ error: 'preview is true or false.' }),
    maxSizeBytes,
    ttlHours,
    removeImages: z.boolean({ error: 'removeImages is true or false.' }),
    onlyKeys: z.array(cacheKey).max(100_000, 'At most 100,000 keys.').nullable(),
  },
  { error: 'Policy options are { preview, maxSizeBytes, ttlHours, removeImages, onlyKeys }.' },
);

const skaffoldOptions = z.strictObject(
  {
    file: z
      .string({ error: 'The skaffold cache file is a path.' })
      .min(1, 'The skaffold cache file path is empty.')
      .max(4096, 'The skaffold cache file path is at most 4096 characters.')
      .nullable(),
  },
  { error: 'Import options are { file } (null for ~/.skaffold/cache).' },
);

const settingsSchema: z.ZodType<CacheSettings> = z.strictObject(
  { ttlHours, maxSizeBytes },
  { error: 'Cache settings are { ttlHours, maxSizeBytes }.' },
);

const pinOptions = z.strictObject(
  { key: cacheKey, pinned: z.boolean({ error: 'pinned is true or false.' }) },
  { error: 'Pin options are { key, pinned }.' },
);

export interface ArtifactsChannels {
  /** Every cache entry with its image's state, the totals and the settings. */
  'artifacts:list': { args: []; result: CacheListing };
  /** One entry with its build config and per-input digests. */
  'artifacts:entry': { args: [key: string]; result: CacheEntryDetail };
  /**
   * Hashes the workspace and looks the key up: the local daemon, then the global and the project
   * registry levels (settings, or `options`); quick, each level recorded in the history.
   */
  'artifacts:lookup': {
    args: [artifact: ArtifactSpec, options?: CacheLevelOptions];
    result: LookupResult;
  };
  /**
   * Looks up, then pulls a remote HIT or builds on a miss (and pushes `project:KEY`): a `build`
   * task whose result is a `BuildOutcome`.
   */
  'artifacts:build': {
    args: [artifact: ArtifactSpec, options?: CacheLevelOptions, run?: BuildRunOptions];
    result: TaskInfo;
  };
  /** Puts the `name:key` tag back on an entry's image. */
  'artifacts:retag': { args: [key: string]; result: CacheEntry };
  /** A pinned entry is never evicted by the policy. */
  'artifacts:pin': { args: [options: { key: string; pinned: boolean }]; result: CacheEntry };
  /** Drops entries (and, if asked, their images when nothing else uses them). */
  'artifacts:evict': { args: [options: EvictOptions]; result: EvictReport };
  /** Drops entries whose image is gone, expired ones, then least-recently-hit ones over the size. */
  'artifacts:enforcePolicy': { args: [options: PolicyOptions]; result: PolicyReport };
  /** Reads skaffold's cache file (`~/.skaffold/cache` when `file` is null) into the cache. */
  'artifacts:importSkaffold': {
    args: [options: { file: string | null }];
    result: SkaffoldImportReport;
  };
  'artifacts:settings': { args: []; result: CacheSettings };
  'artifacts:setSettings': { args: [settings: CacheSettings]; result: CacheSettings };
}

export const artifactsSchemas = {
  'artifacts:list': z.tuple([]),
  'artifacts:entry': z.tuple([cacheKey]),
  'artifacts:lookup': z.tuple([artifactSpecSchema, cacheLevelOptions.optional()]),
  'artifacts:build': z.tuple([
    artifactSpecSchema,
    cacheLevelOptions.optional(),
    buildRunOptionsSchema.optional(),
  ]),
  'artifacts:retag': z.tuple([cacheKey]),
  'artifacts:pin': z.tuple([pinOptions]),
  'artifacts:evict': z.tuple([evictOptions]),
  'artifacts:enforcePolicy': z.tuple([policyOptions]),
  'artifacts:importSkaffold': z.tuple([skaffoldOptions]),
  'artifacts:settings': z.tuple([]),
  'artifacts:setSettings': z.tuple([settingsSchema]),
} satisfies SchemasFor<ArtifactsChannels>;

export interface ArtifactsEvents {
  /** The cache changed in this process (build, evict, pin…): re-read `artifacts:list`. */
  'artifacts:changed': ArtifactsChanged;
}
