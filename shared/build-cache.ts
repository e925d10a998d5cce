/**
 * BuildKit's build cache as Hangar shows it: the daemon's records (`GET /system/df`'s
 * `BuildCache`), what each frees, totals, and a prune whose preview names exactly the records that
 * go. Podman keeps no BuildKit cache: its listing says so instead of showing none.
 */

/** BuildKit's record types as Docker names them; another engine version may send others. */
export const BUILD_CACHE_TYPES = [
  'regular',
  'source.local',
  'exec.cachemount',
  'frontend',
  'internal',
  'source.git.checkout',
] as const;

/** Who made a record, when Hangar can tell from its own build records; null means unknown. */
export interface BuildCacheAttribution {
  artifact: string;
  /** The build step as the builder named it: `RUN npm ci`, `cache mount /root/.npm`. */
  step: string;
  /** The Hangar build record it was matched against. */
  buildRecordId: number;
}

export interface BuildCacheRecord {
  id: string;
  /** `Parent` (API < 1.42) or `Parents` (API ≥ 1.42); empty when none. */
  parents: string[];
  type: string;
  description: string;
  inUse: boolean;
  /** Its layers are also an image's: deleting it frees nothing. */
  shared: boolean;
  size: number;
  /** Neither in use nor shared: deleting it frees `size`. */
  reclaimable: boolean;
  /** Unix ms, or null when the engine did not say. */
  createdAt: number | null;
  lastUsedAt: number | null;
  usageCount: number;
  attribution: BuildCacheAttribution | null;
}

export interface BuildCacheTotals {
  count: number;
  bytes: number;
  reclaimableBytes: number;
  inUseBytes: number;
  sharedBytes: number;
}

export type BuildCacheListing =
  | {
      supported: true;
      records: BuildCacheRecord[];
      totals: BuildCacheTotals;
      /** Totals per record type. */
      byType: Record<string, BuildCacheTotals>;
      /** Unix ms when the daemon was asked. */
      computedAt: number;
      /** The request that answered: `/system/df?type=build-cache` (API ≥ 1.42) or `/system/df`. */
      source: string;
    }
  | {
      supported: false;
      /** Why there is nothing to list, in words. */
      reason: string;
      computedAt: number;
    };

export interface BuildCacheListOptions {
  /** Ask the daemon now instead of answering from memory (shares a request already running). */
  refresh?: boolean;
}

/**
 * What a prune deletes. Only reclaimable records (neither in use nor shared) are ever candidates;
 * the filters narrow them, and `keepStorage` takes the least recently used first until the cache's
 * total is at most that many bytes.
 */
export interface BuildCachePruneOptions {
  /**
   * Keep records used since this time (`48h`, `7d`, a date; as `parseUntil` reads it): by
   * `LastUsedAt`, else `CreatedAt`.
   */
  unusedFor?: string | null;
  /** Only records of these types. */
  types?: string[] | null;
  /**
   * Also `internal` and `frontend` records (docker's `--all`). Without it, as docker's default,
   * those two types stay unless `types` names them.
   */
  all?: boolean;
  /** Only records attributed to this artifact. */
  artifact?: string | null;
  /** Least recently used first, until the whole cache is at most this many bytes. */
  keepStorage?: number | null;
}

export interface BuildCachePreviewRecord {
  id: string;
  type: string;
  description: string;
  size: number;
  lastUsedAt: number | null;
  /** Why it goes, in words. */
  reason: string;
}

export interface BuildCacheSkipped {
  id: string;
  type: string;
  size: number;
  /** Why it stays, in words. */
  reason: string;
}

export interface BuildCachePrunePreview {
  /** Hand this to `buildCache:prune` to delete exactly `records`. */
  id: string;
  options: BuildCachePruneOptions;
  records: BuildCachePreviewRecord[];
  reclaimBytes: number;
  /** Records the filters chose that stay anyway (in use, shared, a child that stays). */
  skipped: BuildCacheSkipped[];
  computedAt: number;
}

export interface BuildCachePruneReport {
  deleted: string[];
  skipped: { id: string; reason: string }[];
  failed: { id: string; error: string }[];
  /** What the daemon says it freed. */
  reclaimedBytes: number;
  /** What the preview said it would free. */
  previewBytes: number;
}

/** The keep-under policy: off unless set. */
export interface BuildCachePolicy {
  /** Keep the whole cache at most this many bytes, least recently used first; null: off. */
  keepUnderBytes: number | null;
}

/** The policy with where it runs and the daemon's own alternative, in words. */
export interface BuildCachePolicyState extends BuildCachePolicy {
  /** When Hangar checks it: after its builds and hourly while the app or `hangar web` runs. */
  checkedWhen: string;
  /** The daemon's own garbage collection (`builder.gc` in daemon.json), and when it is better. */
  daemonGc: string;
}

/** One prune of the build cache as the store logs it: by hand or by the keep-under policy. */
export interface BuildCachePruneLogEntry {
  id: number;
  at: number;
  /** The engine's address. */
  engine: string;
  origin: 'prune' | 'policy';
  /** The policy's limit (bytes) when `origin` is `policy`. */
  limitBytes: number | null;
  /** The cache's total before the prune. */
  beforeBytes: number;
  deleted: {
    id: string;
    type: string;
    description: string;
    size: number;
    lastUsedAt: number | null;
  }[];
  skipped: { id: string; reason: string }[];
  failed: { id: string; error: string }[];
  reclaimedBytes: number;
}

/** What one policy check did. */
export interface BuildCachePolicyCheck {
  at: number;
  /**
   * `off`: no limit set; `unsupported`: no BuildKit cache; `within`: nothing to do; `pruned`: it
   * deleted records (see `entry`); `over`: over the limit with nothing it may delete.
   */
  outcome: 'off' | 'unsupported' | 'within' | 'pruned' | 'over';
  totalBytes: number | null;
  limitBytes: number | null;
  /** The log entry of the prune it ran. */
  entry: BuildCachePruneLogEntry | null;
}

/** The cache's totals at one refresh. */
export interface BuildCacheTotalsPoint {
  at: number;
  count: number;
  bytes: number;
  reclaimableBytes: number;
}

/** The cache over time on one engine: totals, the prunes logged and Hangar's builds. */
export interface BuildCacheGrowth {
  engine: string;
  points: BuildCacheTotalsPoint[];
  /** Newest first. */
  prunes: BuildCachePruneLogEntry[];
  builds: { id: number; at: number; artifact: string }[];
}

export interface BuildCacheGrowthQuery {
  /** Unix ms; default 30 days ago. */
  since?: number;
}
