/**
 * The image actions slice: prune (preview, measure, run), remove, tag, untag and push, each one
 * call to the core; the long ones (prune, push) hand their task to the tasks slice at once so the
 * drawer shows it.
 */
import type {
  PruneOptions,
  PrunePreview,
  RemoveOptions,
  RemoveOutcome,
  TagResult,
  UntagPreview,
  UntagResult,
} from '../../../shared/actions.js';
import type { PullOptions } from '../../../shared/channels/actions.js';
import type { TaskOf } from '../../../shared/tasks.js';
import type { SliceCreator } from '../slice.js';

export interface ImageActionsSlice {
  previewPrune(options: PruneOptions): Promise<PrunePreview>;
  measurePrune(previewId: string): Promise<PrunePreview>;
  /** Starts deleting exactly a preview's images; the task is tracked by the tasks slice. */
  startPrune(previewId: string): Promise<TaskOf<'prune'>>;
  removeImages(ids: string[], options: RemoveOptions): Promise<RemoveOutcome[]>;
  tagImage(source: string, target: string): Promise<TagResult>;
  previewUntag(tag: string): Promise<UntagPreview>;
  untagImage(tag: string): Promise<UntagResult>;
  /** Starts `images:push` of one `repo:tag`; the task is tracked by the tasks slice. */
  pushImage(ref: string): Promise<TaskOf<'push'>>;
  /** Starts `images:pull` of any reference; the task is tracked by the tasks slice. */
  pullImage(ref: string, options?: PullOptions): Promise<TaskOf<'pull'>>;
}

export const createImageActionsSlice: SliceCreator<ImageActionsSlice> =
  ({ transport }) =>
  (_set, get) => {
    return {
      previewPrune: (options) => transport.invoke('images:prunePreview', options),
      measurePrune: (previewId) => transport.invoke('images:pruneMeasure', previewId),
      startPrune: async (previewId) =>
        get().trackTask(await transport.invoke('images:prune', previewId)),
      removeImages: (ids, options) => transport.invoke('images:remove', ids, options),
      tagImage: (source, target) => transport.invoke('images:tag', source, target),
      previewUntag: (tag) => transport.invoke('images:untagPreview', tag),
      untagImage: (tag) => transport.invoke('images:untag', tag),
      pushImage: async (ref) => get().trackTask(await transport.invoke('images:push', ref)),
      pullImage: async (ref, options) =>
        get().trackTask(await transport.invoke('images:pull', ref, options ?? {})),
    };
  };
