/**
 * What every path of a build through the cache shares once the lookup is done: the outcome it
 * returns, remembering the artifact's config, and storing the cache entry of the image it ends
 * with (built, or pulled from a registry level).
 */
import type { ArtifactSpec, BuildOutcome } from '../../../shared/artifacts.js';
import type { TaskContext } from '../tasks/task-manager.js';
import { engineHost, type CacheContext, type ImageFacts } from './cache-context.js';
import type { LookupOutcome } from './lookup.js';

export type OutcomeExtras = Partial<
  Pick<BuildOutcome, 'pulled' | 'remoteTags' | 'pushed' | 'pushError'>
>;

export class BuildScope {
  constructor(
    readonly ctx: CacheContext,
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
      ...extra,
    };
  }

  /** What the artifact was last built from (and its TTL override, when the spec names one). */
  remember(): void {
    const { spec, look, ctx } = this;
    ctx.store.get().artifacts.put({
      name: spec.name,
      context: look.hashed.root,
      dockerfile: look.hashed.dockerfile,
      target: spec.target,
      platform: spec.platform,
      buildArgNames: Object.keys(spec.buildArgs).sort(),
      updatedAt: ctx.now(),
      ...(spec.ttlHours !== null ? { ttlHours: spec.ttlHours } : {}),
    });
  }

  /** Stores the entry `key → image` with its per-input digests (call inside a write). */
  putEntry(
    image: ImageFacts,
    entry: { digest: string | null; tags: readonly string[]; hit: boolean },
  ): void {
    const now = this.ctx.now();
    this.ctx.store.get().entries.put(
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
        engine: engineHost(this.ctx),
      },
      this.look.hashed.inputs(),
    );
  }
}
