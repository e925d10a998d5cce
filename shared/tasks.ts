/**
 * Long work (prune, push, build, hashing) runs as a task: the request that starts it returns a
 * `TaskInfo` at once, progress follows as `task:progress` events until `task:done` or
 * `task:failed`, and `tasks:cancel` stops it.
 */
import type { LoadResult, PruneReport, PushResult, SaveResult } from './actions.js';
import type { BuildOutcome } from './artifacts.js';
import type { IpcError } from './errors.js';
import type { ImageLayersView } from './layers.js';
import type { PullResult } from './registry-cache.js';

/**
 * What each kind of task gives back when it succeeds. A feature that adds a kind of task adds one
 * line here, naming its result type.
 */
export interface TaskResults {
  /** Kept for tests of the task machinery itself. */
  noop: { ok: true };
  prune: PruneReport;
  push: PushResult;
  build: BuildOutcome;
  pull: PullResult;
  layers: ImageLayersView;
  /** Images saved to an archive file. */
  save: SaveResult;
  /** An archive file loaded into the engine. */
  load: LoadResult;
}

export type TaskKind = keyof TaskResults;

export type TaskState = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Progress of one part of a task: a layer being pushed, an image being deleted. */
export interface TaskItemProgress {
  id: string;
  label: string;
  /** In words: `Pushing`, `Layer already exists`, `deleted`, `skipped: used by web-1`. */
  status: string;
  current: number;
  /** null when unknown. */
  total: number | null;
}

export interface TaskProgress {
  /** 0–100, or null when the total is unknown. */
  percent: number | null;
  /** One line on what is happening now. */
  message: string;
  items: TaskItemProgress[];
}

interface TaskBase {
  id: string;
  title: string;
  /** What the task works on: an image reference, a prune mode, an artifact name. */
  target: string;
  state: TaskState;
  progress: TaskProgress;
  /** Unix ms. */
  startedAt: number;
  endedAt: number | null;
  error: IpcError | null;
}

/** A task, its `result` typed by its `kind`. */
export type TaskInfo = {
  [K in TaskKind]: TaskBase & { kind: K; result: TaskResults[K] | null };
}[TaskKind];

export type TaskOf<K extends TaskKind> = Extract<TaskInfo, { kind: K }>;
