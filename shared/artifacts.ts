/**
 * The artifact cache: a key over an artifact's build inputs maps to the image built
 * from them, so an unchanged artifact is never rebuilt, and every miss says which inputs changed.
 * Plain DTOs: no Node, no DOM.
 */
import type { BuilderKind, BuildStepRecord } from './builds.js';

/** The outcome of one lookup, as FTL and skaffold name them. */
export type CacheStatus = 'HIT' | 'HIT_TOO_OLD' | 'MISS';
export const CACHE_STATUSES = ['HIT', 'HIT_TOO_OLD', 'MISS'] as const;

/** Where a lookup looked: the local daemon, the project registry, the shared (global) registry. */
export type CacheLevel = 'local' | 'project' | 'global';
export const CACHE_LEVELS = ['local', 'project', 'global'] as const;

/** Who asked: the app (Electron or `hangar web`), the CLI, or an imported file (history). */
export type LookupOrigin = 'gui' | 'cli' | 'import';
export const LOOKUP_ORIGINS = ['gui', 'cli', 'import'] as const;

/** Who made a cache entry: Hangar's own build, or skaffold's cache file (its keys are skaffold's). */
export type EntrySource = 'hangar' | 'skaffold';

/** An artifact: what to build, from where, and how to tag it. */
export interface ArtifactSpec {
  /** Image repository, without tag: `app`, `team/api`, `localhost:5000/team/api`. */
  name: string;
  /** Absolute path of the build context. */
  context: string;
  /** The Dockerfile, relative to the context (`Dockerfile`, `docker/prod.Dockerfile`). */
  dockerfile: string;
  /** Build stage (`--target`), or null for the last one. */
  target: string | null;
  /** `--build-arg K=V`. Values are hashed, never stored. */
  buildArgs: Record<string, string>;
  /** `os/arch[/variant]`, or null for the engine's own. */
  platform: string | null;
  /** Extra tags (`repo:tag`) put on the image whether it was a HIT or a build. */
  tags: string[];
  /** TTL in hours for this artifact (remembered as its override), or null: its override, else the setting. */
  ttlHours: number | null;
}

/** Fills the optional parts of an artifact: `Dockerfile`, no target, no build args… */
export function artifactSpec(
  spec: Pick<ArtifactSpec, 'name' | 'context'> & Partial<ArtifactSpec>,
): ArtifactSpec {
  return {
    dockerfile: 'Dockerfile',
    target: null,
    buildArgs: {},
    platform: null,
    tags: [],
    ttlHours: null,
    ...spec,
  };
}

const HOUR_MS = 3_600_000;

/** An image this old (ms) is past a TTL of `ttlHours`; exactly the TTL is not. No TTL: never. */
export function pastTtl(ageMs: number, ttlHours: number | null): boolean {
  return ttlHours !== null && ageMs > ttlHours * HOUR_MS;
}

/** An age in hours for a reason: `3 h`, `2.5 h`, `26 h`. */
export function hoursText(ms: number): string {
  const h = ms / HOUR_MS;
  return h >= 10 ? `${Math.round(h)} h` : `${Math.round(h * 10) / 10} h`;
}

/** The kind of a build input, for saying what changed between two keys of one artifact. */
export type InputKind = 'file' | 'buildArg' | 'dockerfile' | 'config';

/** One input of a key: a context file, a build arg, the Dockerfile, or a config field. */
export interface InputDigest {
  kind: InputKind;
  /** File path relative to the context (`/`-separated), build arg name, or config field. */
  name: string;
  /**
   * Identifies the input's state: sha256 hex for config fields, build args (a value never
   * appears, only its hash) and the Dockerfile; `<type><mode>:<sha256>` for context entries.
   */
  digest: string;
}

export interface ChangedInput {
  kind: InputKind;
  name: string;
  change: 'added' | 'removed' | 'modified';
}

/** What hashing the workspace cost: the warm path reads (almost) nothing. */
export interface HashStats {
  /** Inputs in the key (files, links and directories the context keeps). */
  files: number;
  /** Files whose content was read (not memoized, or changed since). */
  filesRead: number;
  bytesRead: number;
  ms: number;
}

/** What one cache level answered during a lookup (each is a history row). */
export interface LevelOutcome {
  level: CacheLevel;
  status: CacheStatus;
  /** `REGISTRY/REPO/NAMESPACE:KEY` for a registry level; null for the local daemon. */
  reference: string | null;
  /** The registry digest the level answered with (the one used, after pinning). */
  digest: string | null;
  /** Why it was not a HIT, or a note on a HIT (`pinned digest used`). */
  reason: string | null;
  durationMs: number;
}

/** A registry tag that no longer points at the digest this artifact last used there. */
export interface MovedTag {
  level: 'project' | 'global';
  reference: string;
  pinnedDigest: string;
  currentDigest: string;
  /** What the lookup used, per the `onMoved` setting (`newest` when the pinned one is gone). */
  used: 'pinned' | 'newest';
  /** For the user: `cache tag moved since your last build: written by someone else`. */
  message: string;
}

/** The image a registry level holds for the key, on a remote HIT. */
export interface RemoteHit {
  level: 'project' | 'global';
  /** `REGISTRY/REPO/NAMESPACE@sha256:…`: exactly what will be pulled. */
  reference: string;
  /** `REGISTRY/REPO/NAMESPACE:KEY`. */
  tag: string;
  digest: string;
  /** The config digest: the image id the engine will give it. */
  imageId: string;
  /** Unix ms from the config's `created`, or null. */
  created: number | null;
  size: number;
}

/** The answer of `artifacts:lookup`: quick, recorded in the history. */
export interface LookupResult {
  artifact: string;
  key: string;
  status: CacheStatus;
  level: CacheLevel;
  /** The cached image on HIT and HIT_TOO_OLD; null on MISS. */
  imageId: string | null;
  /** Tags the image carries after the lookup (`name:key` put back when it was missing). */
  tags: string[];
  durationMs: number;
  /** Why it was not a HIT: `no entry`, `image deleted`, `inputs changed: 3 files, build arg VERSION`. */
  reason: string | null;
  /** Against the last entry of the same artifact; empty when there is none to compare with. */
  changedInputs: ChangedInput[];
  /** True when the `name:key` tag was missing and was put back. */
  retagged: boolean;
  hashing: HashStats;
  /** Every level asked, in order: local, then global, then project; stops at the first HIT. */
  levels: LevelOutcome[];
  /** The registry image on a remote HIT (the build pulls it or tags it remotely). */
  remote: RemoteHit | null;
  /** Set when a registry tag moved since this artifact last used it. */
  moved: MovedTag | null;
}

/** The result of a `build` task (`artifacts:build`). */
export interface BuildOutcome {
  artifact: string;
  key: string;
  /** The lookup's status: HIT means no build happened. */
  status: CacheStatus;
  level: CacheLevel;
  /** The image now cached under `key`. */
  imageId: string;
  tags: string[];
  /** Lookup plus build, ms. */
  durationMs: number;
  reason: string | null;
  changedInputs: ChangedInput[];
  built: boolean;
  /**
   * The rebuild bypassed the daemon's layer cache: after HIT_TOO_OLD, as the classic builder would
   * otherwise hand back the same old image and the entry would stay too old.
   */
  nocache: boolean;
  lookupMs: number;
  buildMs: number | null;
  levels: LevelOutcome[];
  moved: MovedTag | null;
  /** A remote HIT was pulled into the engine (no build). */
  pulled: boolean;
  /** Tags written in the registry without pulling (`pull: false`). */
  remoteTags: string[];
  /** The push of `project:KEY` after a build, or null when none was due. */
  pushed: { reference: string; digest: string; alreadyPushed: boolean } | null;
  /** Why that push failed (the build itself succeeded and is cached locally). */
  pushError: string | null;
  /** Which builder ran, or null when nothing was built. */
  builder: BuilderKind | null;
  /** BuildKit's id of the build, or null. */
  buildId: string | null;
  /** The build's record in the store, or null when nothing was built. */
  buildRecordId: number | null;
  /** Every step the builder reported (empty when nothing was built). */
  steps: BuildStepRecord[];
  /** Dockerfile steps from the cache, and all of them; null when nothing was built. */
  cachedSteps: number | null;
  totalSteps: number | null;
  /** `cache broke at [3/7] COPY src/ /app/src — src/api/user.ts changed`, or null. */
  cacheBrokeAt: string | null;
}

/** How an entry's image stands on the engine now. `unknown` while the engine is unreachable. */
export type EntryState = 'present' | 'missing' | 'stale' | 'unknown';

export interface CacheEntry {
  key: string;
  source: EntrySource;
  /** Repository the artifact is tagged into; `(skaffold)` when an import could not tell. */
  artifact: string;
  imageId: string | null;
  /** Registry digest (`sha256:…`) when known (skaffold imports, pushed images). */
  digest: string | null;
  tags: string[];
  /** Bytes, as the engine reports the image. */
  size: number;
  /** Unix ms the image was created (what the TTL judges), or null when unknown. */
  created: number | null;
  /** Unix ms the entry was stored. */
  storedAt: number;
  lastHitAt: number | null;
  hitCount: number;
  pinned: boolean;
  /** Engine host the image was built on. */
  engine: string | null;
  state: EntryState;
  /** Names of containers using the image (an image in use is never removed by a policy). */
  inUseBy: string[];
  /** The TTL that applies to this entry (artifact override, else the setting), hours. */
  ttlHours: number | null;
}

export interface CacheSettings {
  /** Default TTL in hours, or null for none. */
  ttlHours: number | null;
  /** Cache size the policy evicts down to, or null for no limit. */
  maxSizeBytes: number | null;
}

export const DEFAULT_CACHE_SETTINGS: CacheSettings = {
  ttlHours: null,
  maxSizeBytes: 10_000_000_000,
};

export interface CacheListing {
  entries: CacheEntry[];
  totals: {
    entries: number;
    /** Bytes of the distinct images present (two keys may map to one image). */
    size: number;
    pinned: number;
    missing: number;
  };
  settings: CacheSettings;
  /** The store file, so the UI and the CLI can say where the cache lives. */
  storeFile: string;
}

/** An entry with what it was built from (the per-input digests behind its key). */
export interface CacheEntryDetail {
  entry: CacheEntry;
  config: {
    context: string | null;
    dockerfile: string | null;
    target: string | null;
    platform: string | null;
    buildArgNames: string[];
  };
  inputs: InputDigest[];
}

export type EvictReason = 'requested' | 'image-missing' | 'expired' | 'lru';

export interface EvictAction {
  key: string;
  artifact: string;
  imageId: string | null;
  size: number;
  reason: EvictReason;
  /** What happens to the image: removed with the entry, kept (and why), or nothing (no image). */
  image: 'remove' | 'keep' | 'none';
  /** Why an image is kept: `used by web-1`, `also tagged app:latest`, `shared with entry 3f2a…`. */
  note: string | null;
  /** After applying: what happened. Null in a preview. */
  outcome: 'evicted' | 'evicted+image-removed' | 'failed' | null;
  error: string | null;
}

export interface PolicyOptions {
  /** Only compute the plan. */
  preview: boolean;
  /** Size limit in bytes; null: the setting. */
  maxSizeBytes: number | null;
  /** TTL in hours; null: the setting (per-artifact overrides apply either way). */
  ttlHours: number | null;
  /** Also remove each evicted entry's image (never one a container uses). */
  removeImages: boolean;
  /** Apply only to these keys (the previewed plan), or null for whatever the plan is now. */
  onlyKeys: string[] | null;
}

export interface PolicyReport {
  preview: boolean;
  maxSizeBytes: number | null;
  ttlHours: number | null;
  actions: EvictAction[];
  /** Entries the policy would touch but leaves alone: pinned. */
  skipped: Array<{ key: string; artifact: string; reason: string }>;
  sizeBefore: number;
  sizeAfter: number;
  /** Bytes of images removed (or to be removed, in a preview). */
  reclaimedBytes: number;
}

export interface EvictOptions {
  keys: string[];
  removeImages: boolean;
}

export interface EvictReport {
  actions: EvictAction[];
  /** Keys with no entry. */
  notFound: string[];
}

export type SkaffoldEntryStatus = 'present' | 'digest-known' | 'missing';

export interface SkaffoldImportReport {
  /** The file read. */
  file: string;
  /** New entries. */
  imported: number;
  /** Entries already imported before, refreshed. */
  updated: number;
  /** Hashes also present as Hangar keys: left alone. */
  conflicts: number;
  entries: Array<{
    key: string;
    artifact: string;
    imageId: string | null;
    digest: string | null;
    status: SkaffoldEntryStatus;
  }>;
}

/** Emitted when the cache changed in this process: the UI re-reads `artifacts:list`. */
export interface ArtifactsChanged {
  reason: 'build' | 'lookup' | 'evict' | 'pin' | 'retag' | 'policy' | 'import' | 'settings';
  keys: string[];
}

/**
 * One recorded lookup (the history queries, charts and exports these). Times are UTC unix ms.
 */
export interface LookupRecord {
  id: number;
  at: number;
  artifact: string;
  key: string;
  level: CacheLevel;
  status: CacheStatus;
  durationMs: number;
  imageId: string | null;
  /** Engine host the lookup asked; at a registry level, the tag asked (`REGISTRY/REPO/NS:KEY`). */
  engine: string | null;
  origin: LookupOrigin;
  reason: string | null;
  changedInputs: ChangedInput[];
}
