/** Starting a core task from the CLI and following it to its end. */
import { fromIpcError } from '../../../shared/errors.js';
import type { TaskInfo } from '../../../shared/tasks.js';
import type { Core } from '../../core/core.js';
import { onEvent, request } from '../core-client.js';

/**
 * Subscribes to task events first, then starts the task (so no event is missed), calls `onProgress`
 * for each update and once more with the final state, and resolves with the finished task. A failed task throws its error; a
 * cancelled one resolves (its state says so).
 */
export async function followTask<T extends TaskInfo>(
  core: Core,
  start: () => Promise<T>,
  onProgress: (task: T) => void = () => {},
): Promise<T> {
  const seen = new Map<string, TaskInfo>();
  let id: string | null = null;
  let settle: ((t: TaskInfo) => void) | null = null;
  const ended = (t: TaskInfo) => t.state !== 'running';
  const offs = (['task:progress', 'task:done', 'task:failed'] as const).map((event) =>
    onEvent(core, event, (task) => {
      seen.set(task.id, task);
      if (task.id !== id) return;
      if (ended(task)) settle?.(task);
      else onProgress(task as T);
    }),
  );
  try {
    const started = await start();
    id = started.id;
    const last = seen.get(started.id) ?? started;
    const final = ended(last)
      ? last
      : await new Promise<TaskInfo>((resolve) => {
          settle = resolve;
        });
    // Progress events are throttled: the last state may not have been shown yet.
    onProgress(final as T);
    if (final.state === 'failed' && final.error) throw fromIpcError(final.error);
    return final as T;
  } finally {
    for (const off of offs) off();
  }
}

/**
 * `followTask`, and when `stop` resolves (Ctrl+C) the task is cancelled: it ends as `cancelled`
 * (long work stops between items and reports what it did).
 */
export function followCancellable<T extends TaskInfo>(
  core: Core,
  stop: Promise<unknown>,
  start: () => Promise<T>,
  onProgress?: (task: T) => void,
): Promise<T> {
  let taskId: string | null = null;
  void stop.then(() => {
    if (taskId) void request(core, 'tasks:cancel', taskId).catch(() => undefined);
  });
  return followTask(
    core,
    async () => {
      const t = await start();
      taskId = t.id;
      return t;
    },
    onProgress,
  );
}
