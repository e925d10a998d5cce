/**
 * The registry levels of a lookup, as FTL checks them: the global cache, then the
 * project's, each by the tag `LOCATION:KEY`, each judged by the image config's `created` against
 * the TTL (HIT, HIT_TOO_OLD, MISS). As kpack pins its cache image, the digest an artifact last used
 * under a tag is remembered: when the tag now points elsewhere the lookup says so and uses the
 * pinned digest or the newest one, per the `onMoved` setting. A registry that cannot be reached is
 * a MISS at that level with the reason, never a failed lookup.
 */
import {
  hoursText,
  pastTtl,
  type CacheStatus,
  type LevelOutcome,
  type MovedTag,
  type RemoteHit,
} from '../../../shared/artifacts.js';
import { HangarError } from '../../../shared/errors.js';
import { shortId } from '../../../shared/reference-names.js';
import type {
  CacheLevelOptions,
  MovedPolicy,
  RemoteCacheSettings,
} from '../../../shared/registry-cache.js';
import type { ProbedImage, RegistryCacheService } from '../registry/cache-service.js';
import type { HangarStore } from '../store/store.js';

export type RemoteLevel = 'project' | 'global';

export interface LevelPlan {
  /** In lookup order: global first, then project (FTL's order). */
  levels: Array<{ level: RemoteLevel; location: string }>;
  /** Where a build pushes `KEY` afterwards, or null. */
  pushTo: string | null;
  onMoved: MovedPolicy;
  pull: boolean;
}

/** The levels a lookup asks: the settings, with the call's overrides on top. */
export function planLevels(
  settings: RemoteCacheSettings,
  options: CacheLevelOptions = {},
): LevelPlan {
  const project = options.project !== undefined ? options.project : settings.project;
  const global = options.global !== undefined ? options.global : settings.global;
  const levels: LevelPlan['levels'] = [];
  if (global !== null && global !== project) levels.push({ level: 'global', location: global });
  if (project !== null) levels.push({ level: 'project', location: project });
  const push = options.pushAfterBuild ?? settings.pushAfterBuild;
  return {
    levels,
    pushTo: push ? project : null,
    onMoved: options.onMoved ?? settings.onMoved,
    pull: options.pull ?? true,
  };
}

export interface RemoteVerdict {
  outcome: LevelOutcome;
  hit: RemoteHit | null;
  moved: MovedTag | null;
}

export interface RemoteJudgeInput {
  registry: RegistryCacheService;
  store: HangarStore;
  artifact: string;
  key: string;
  level: RemoteLevel;
  location: string;
  ttlHours: number | null;
  onMoved: MovedPolicy;
  now: number;
  signal?: AbortSignal;
}

export const MOVED_MESSAGE = 'cache tag moved since your last build: written by someone else';

/** Judges one registry level for a key. */
export async function judgeRemoteLevel(input: RemoteJudgeInput): Promise<RemoteVerdict> {
  const t0 = performance.now();
  const tag = `${input.location}:${input.key}`;
  const done = (
    status: CacheStatus,
    reason: string | null,
    image: ProbedImage | null,
    moved: MovedTag | null,
  ): RemoteVerdict => ({
    outcome: {
      level: input.level,
      status,
      reference: tag,
      digest: image?.digest ?? null,
      reason,
      durationMs: performance.now() - t0,
    },
    hit:
      status === 'HIT' && image
        ? {
            level: input.level,
            reference: `${input.location}@${image.digest}`,
            tag,
            digest: image.digest,
            imageId: image.imageId,
            created: image.created,
            size: image.size,
          }
        : null,
    moved,
  });

  let current: ProbedImage | null;
  try {
    current = await input.registry.probe(input.location, input.key, input.signal);
  } catch (err) {
    if (input.signal?.aborted) throw new HangarError('CANCELLED', 'Cancelled.');
    const message = err instanceof Error ? err.message : String(err);
    return done('MISS', `registry not usable: ${message}`, null, null);
  }
  const pin = input.store.pins.get(input.artifact, input.location, input.key);
  let image = current;
  let moved: MovedTag | null = null;
  let note: string | null = null;
  if (pin && pin.digest !== current?.digest) {
    const pinned =
      input.onMoved === 'pinned'
        ? await input.registry.probe(input.location, pin.digest, input.signal).catch(() => null)
        : null;
    if (current) {
      const used = pinned ? 'pinned' : 'newest';
      moved = {
        level: input.level,
        reference: tag,
        pinnedDigest: pin.digest,
        currentDigest: current.digest,
        used,
        message:
          used === 'pinned'
            ? `${MOVED_MESSAGE}; using the digest pinned at your last build (${shortId(pin.digest)})`
            : input.onMoved === 'pinned'
              ? `${MOVED_MESSAGE}; the pinned digest ${shortId(pin.digest)} is gone from the registry, using the newest (${shortId(current.digest)})`
              : `${MOVED_MESSAGE}; using the newest (${shortId(current.digest)})`,
      };
      note = moved.message;
    } else if (pinned) {
      note = `tag deleted from the registry; using the digest pinned at your last build (${shortId(pin.digest)})`;
    }
    if (pinned) image = pinned;
  }
  if (!image) return done('MISS', `no tag ${tag}`, null, null);
  if (input.ttlHours !== null) {
    if (image.created === null) {
      return done(
        'HIT_TOO_OLD',
        'the image has no creation time, so its age against the TTL is unknown',
        image,
        moved,
      );
    }
    const age = input.now - image.created;
    if (pastTtl(age, input.ttlHours)) {
      return done(
        'HIT_TOO_OLD',
        `image is ${hoursText(age)} old (TTL ${input.ttlHours} h)`,
        image,
        moved,
      );
    }
  }
  return done('HIT', note, image, moved);
}
