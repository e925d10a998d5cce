/**
 * The image actions slice: prune (preview, measure, run), remove, tag, untag and push, each one
 * call to the core; the long ones (prune, push) hand their task to the tasks slice at once so the
 * drawer shows it. Also whether the task drawer is open and which task it shows opened.
 */
import type { StateCreator } from 'zustand';
import type {
  PruneOptions,
  PrunePreview,
  RemoveOptions,
  RemoveOutcome,
  TagResult,
  UntagPreview,
  UntagResult,
} from '../../../shared/actions.js';
import type { Transport } from '../../../shared/contract.js';
import type { TaskInfo, TaskOf } from '../../../shared/tasks.js';
import type { AppStore } from '../index.js';

export interface ImageActionsSlice {
  /** The task drawer is open. */
  taskDrawerOpen: boolean;
  /** The task the drawer shows opened (its report), or null. */
  taskDrawerFocus: string | null;
  /** Opens the drawer, optionally on one task; `false` closes it. */
  showTasks(open: boolean, focus?: string | null): void;
  previewPrune(options: PruneOptions): Promise<PrunePreview>;
  measurePrune(previewId: string): Promise<PrunePreview>;
  /** Starts deleting exactly a preview's images; the task is tracked by the tasks slice. */
  startPrune(previewId: string): Promise<TaskOf<'prune'>>;
  removeImages(ids: string[], options: RemoveOptions): Promise<RemoveOutcome[]>;
  tagImage(source: string, target: string): Promise<TagResult>;
  previewUntag(tag: string): Promise<UntagPreview>;
  untagImage(tag: string): Promise<UntagResult>;
  /** Starts pushing one `repo:tag`; the task is tracked by the tasks slice. */
  startPush(ref: string): Promise<TaskOf<'push'>>;
}

export const createImageActionsSlice =
  (transport: Transport): StateCreator<AppStore, [], [], ImageActionsSlice> =>
  (set, get) => {
    /**
     * The answer that started a task is its first report: progress events may have come before
     * it, and they are newer (a running task's reports are kept in arrival order).
     */
    const trackIfNew = (task: TaskInfo): void => {
      if (!get().tasks[task.id]) get().trackTask(task);
    };
    return {
      taskDrawerOpen: false,
      taskDrawerFocus: null,
      showTasks: (open, focus) =>
        set((s) => ({
          taskDrawerOpen: open,
          taskDrawerFocus: focus === undefined ? s.taskDrawerFocus : focus,
        })),
      previewPrune: (options) => transport.invoke('images:prunePreview', options),
      measurePrune: (previewId) => transport.invoke('images:pruneMeasure', previewId),
      startPrune: async (previewId) => {
        const task = await transport.invoke('images:prune', previewId);
        trackIfNew(task);
        return task;
      },
      removeImages: (ids, options) => transport.invoke('images:remove', ids, options),
      tagImage: (source, target) => transport.invoke('images:tag', source, target),
      previewUntag: (tag) => transport.invoke('images:untagPreview', tag),
      untagImage: (tag) => transport.invoke('images:untag', tag),
      startPush: async (ref) => {
        const task = await transport.invoke('images:push', ref);
        trackIfNew(task);
        return task;
      },
    };
  };
