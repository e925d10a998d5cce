/**
 * The image actions slice: prune (preview, measure, run), remove, tag, untag and push, each one
 * call to the core; the long ones (prune, push) hand their task to the tasks slice at once so the
 * drawer shows it. It also keeps the core's remembered update checks, by tag: the table reads them
 * and never waits for a registry.
 */
import type {
  LoadResult,
  PruneOptions,
  PrunePreview,
  RemoveOptions,
  RemoveOutcome,
  TagResult,
  UntagPreview,
  UntagResult,
} from '../../../shared/actions.js';
import type { PullOptions } from '../../../shared/channels/actions.js';
import { HangarError } from '../../../shared/errors.js';
import type { TaskOf } from '../../../shared/tasks.js';
import type { UpdateCheckSettings, UpdateStatus } from '../../../shared/updates.js';
import { errorMessage } from '../../model/errors.js';
import { indexUpdates, type UpdatesByTag } from '../../model/images/updates.js';
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
  /** The remembered update checks, by tag (`images:knownUpdates`, `images:updates`). */
  imageUpdates: UpdatesByTag;
  /** A check against the registries is on its way. */
  imageUpdatesChecking: boolean;
  /** Why the last check of updates failed as a whole, in words; null after one that did not. */
  imageUpdatesError: string | null;
  /** Reads the checks the core remembers; asks no registry. */
  loadKnownUpdates(): Promise<void>;
  /** Asks the registries again for every tagged image (or these tags) and keeps the answers. */
  checkImageUpdates(tags?: string[]): Promise<UpdateStatus[]>;
  /**
   * The Pull… or Load… dialog open on the Images page: kept here, not in the button that opened
   * it, so it stays open when the page goes from empty (buttons in the empty state) to a table.
   */
  imagesInDialog: 'pull' | 'load' | null;
  setImagesInDialog(dialog: 'pull' | 'load' | null): void;
  /** The update check's settings as the core keeps them; null until read. */
  updateSettings: UpdateCheckSettings | null;
  /** Reads the update check's settings (`images:updateSettings`). */
  loadUpdateSettings(): Promise<UpdateCheckSettings>;
  /** Saves them (`images:setUpdateSettings`) and keeps what the core answered. */
  saveUpdateSettings(settings: UpdateCheckSettings): Promise<UpdateCheckSettings>;
  /**
   * Starts `images:pull` of each tag; the tasks are tracked by the tasks slice. When a pull has
   * succeeded and the index holds the image it brought, that tag is checked again.
   */
  pullUpdates(tags: readonly string[]): Promise<TaskOf<'pull'>[]>;
  /**
   * How the host moves image archives as files: `browser` (the web host: a download and an
   * upload), `dialog` (the desktop app: the system's file dialogs, then a task), null for neither.
   */
  imageFilesVia: 'browser' | 'dialog' | null;
  /** `browser`: the address whose download is the archive of these images; else null. */
  saveImagesUrl(names: readonly string[]): string | null;
  /** `browser`: loads an archive file into the engine; the tags and ids it brought. */
  loadImageArchive(file: Blob): Promise<LoadResult>;
  /** `dialog`: asks where, then saves as a task the tasks slice tracks; null when dismissed. */
  saveImagesToFile(names: readonly string[]): Promise<TaskOf<'save'> | null>;
  /** `dialog`: asks which archive, then loads it as a tracked task; null when dismissed. */
  loadImagesFromFile(): Promise<TaskOf<'load'> | null>;
}

const cannotMove = (what: string): HangarError =>
  new HangarError('VALIDATION', `This window cannot ${what}.`);

export const createImageActionsSlice: SliceCreator<ImageActionsSlice> =
  ({ transport }) =>
  (set, get, api) => {
    const files = transport.imageFiles;
    /** Re-checks `tag` once the pull `taskId` succeeded and its image is in the index. */
    const recheckAfter = (taskId: string, tag: string): void => {
      const unsubscribe = api.subscribe((state) => {
        const task = state.tasks[taskId];
        if (!task || task.state === 'running') return;
        if (task.state !== 'succeeded' || task.kind !== 'pull') return unsubscribe();
        const result = task.result;
        if (!result || !state.indexImages.has(result.imageId)) return;
        unsubscribe();
        void get()
          .checkImageUpdates([tag])
          .catch(() => undefined);
      });
    };
    const keep = (statuses: readonly UpdateStatus[]): void =>
      set((s) => ({
        imageUpdates: indexUpdates([...s.imageUpdates.values(), ...statuses]),
      }));
    return {
      imageFilesVia: files?.via ?? null,
      saveImagesUrl: (names) => (files?.via === 'browser' ? files.saveUrl(names) : null),
      loadImageArchive: async (file) => {
        if (files?.via !== 'browser') throw cannotMove('upload image archives');
        return files.load(file);
      },
      saveImagesToFile: async (names) => {
        if (files?.via !== 'dialog') throw cannotMove('save image archives through a file dialog');
        const task = await files.save(names);
        return task && get().trackTask(task);
      },
      loadImagesFromFile: async () => {
        if (files?.via !== 'dialog') throw cannotMove('load image archives through a file dialog');
        const task = await files.load();
        return task && get().trackTask(task);
      },
      imageUpdates: new Map(),
      imageUpdatesChecking: false,
      imageUpdatesError: null,
      imagesInDialog: null,
      setImagesInDialog: (dialog) => set({ imagesInDialog: dialog }),
      updateSettings: null,
      loadUpdateSettings: async () => {
        const settings = await transport.invoke('images:updateSettings');
        set({ updateSettings: settings });
        return settings;
      },
      saveUpdateSettings: async (settings) => {
        const saved = await transport.invoke('images:setUpdateSettings', settings);
        set({ updateSettings: saved });
        return saved;
      },
      loadKnownUpdates: async () => keep(await transport.invoke('images:knownUpdates')),
      checkImageUpdates: async (tags) => {
        set({ imageUpdatesChecking: true, imageUpdatesError: null });
        try {
          const statuses = await transport.invoke(
            'images:updates',
            tags ? { tags, refresh: true } : { refresh: true },
          );
          keep(statuses);
          return statuses;
        } catch (err) {
          set({ imageUpdatesError: errorMessage(err) });
          throw err;
        } finally {
          set({ imageUpdatesChecking: false });
        }
      },
      pullUpdates: async (tags) => {
        const tasks: TaskOf<'pull'>[] = [];
        for (const tag of tags) {
          const task = get().trackTask(await transport.invoke('images:pull', tag, {}));
          recheckAfter(task.id, tag);
          tasks.push(task);
        }
        return tasks;
      },
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
