/**
 * A registry cache level: tags `KEY` under `REGISTRY/REPO/NAMESPACE`, as FTL keeps its
 * cached layers. The types the `registryCache:*` channels carry.
 */

export interface RegistryCacheListRequest {
  /** `REGISTRY/REPO[/NAMESPACE]`: `localhost:5000/team/cache`. */
  location: string;
  /** The last key of the previous page; null for the first page. */
  cursor: string | null;
  /** Tags per page (1 to 500). */
  limit: number;
  /** Age in hours after which a cached image is too old; null to not judge. */
  ttlHours: number | null;
  /**
   * A search over every tag of the level, not only a page: words that must each appear (any case)
   * in the key or in the name of the artifact this machine knows for it. Absent or blank: all.
   */
  match?: string;
}

/** The words of a `match`: lower case, blanks dropped. */
export function matchWords(match: string | undefined): string[] {
  return (match ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

/** Whether every word appears in the key or the artifact name. */
export function keyMatches(
  words: readonly string[],
  key: string,
  artifact: string | null,
): boolean {
  const text = `${key} ${artifact ?? ''}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

export type CacheFreshness = 'fresh' | 'too-old' | 'unknown';

export interface RegistryCacheEntry {
  /** The tag: the cache key. */
  key: string;
  /** `REGISTRY/REPO/NAMESPACE:KEY`. */
  reference: string;
  /** `Docker-Content-Digest` of what the tag points at (an index's digest for multi-platform). */
  digest: string;
  /** The image config's `created`, ISO 8601; null when it has none. */
  created: string | null;
  /** Ms between `created` and when the list was made; null without `created`. */
  ageMs: number | null;
  /** Compressed layers plus config, bytes. */
  size: number;
  freshness: CacheFreshness;
  /** The artifact this key belongs to, when the local cache knows the key. */
  artifact: string | null;
  /**
   * `pinned`: an artifact here last used exactly this digest; `moved`: it used another digest
   * under this tag (someone else wrote it since); null: no artifact here used this tag.
   */
  pin: 'pinned' | 'moved' | null;
  /** The digest this machine last used under this tag, when `pin` is set. */
  pinnedDigest: string | null;
  /** Set when this tag could not be read (the rest of the page still lists). */
  error?: string;
}

export interface RegistryCachePage {
  registry: string;
  repository: string;
  /** Tags in the repository, all pages. */
  total: number;
  /** Tags the request's `match` lets through, all pages (`total` without one). */
  matching: number;
  entries: RegistryCacheEntry[];
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
  /** Unix ms the ages are measured from. */
  listedAt: number;
}

/** Which tags of a level point at one digest: what deleting that digest takes along. */
export interface RegistryCacheDigestTags {
  /** `REGISTRY/REPO/NAMESPACE@sha256:…`, as asked. */
  reference: string;
  digest: string;
  /** Every tag of the level that points at the digest now, sorted. */
  keys: string[];
  /** Tags in the level, each asked for its digest. */
  checked: number;
  /** Tags whose digest could not be read: they may point at it too. */
  unread: string[];
}

export interface RegistryCacheLayer {
  digest: string;
  mediaType: string;
  size: number;
}

export interface RegistryCacheInspect {
  reference: string;
  registry: string;
  repository: string;
  /** The tag's digest (an index's, for multi-platform images). */
  digest: string;
  mediaType: string;
  /** For an index: the digest and platform of the manifest chosen (host's, else linux/amd64). */
  platformManifest: { digest: string; platform: string } | null;
  configDigest: string;
  created: string | null;
  os: string | null;
  architecture: string | null;
  labels: Record<string, string>;
  layers: RegistryCacheLayer[];
  size: number;
}

export interface RegistryCacheDeleteResult {
  reference: string;
  digest: string;
  /** A sentence for the user: every tag sharing the digest is gone too. */
  message: string;
}

/** What a lookup does when a level's tag points at another digest than the one last used there. */
export type MovedPolicy = 'pinned' | 'newest';
export const MOVED_POLICIES = ['pinned', 'newest'] as const;

/**
 * The registry cache levels (FTL's project and global caches) and how lookups use them. Stored in
 * the Hangar store; the CLI's `--cache-registry` / `--global-cache` override them per build.
 */
export interface RemoteCacheSettings {
  /** The project level, `REGISTRY/REPO/NAMESPACE`, or null for none. */
  project: string | null;
  /** The shared (global) level, checked before the project's, or null for none. */
  global: string | null;
  /** After a MISS (or too old) build, push the image as `project:KEY`. */
  pushAfterBuild: boolean;
  /**
   * When a tag moved since this machine last used it: use the pinned digest (reproducible, as
   * kpack does) or the tag's newest digest (latest cache).
   */
  onMoved: MovedPolicy;
  /** Registry hosts (`host:port`) reached over plain HTTP; loopback always is. */
  insecureRegistries: string[];
}

export const DEFAULT_REMOTE_CACHE_SETTINGS: RemoteCacheSettings = {
  project: null,
  global: null,
  pushAfterBuild: true,
  onMoved: 'pinned',
  insecureRegistries: [],
};

/** Per-call overrides of the remote cache settings (the CLI's flags); absent: the setting. */
export interface CacheLevelOptions {
  project?: string | null;
  global?: string | null;
  pushAfterBuild?: boolean;
  onMoved?: MovedPolicy;
  /**
   * On a remote HIT: pull the image into the engine (default), or leave it in the registry and
   * only tag it there (the artifact's registry tags, and `project:KEY` after a global HIT).
   */
  pull?: boolean;
}

/** The digest an artifact last used under a cache tag (kpack's pinned cache image). */
export interface RegistryPin {
  artifact: string;
  level: 'project' | 'global';
  /** `REGISTRY/REPO/NAMESPACE`. */
  location: string;
  key: string;
  digest: string;
  /** Unix ms. */
  usedAt: number;
}

/** The result of a `pull` task (`registryCache:pull`, or a remote HIT in a build). */
export interface PullResult {
  /** What was pulled, `REGISTRY/REPO/NAMESPACE:KEY` or `…@sha256:…`. */
  reference: string;
  digest: string;
  imageId: string;
  /** Tags the image carries locally afterwards. */
  tags: string[];
  /** Layers downloaded (0 when the engine had them all). */
  layers: number;
  /** Layers the engine already had. */
  layersPresent: number;
  /** True when the engine already had this image under this reference: nothing was new. */
  upToDate: boolean;
  /** The platform asked for (`linux/arm64`), or null for the engine's own. */
  platform: string | null;
}
