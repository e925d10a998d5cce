/** A build's record from what its builder reported, and where its cache broke. */
import type { ChangedInput } from '../../../shared/artifacts.js';
import type { BuildRecordOutcome, BuildStepRecord } from '../../../shared/builds.js';
import type { NewBuildRecord } from '../store/builds-repo.js';
import type { BuildsRepo } from '../store/builds-repo.js';
import type { BuildAttempt } from '../artifacts/build-run.js';
import { cacheBrokeAt } from './cache-broke.js';
import { cacheCounts, type BuildStep } from './steps.js';

/** In the order they started (BuildKit announces steps in the order it plans them). */
export function stepRecords(steps: readonly BuildStep[]): BuildStepRecord[] {
  const order = (s: BuildStep) => s.started ?? Number.MAX_SAFE_INTEGER;
  return [...steps]
    .sort((a, b) => order(a) - order(b))
    .map((s) => ({
      name: s.name,
      dockerfile: s.dockerfile,
      cached: s.cached,
      startedAt: s.started,
      durationMs:
        s.started !== null && s.completed !== null ? Math.max(0, s.completed - s.started) : null,
      error: s.error,
      log: [...s.log],
    }));
}

export interface RecordFacts {
  artifact: string;
  key: string;
  engine: string;
  attempt: BuildAttempt;
  durationMs: number;
  outcome: BuildRecordOutcome;
  imageId: string | null;
  nocache: boolean;
  changedInputs: readonly ChangedInput[];
  error: string | null;
}

/** The record to append (null when no builder was chosen: nothing ran). */
export function newBuildRecord(builds: BuildsRepo, f: RecordFacts): NewBuildRecord | null {
  const { attempt } = f;
  if (attempt.builder === null) return null;
  const steps = stepRecords(attempt.reader?.steps ?? []);
  const counts = cacheCounts(attempt.reader?.steps ?? []);
  return {
    artifact: f.artifact,
    key: f.key,
    builder: attempt.builder,
    engine: f.engine,
    startedAt: attempt.startedAt,
    durationMs: f.durationMs,
    outcome: f.outcome,
    imageId: f.imageId,
    buildId: attempt.buildId,
    nocache: f.nocache,
    steps,
    cachedSteps: counts.cached,
    totalSteps: counts.total,
    warnings: [...attempt.notes, ...(attempt.reader?.warnings ?? [])],
    cacheBrokeAt:
      f.outcome === 'built'
        ? cacheBrokeAt({
            steps,
            previous: builds.previous(f.artifact),
            nocache: f.nocache,
            changedInputs: f.changedInputs,
          })
        : null,
    error: f.error,
  };
}
