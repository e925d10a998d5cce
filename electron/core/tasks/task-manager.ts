/**
 * Runs long work as tasks: each gets an id at once, reports progress (throttled, so a push stream
 * does not flood IPC), can be cancelled through its AbortSignal, and ends succeeded, failed (with
 * an error the UI can show) or cancelled. Finished tasks are kept for their reports, up to a limit.
 */
import { randomUUID } from 'node:crypto';
import type { IpcError } from '../../../shared/errors.js';
import { HangarError } from '../../../shared/errors.js';
import type { TaskInfo, TaskKind, TaskProgress, TaskResults } from '../../../shared/tasks.js';
import { toIpcError } from '../errors.js';

export interface TaskContext<R = unknown> {
  /** Aborted when the task is cancelled; pass it to every call that accepts one. */
  readonly signal: AbortSignal;
  /** Merges an update into the task's progress; events go out at most every `throttleMs`. */
  progress(update: Partial<TaskProgress>): void;
  /** Throws a CANCELLED error if the task was cancelled: call it between steps. */
  throwIfCancelled(): void;
  /**
   * Keeps a partial result that the task reports if it is cancelled or fails midway (e.g. what a
   * prune already deleted). The object may be updated in place afterwards.
   */
  keepPartial(result: R): void;
}

export type TaskEventName = 'task:progress' | 'task:done' | 'task:failed';
type TaskListener = (event: TaskEventName, task: TaskInfo) => void;

interface Entry {
  info: TaskInfo;
  abort: AbortController;
  done: Promise<TaskInfo>;
  timer: NodeJS.Timeout | null;
  lastSent: number;
}

export interface TaskManagerOptions {
  /** Finished tasks kept for their reports (oldest dropped first). */
  keepFinished?: number;
  throttleMs?: number;
  now?: () => number;
}

export class TaskManager {
  private readonly tasks = new Map<string, Entry>();
  private readonly listeners = new Set<TaskListener>();
  private readonly keepFinished: number;
  private readonly throttleMs: number;
  private readonly now: () => number;

  constructor(opts: TaskManagerOptions = {}) {
    this.keepFinished = opts.keepFinished ?? 100;
    this.throttleMs = opts.throttleMs ?? 100;
    this.now = opts.now ?? Date.now;
  }

  /** Starts `work` as a task and returns its info at once. */
  run<K extends TaskKind>(
    kind: K,
    title: string,
    target: string,
    work: (ctx: TaskContext<TaskResults[K]>) => Promise<TaskResults[K]>,
  ): TaskInfo {
    const abort = new AbortController();
    const info = {
      id: randomUUID(),
      kind,
      title,
      target,
      state: 'running',
      progress: { percent: null, message: 'Starting…', items: [] },
      startedAt: this.now(),
      endedAt: null,
      error: null,
      result: null,
    } as TaskInfo;
    const entry: Entry = { info, abort, done: Promise.resolve(info), timer: null, lastSent: 0 };
    this.tasks.set(info.id, entry);

    let partial: TaskResults[K] | null = null;
    const ctx: TaskContext<TaskResults[K]> = {
      signal: abort.signal,
      progress: (update) => {
        if (entry.info.state !== 'running') return;
        entry.info = { ...entry.info, progress: { ...entry.info.progress, ...update } };
        this.sendProgress(entry);
      },
      throwIfCancelled: () => {
        if (abort.signal.aborted) throw new HangarError('CANCELLED', 'Cancelled.');
      },
      keepPartial: (result) => {
        partial = result;
      },
    };

    entry.done = (async () => {
      try {
        const result = await work(ctx);
        if (abort.signal.aborted) this.finish(entry, 'cancelled', partial, cancelledError());
        else this.finish(entry, 'succeeded', result, null);
      } catch (err) {
        if (abort.signal.aborted) this.finish(entry, 'cancelled', partial, cancelledError());
        else this.finish(entry, 'failed', partial, toIpcError(err));
      }
      return entry.info;
    })();
    this.emit('task:progress', entry.info);
    return info;
  }

  list(): TaskInfo[] {
    return [...this.tasks.values()].map((e) => e.info).sort((a, b) => b.startedAt - a.startedAt);
  }

  get(id: string): TaskInfo {
    const entry = this.tasks.get(id);
    if (!entry) throw new HangarError('NOT_FOUND', `No task ${id}.`);
    return entry.info;
  }

  /** Asks a running task to stop; it ends `cancelled` once its work has let go. */
  cancel(id: string): TaskInfo {
    const entry = this.tasks.get(id);
    if (!entry) throw new HangarError('NOT_FOUND', `No task ${id}.`);
    if (entry.info.state === 'running') {
      entry.info = {
        ...entry.info,
        progress: { ...entry.info.progress, message: 'Cancelling…' },
      };
      entry.abort.abort(new HangarError('CANCELLED', 'Cancelled.'));
      this.emit('task:progress', entry.info);
    }
    return entry.info;
  }

  /** Resolves with the task once it has ended. */
  wait(id: string): Promise<TaskInfo> {
    const entry = this.tasks.get(id);
    if (!entry) return Promise.reject(new HangarError('NOT_FOUND', `No task ${id}.`));
    return entry.done;
  }

  onEvent(listener: TaskListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Cancels everything still running (on shutdown). */
  cancelAll(): void {
    for (const e of this.tasks.values()) if (e.info.state === 'running') e.abort.abort();
  }

  private sendProgress(entry: Entry): void {
    const wait = entry.lastSent + this.throttleMs - this.now();
    if (wait <= 0) {
      entry.lastSent = this.now();
      this.emit('task:progress', entry.info);
    } else if (!entry.timer) {
      entry.timer = setTimeout(() => {
        entry.timer = null;
        if (entry.info.state !== 'running') return;
        entry.lastSent = this.now();
        this.emit('task:progress', entry.info);
      }, wait);
    }
  }

  private finish(
    entry: Entry,
    state: 'succeeded' | 'failed' | 'cancelled',
    result: unknown,
    error: IpcError | null,
  ): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    const percent = state === 'succeeded' ? 100 : entry.info.progress.percent;
    entry.info = {
      ...entry.info,
      state,
      result,
      error,
      endedAt: this.now(),
      progress: { ...entry.info.progress, percent },
    } as TaskInfo;
    this.emit(state === 'failed' ? 'task:failed' : 'task:done', entry.info);
    this.prune();
  }

  private prune(): void {
    const finished = [...this.tasks.values()].filter((e) => e.info.state !== 'running');
    for (const e of finished.slice(0, Math.max(0, finished.length - this.keepFinished))) {
      this.tasks.delete(e.info.id);
    }
  }

  private emit(event: TaskEventName, task: TaskInfo): void {
    for (const l of this.listeners) l(event, task);
  }
}

function cancelledError(): IpcError {
  return { code: 'CANCELLED', message: 'Cancelled.' };
}
