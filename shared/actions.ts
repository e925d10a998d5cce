/**
 * What the image actions (prune, remove, tag, untag, push) take and give back: plain DTOs shared
 * by the core, the CLI and the renderer, plus the pure parsing of prune filters so that every side
 * validates `until` and `label` the same way. No Node, no DOM.
 */
import type { ErrorCode, IpcError } from './errors.js';

// ---------------------------------------------------------------------------------------------
// Prune

/** `dangling`: untagged images no other image builds on (docker's default); `unused`: any image no container uses. */
export type PruneMode = 'dangling' | 'unused';

/** How the UI names the modes (engines differ in what "prune" means, so say it plainly). */
export const PRUNE_MODE_LABELS: Record<PruneMode, string> = {
  dangling: 'Dangling only',
  unused: 'All unused',
};

export interface PruneOptions {
  mode: PruneMode;
  /**
   * Only images created before this: a duration ago (`24h`, `7d`, `1h30m`, `2w`), a date
   * (`2026-01-31`, local time), an RFC 3339 time, or Unix seconds.
   */
  until?: string;
  /** `key` or `key=value`: an image must carry every one (docker's `label=`). */
  labels?: string[];
  /** `key` or `key=value`: an image carrying all of them is left out (docker's `label!=`). */
  notLabels?: string[];
}

/** An image a prune will delete. */
export interface PrunePreviewImage {
  id: string;
  /** Familiar `repo:tag` names; empty for dangling images. */
  tags: string[];
  /** `repo@sha256:…` names. */
  digests: string[];
  /** Bytes as docker reports them: all layers, the parent's included. */
  size: number;
  /** Bytes this image adds on top of its parent (its whole size when it has none). */
  ownBytes: number;
  /** Unix seconds. */
  created: number;
  /**
   * `match`: chosen by the mode and filters. `parent`: an untagged parent (classic-builder
   * intermediate) that no container uses and whose children all go: docker prunes it along.
   */
  role: 'match' | 'parent';
}

export interface PruneSkip {
  id: string;
  tags: string[];
  /** In words: `used by container web-1 (running)`, `image app:1 builds on it and stays: …`. */
  reason: string;
  /** Names of the containers using it, when that is the reason. */
  containers: string[];
}

export interface PrunePreview {
  /** Hand it to `images:prune`; the core keeps a preview for `expiresAt - createdAt` ms. */
  id: string;
  options: PruneOptions;
  /** `until` resolved to Unix seconds (only images created before it), or null. */
  untilSeconds: number | null;
  /** Unix ms. */
  createdAt: number;
  expiresAt: number;
  /** Ordered children before parents, which is the order they are deleted in. */
  images: PrunePreviewImage[];
  /**
   * Sum of `ownBytes`: every byte counted once along parent chains. Images that share layers
   * without being parent and child (two pulls on one base) make this an upper bound.
   */
  reclaimBytes: number;
  /**
   * A lower bound from `/system/df`: bytes of the images above that no other image shares; null
   * until measured with `images:pruneMeasure` (slow on big hosts, so only on request).
   */
  reclaimBytesMin: number | null;
  /** Images the mode and filters chose but that stay, and why. */
  skipped: PruneSkip[];
  /** The index version the preview was computed from. */
  indexVersion: number;
}

/** What a prune did, image by image (the result of a `prune` task). */
export interface PruneReport {
  previewId: string;
  mode: PruneMode;
  /** Ids of the images deleted. */
  deleted: string[];
  /** Images that lost their tags but stay (the daemon refused the delete after the untag). */
  untagged: Array<{ id: string; tags: string[]; reason: string }>;
  /** Previewed images left alone at delete time: in use now, tagged since, gone already. */
  skipped: PruneSkip[];
  failed: Array<{ id: string; error: string; code: ErrorCode }>;
  /** Sum of `ownBytes` of the deleted images (an upper bound, like `reclaimBytes`). */
  reclaimedBytes: number;
}

// ---------------------------------------------------------------------------------------------
// Remove, tag, untag

export interface RemoveOptions {
  /** Remove even if a stopped container uses it, or it has several tags (docker `rmi -f`). */
  force?: boolean;
  /** Keep untagged parents (docker `rmi --no-prune`). */
  noprune?: boolean;
}

export type RemoveOutcome =
  | {
      /** The id or reference asked for. */
      input: string;
      ok: true;
      id: string;
      /** References removed: `repo:tag`, `repo@sha256:…`. */
      untagged: string[];
      /** Image ids deleted (the image itself and pruned parents; never layer ids). */
      deleted: string[];
    }
  | { input: string; ok: false; id: string | null; error: IpcError };

export interface TagResult {
  /** The image id tagged. */
  id: string;
  /** The new tag, familiar (`localhost:5000/app:v1`). */
  tag: string;
  /** Fully qualified (`docker.io/library/app:v1`). */
  full: string;
  /** The image that held this tag before, if it moved. */
  movedFrom: string | null;
}

export interface UntagPreview {
  /** The tag, familiar. */
  tag: string;
  id: string;
  /** Other tags of the image that stay. */
  remainingTags: string[];
  /** Digest references that go with it (docker drops a repo's digests with its last tag). */
  alsoUntags: string[];
  /** True when no reference is left afterwards. */
  lastTag: boolean;
  /** True when the image becomes dangling (last tag, and no image builds on it). */
  becomesDangling: boolean;
  /** Containers using the image (they keep working: the image stays). */
  containers: string[];
  /** One sentence for the UI: `This is the last tag: the image becomes dangling.` */
  message: string;
}

export interface UntagResult {
  tag: string;
  id: string;
  /** References removed (the tag and the digests that went with it). */
  untagged: string[];
  remainingTags: string[];
  becameDangling: boolean;
}

// ---------------------------------------------------------------------------------------------
// Push

/** What a `push` task gives back. Credentials never appear here. */
export interface PushResult {
  /** Familiar `repo:tag` pushed. */
  ref: string;
  /** The registry host (`docker.io`, `localhost:5000`). */
  registry: string;
  /** Familiar repository name. */
  repository: string;
  tag: string;
  /** Manifest digest now under that tag on the registry. */
  digest: string;
  /** Manifest size in bytes, when the daemon said. */
  size: number | null;
  /** True when the registry already had this digest under the tag: nothing was sent. */
  alreadyPushed: boolean;
  /** Layers in the push (0 when skipped). */
  layers: number;
}

// ---------------------------------------------------------------------------------------------
// Save and load

/** What a load gave: only what the engine said it loaded (nothing when the load failed). */
/** What a save to a file wrote: the archive of `images` (their ids in order), `bytes` long. */
export interface SaveResult {
  /** The archive's path. */
  file: string;
  /** The names asked for, as given. */
  images: string[];
  /** Their image ids, in the same order. */
  ids: string[];
  bytes: number;
}

export interface LoadResult {
  /** Tags loaded, as the engine names them (`app:1`, `localhost:5000/team/app:2`). */
  tags: string[];
  /** Ids of images loaded without a tag (`sha256:…`). */
  ids: string[];
  /** Bytes of the archive read. */
  bytes: number;
}

// ---------------------------------------------------------------------------------------------
// Filters, parsed the same way everywhere

const DURATION_UNITS_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const DURATION_RE = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d|w))+$/;
const DURATION_PART_RE = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w)/g;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?$/;

/**
 * Resolves a prune `until` to Unix ms: a duration before `nowMs` (`24h`, `7d`, `1h30m`), a date
 * (`2026-01-31`, local midnight), an RFC 3339 time, or Unix seconds. Null when it is none of these.
 */
export function parseUntil(text: string, nowMs: number): number | null {
  const value = text.trim();
  if (DURATION_RE.test(value)) {
    let ms = 0;
    for (const [, amount = '0', unit = 's'] of value.matchAll(DURATION_PART_RE)) {
      ms += Number(amount) * (DURATION_UNITS_MS[unit] ?? 0);
    }
    return nowMs - ms;
  }
  if (/^\d+(?:\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = DATE_RE.exec(value);
  if (date) {
    const [, y, m, d] = date.map(Number);
    const local = new Date(y ?? 0, (m ?? 1) - 1, d ?? 1);
    return local.getMonth() === (m ?? 1) - 1 ? local.getTime() : null;
  }
  if (DATETIME_RE.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

export const UNTIL_HELP =
  'Use a duration like 24h, 7d or 1h30m, a date like 2026-01-31, or an RFC 3339 time.';

export interface LabelFilter {
  key: string;
  /** Undefined: the key alone must be present (any value). */
  value?: string;
}

/** `key` or `key=value` (a value may itself hold `=`); null for an empty key. */
export function parseLabelFilter(text: string): LabelFilter | null {
  const eq = text.indexOf('=');
  const key = (eq === -1 ? text : text.slice(0, eq)).trim();
  if (key === '' || /\s/.test(key)) return null;
  return eq === -1 ? { key } : { key, value: text.slice(eq + 1) };
}

/** docker's `MatchKVList`: true when the labels satisfy every filter. */
export function matchesAllLabels(
  labels: Readonly<Record<string, string>>,
  filters: readonly LabelFilter[],
): boolean {
  return filters.every(
    (f) => Object.hasOwn(labels, f.key) && (f.value === undefined || labels[f.key] === f.value),
  );
}
