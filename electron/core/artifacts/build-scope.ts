/**
 * What every path of a build through the cache shares once the lookup is done: the outcome it
 * returns, remembering the artifact's config, and storing the cache entry of the image it ends
 * with (built, or pulled from a registry level).
 */
import type { ArtifactSpec, BuildOutcome } from '../../../shared/artifacts.js';
import { HangarError } from '../../../shared/errors.js';
import { shortId } from '../../../shared/reference-names.js';
import type { HangarStore } from '../store/store.js';
import type { TaskContext } from '../tasks/task-manager.js';
import type { ImageFacts } from './image-facts.js';
import type { LookupOutcome } from './lookup.js';

/**
 * How long the record of a finished build waits for a store another process holds locked: well
 * past the busy timeout every other write waits, so that a build is not forgotten because a
 * second `hangar` wrote at the same moment.
 */
export const RECORD_WAIT_MS = 120_000;

export type OutcomeExtras = Partial<
  Pick<
    BuildOutcome,
    | 'pulled'
    | 'remoteTags'
    | 'pushed'
    | 'pushError'
    | 'builder'
    | 'buildId'
    | 'buildRecordId'
    | 'steps'
    | 'cachedSteps'
    | 'totalSteps'
    | 'cacheBrokeAt'
  >
>;

/** Where a build's results are written, when, and the engine they were made on. */
export interface ScopeDeps {
  store: HangarStore;
  now: () => number;
  /** The engine's host, stored with each entry. */
  host: string;
}

export class BuildScope {
  constructor(
    readonly deps: ScopeDeps,
    readonly spec: ArtifactSpec,
    readonly look: LookupOutcome,
    readonly task: TaskContext,
    /** `performance.now()` when the build began (before hashing). */
    private readonly t0: number,
  ) {}

  get key(): string {
    return this.look.result.key;
  }

  /** The task's result: lookup plus whatever followed. */
  outcome(
    imageId: string,
    tags: string[],
    built: boolean,
    buildMs: number | null,
    extra: OutcomeExtras = {},
  ): BuildOutcome {
    const r = this.look.result;
    return {
      artifact: this.spec.name,
      key: r.key,
      status: r.status,
      level: r.level,
      imageId,
      tags,
      durationMs: performance.now() - this.t0,
      reason: r.reason,
      changedInputs: r.changedInputs,
      built,
      nocache: r.status === 'HIT_TOO_OLD',
      lookupMs: r.durationMs,
      buildMs,
      levels: r.levels,
      moved: r.moved,
      pulled: false,
      remoteTags: [],
      pushed: null,
      pushError: null,
      builder: null,
      buildId: null,
      buildRecordId: null,
      steps: [],
      cachedSteps: null,
      totalSteps: null,
      cacheBrokeAt: null,
      ...extra,
    };
  }

  /**
   * Records what this build did (`work`, one write): when another process holds the store locked,
   * says so in the task's progress and waits up to `waitMs` for it, without blocking. If the lock
   * outlasts that, the error names the image, so the user knows it exists although the cache
   * does not know it.
   */
  async record(imageId: string, work: () => void, waitMs = RECORD_WAIT_MS): Promise<void> {
    const { store } = this.deps;
    const seconds = Math.round(waitMs / 1000);
    try {
      await store.db.writeWhenFree(work, {
        waitMs,
        signal: this.task.signal,
        onWait: () =>
          this.task.progress({
            message: `The Hangar store ${store.file} is locked by another process: waiting up to ${seconds} s to record ${this.spec.name}:${this.key.slice(0, 12)}…`,
          }),
      });
    } catch (err) {
      if (!(err instanceof HangarError) || err.code !== 'CONFLICT_IN_USE') throw err;
      throw new HangarError(
        'CONFLICT_IN_USE',
        `The image ${shortId(imageId)} (${this.spec.name}:${this.key}) is in the engine, but the Hangar store ${store.file} stayed locked by another process for ${seconds} s, so the cache does not know it: the next build of ${this.spec.name} builds again.`,
        err.detail,
      );
    }
  }

  /** What the artifact was last built from (and its TTL override, when the spec names one). */
  remember(): void {
    const { spec, look, deps } = this;
    deps.store.artifacts.put({
      name: spec.name,
      context: look.hashed.root,
      dockerfile: look.hashed.dockerfile,
      target: spec.target,
      platform: spec.platform,
      buildArgNames: Object.keys(spec.buildArgs).sort(),
      updatedAt: deps.now(),
      ...(spec.ttlHours !== null ? { ttlHours: spec.ttlHours } : {}),
    });
  }

  /** Stores the entry `key → image` with its per-input digests (call inside a write). */
  putEntry(
    image: ImageFacts,
    entry: { digest: string | null; tags: readonly string[]; hit: boolean },
  ): void {
    const now = this.deps.now();
    this.deps.store.entries.put(
      {
        key: this.key,
        source: 'hangar',
        artifact: this.spec.name,
        imageId: image.id,
        digest: entry.digest,
        tags: [...entry.tags].sort(),
        size: image.size,
        createdAt: image.created,
        storedAt: now,
        lastHitAt: entry.hit ? now : null,
        hitCount: entry.hit ? 1 : 0,
        pinned: false,
        engine: this.deps.host,
      },
      this.look.hashed.inputs(),
    );
  }
}
