/**
 * Builds: which builder runs a build (`--builder`), and the record Hangar keeps of every build it
 * runs: its steps as the builder reported them, how many Dockerfile steps came from the cache, and
 * where the cache broke compared with the previous build of the same artifact.
 */

/** `auto`: BuildKit on a Docker engine with API ≥ 1.39, the engine's own builder elsewhere. */
export type BuilderChoice = 'auto' | 'buildkit' | 'classic';
export const BUILDER_CHOICES: readonly BuilderChoice[] = ['auto', 'buildkit', 'classic'];

/** Which builder ran: BuildKit, Docker's classic builder, or Buildah behind Podman. */
export type BuilderKind = 'buildkit' | 'classic' | 'podman';

/**
 * The saved builder: what a build runs with when it names none (`hangar build` without
 * `--builder`, Build through cache…, a rebuild after HIT_TOO_OLD), and what that is on the engine
 * now.
 */
export interface BuilderSetting {
  choice: BuilderChoice;
  /** The builder a build would run now, or null when the engine cannot run the choice. */
  runs: BuilderKind | null;
  /** Why nothing can run it (the engine is unreachable, Podman has no BuildKit), or null. */
  problem: string | null;
}

/** How a build runs, next to what it builds. */
export interface BuildRunOptions {
  builder?: BuilderChoice;
  /** The build's network mode (`none`, `host`, a network name); the engine's default when absent. */
  network?: string | null;
}

export interface BuildStepRecord {
  /** `[stage-0 2/4] COPY src/ /app/src`, `[internal] load metadata for …`. */
  name: string;
  /** A Dockerfile step; the builder's internal steps are shown but not counted. */
  dockerfile: boolean;
  cached: boolean;
  /** Unix ms, or null when the builder never started it. */
  startedAt: number | null;
  durationMs: number | null;
  error: string | null;
  /** The last lines of its output. */
  log: string[];
}

export type BuildRecordOutcome = 'built' | 'failed' | 'cancelled';

export interface BuildRecord {
  id: number;
  artifact: string;
  key: string;
  builder: BuilderKind;
  /** The engine's host, as Hangar reached it. */
  engine: string;
  /** Unix ms. */
  startedAt: number;
  durationMs: number;
  outcome: BuildRecordOutcome;
  /** The image built, or null when none was. */
  imageId: string | null;
  /** The builder's own id of this build (BuildKit's `buildid`), or null. */
  buildId: string | null;
  nocache: boolean;
  steps: BuildStepRecord[];
  cachedSteps: number;
  totalSteps: number;
  warnings: string[];
  /** Where and why the cache broke compared with the previous build of the artifact, or null. */
  cacheBrokeAt: string | null;
  /** The failure in words, or null. */
  error: string | null;
  /**
   * The lookup in the history that led to this build (the newest MISS or HIT_TOO_OLD of the same
   * artifact and key at or before its start), or null when the history no longer has it.
   */
  lookupId: number | null;
}

/** A build's summary line in listings (its steps' logs are left out). */
export type BuildSummary = Omit<BuildRecord, 'steps'>;

export interface BuildListOptions {
  artifact?: string | null;
  /** Unix ms: only builds started at or after it. */
  since?: number | null;
  limit?: number | null;
}

/** The Dockerfile steps' cache share, 0–100, or null when there were none. */
export function cachePercent(r: Pick<BuildRecord, 'cachedSteps' | 'totalSteps'>): number | null {
  return r.totalSteps === 0 ? null : Math.round((r.cachedSteps / r.totalSteps) * 100);
}
