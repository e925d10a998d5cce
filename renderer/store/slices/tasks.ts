/**
 * The tasks slice: every task the core runs (push, prune, build…) as it reports it, followed as
 * `tasks` from `tasks:list` and the `task:progress` / `task:done` / `task:failed` events, plus
 * `cancelTask`, and the task drawer (open, and which task it shows opened).
 * A request that starts a task hands its `TaskInfo` to `trackTask`, so the task is known at once.
 * Events and answers can arrive in any order (a cache HIT ends before its request returns): a
 * task never goes back from an ended state to `running`, events are taken in arrival order, and
 * the answer that started a task (its first report) never replaces a report that came before it.
 */
import type { TaskInfo, TaskKind, TaskOf } from '../../../shared/tasks.js';
import { errorMessage } from '../../model/errors.js';
import type { AppStore } from '../index.js';
import type { SliceCreator } from '../slice.js';

export interface TasksSlice {
  /** By id. Read them through the selectors below. */
  tasks: Readonly<Record<string, TaskInfo>>;
  /** Why `tasks:list` could not be read, or null. */
  tasksError: string | null;
  /** The task drawer is open. */
  tasksDrawerOpen: boolean;
  /** The task the drawer shows opened (its report), or null. */
  tasksDrawerFocus: string | null;
  /** Opens the drawer, optionally on one task; `false` closes it. */
  showTasks(open: boolean, focus?: string | null): void;
  /**
   * Takes the task a request just started: added when unknown, else only if it has ended and the
   * report held has not (progress events that came first are newer). Returns it.
   */
  trackTask<T extends TaskInfo>(task: T): T;
  /** Asks the core to stop a running task; it ends `cancelled` (reported by `task:done`). */
  cancelTask(id: string): Promise<void>;
  /** Forgets ended tasks (the core keeps its own list; a reload brings them back). */
  clearEndedTasks(): void;
}

/** The task's state has ended: succeeded, failed or cancelled. */
export function isTaskEnded(task: TaskInfo): boolean {
  return task.state !== 'running';
}

/**
 * Which of two reports of one task to keep: an ended one over a running one, else the later
 * one by the time it ended or, while running, by arrival (`incoming`).
 */
export function newerTask(current: TaskInfo | undefined, incoming: TaskInfo): TaskInfo {
  if (!current) return incoming;
  if (isTaskEnded(current) && !isTaskEnded(incoming)) return current;
  return incoming;
}

export const createTasksSlice: SliceCreator<TasksSlice> =
  ({ transport, syncs }) =>
  (set, get) => {
    const take = (incoming: TaskInfo): void =>
      set((s) => {
        const current = s.tasks[incoming.id];
        const next = newerTask(current, incoming);
        if (next === current) return {};
        return { tasks: { ...s.tasks, [incoming.id]: next } };
      });

    const load = async (): Promise<void> => {
      try {
        const list = await transport.invoke('tasks:list');
        set((s) => {
          const tasks = { ...s.tasks };
          for (const t of list) tasks[t.id] = newerTask(tasks[t.id], t);
          return { tasks, tasksError: null };
        });
      } catch (err) {
        set({ tasksError: errorMessage(err) });
      }
    };

    syncs.follow('tasks', () => {
      const offs = [
        transport.on('task:progress', take),
        transport.on('task:done', take),
        transport.on('task:failed', take),
      ];
      return {
        loaded: load(),
        stop: () => {
          for (const off of offs) off();
        },
      };
    });

    return {
      tasks: {},
      tasksError: null,
      tasksDrawerOpen: false,
      tasksDrawerFocus: null,

      showTasks: (open, focus) =>
        set((s) => ({
          tasksDrawerOpen: open,
          tasksDrawerFocus: focus === undefined ? s.tasksDrawerFocus : focus,
        })),

      trackTask: (task) => {
        const current = get().tasks[task.id];
        if (!current || (!isTaskEnded(current) && isTaskEnded(task))) take(task);
        return task;
      },

      cancelTask: async (id) => {
        const task = get().tasks[id];
        if (task && isTaskEnded(task)) return;
        take(await transport.invoke('tasks:cancel', id));
      },

      clearEndedTasks: () =>
        set((s) => ({
          tasks: Object.fromEntries(Object.entries(s.tasks).filter(([, t]) => !isTaskEnded(t))),
        })),
    };
  };

/** One task by id, or null. */
export const selectTask =
  (id: string | null) =>
  (s: Pick<AppStore, 'tasks'>): TaskInfo | null =>
    id === null ? null : (s.tasks[id] ?? null);

/** One task by id if it is of `kind`, typed by its kind. */
export const selectTaskOfKind =
  <K extends TaskKind>(kind: K, id: string | null) =>
  (s: Pick<AppStore, 'tasks'>): TaskOf<K> | null => {
    const task = id === null ? undefined : s.tasks[id];
    return task && task.kind === kind ? (task as TaskOf<K>) : null;
  };

/** Every task, newest first. Returns a new array: read it with `useShallow` or memoize. */
export function listTasks(s: Pick<AppStore, 'tasks'>): TaskInfo[] {
  return Object.values(s.tasks).sort((a, b) => b.startedAt - a.startedAt);
}

/** Tasks of one kind, newest first. */
export function listTasksOfKind<K extends TaskKind>(
  s: Pick<AppStore, 'tasks'>,
  kind: K,
): TaskOf<K>[] {
  return listTasks(s).filter((t): t is TaskOf<K> => t.kind === kind);
}

/** Tasks still running, newest first. */
export function listRunningTasks(s: Pick<AppStore, 'tasks'>): TaskInfo[] {
  return listTasks(s).filter((t) => !isTaskEnded(t));
}
