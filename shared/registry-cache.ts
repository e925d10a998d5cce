/**
 * A registry cache level (issue 7): tags `KEY` under `REGISTRY/REPO/NAMESPACE`, as FTL keeps its
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
  /** Set when this tag could not be read (the rest of the page still lists). */
  error?: string;
}

export interface RegistryCachePage {
  registry: string;
  repository: string;
  /** Tags in the repository, all pages. */
  total: number;
  entries: RegistryCacheEntry[];
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
  /** Unix ms the ages are measured from. */
  listedAt: number;
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
