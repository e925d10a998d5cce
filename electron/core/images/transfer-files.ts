/**
 * Image archives as files: a save written to a path and a load read from one, streamed (never held
 * whole in memory). `hangar save -o FILE` and `hangar load FILE` call `saveToFile` and
 * `loadFromFile`; the desktop app's Save… and Load… run the same two as `save` and `load` tasks
 * (`startSaveTask`, `startLoadTask`) on the path the system's file dialog gave, with progress and
 * Cancel. A save that fails or is cancelled leaves no file behind.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { LoadResult, SaveResult } from '../../../shared/actions.js';
import { HangarError } from '../../../shared/errors.js';
import type { TaskOf } from '../../../shared/tasks.js';
import { toHangarError } from '../errors.js';
import type { TaskManager } from '../tasks/task-manager.js';
import type { ImageTransfer, LoadProgress } from './image-transfer.js';

export interface SaveToFileOptions {
  signal?: AbortSignal;
  /** Called once the images are found, with their sizes added up (for progress only). */
  onStart?: (approxBytes: number) => void;
  /** Bytes written so far. */
  onBytes?: (bytes: number) => void;
}

/**
 * Streams the `docker save` archive of `names` into the stream `openSink` opens once every image
 * is found (so nothing is opened for a name that is not there: that throws `NOT_FOUND` naming it).
 * `end: false` leaves the sink open (stdout). A broken stream throws `Saving … failed: …`, an
 * aborted one the signal's reason.
 */
export async function saveToStream(
  transfer: ImageTransfer,
  names: readonly string[],
  openSink: () => Writable,
  options: SaveToFileOptions & { end?: boolean } = {},
): Promise<{ ids: string[]; bytes: number }> {
  const saved = await transfer.save(names, options.signal);
  options.onStart?.(saved.approxBytes);
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      options.onBytes?.(bytes);
      done(null, chunk);
    },
  });
  try {
    await pipeline(saved.stream, counter, openSink(), {
      signal: options.signal,
      end: options.end ?? true,
    });
  } catch (err) {
    options.signal?.throwIfAborted();
    if (err instanceof HangarError) throw err;
    const fileFailure = toHangarError(err);
    if (fileFailure.code !== 'INTERNAL') throw fileFailure;
    throw new HangarError(
      'INTERNAL',
      `Saving ${names.join(', ')} failed: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return { ids: saved.ids, bytes };
}

/** `saveToStream` into `file`; a save that fails or is aborted removes the file. */
export async function saveToFile(
  transfer: ImageTransfer,
  names: readonly string[],
  file: string,
  options: SaveToFileOptions = {},
): Promise<SaveResult> {
  let opened = false;
  try {
    const { ids, bytes } = await saveToStream(
      transfer,
      names,
      () => {
        opened = true;
        return createWriteStream(file, { flags: 'w' });
      },
      options,
    );
    return { file, images: [...names], ids, bytes };
  } catch (err) {
    if (opened) await rm(file, { force: true });
    throw err;
  }
}

export interface LoadFromFileOptions {
  signal?: AbortSignal;
  /** The file's size once known, then progress as the archive is sent. */
  onStart?: (size: number) => void;
  onProgress?: (p: LoadProgress) => void;
}

/** Loads the archive `file` into the engine, streamed from disk; what the engine says it loaded. */
export async function loadFromFile(
  transfer: ImageTransfer,
  file: string,
  options: LoadFromFileOptions = {},
): Promise<LoadResult> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new HangarError('VALIDATION', `${file} is not a file.`);
    size = info.size;
  } catch (err) {
    throw toHangarError(err);
  }
  options.onStart?.(size);
  return transfer.load(createReadStream(file), file, {
    signal: options.signal,
    onProgress: options.onProgress,
  });
}

/** The file name an archive of `names` is offered under: `app_1.tar` for one, else `images.tar`. */
export function archiveFileName(names: readonly string[]): string {
  const [only] = names;
  if (names.length !== 1 || only === undefined) return 'images.tar';
  return `${only.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100)}.tar`;
}

export interface FileTaskDeps {
  transfer: ImageTransfer;
  tasks: TaskManager;
}

/** Image archives as files, run as tasks: what the desktop app's Save… and Load… start. */
export interface ImageFileTasks {
  save(names: readonly string[], file: string): TaskOf<'save'>;
  load(file: string): TaskOf<'load'>;
}

export function imageFileTasks(deps: FileTaskDeps): ImageFileTasks {
  return {
    save: (names, file) => startSaveTask(deps, names, file),
    load: (file) => startLoadTask(deps, file),
  };
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)} MB`;

/** A fraction as a percent held below 100 until the work has ended (the total is an estimate). */
const percentOf = (done: number, total: number): number | null =>
  total > 0 ? Math.min(99, Math.floor((done / total) * 100)) : null;

/** `save` task: `names` written to `file` as one archive. */
export function startSaveTask(
  deps: FileTaskDeps,
  names: readonly string[],
  file: string,
): TaskOf<'save'> {
  if (names.length === 0) throw new HangarError('VALIDATION', 'Name at least one image to save.');
  const title = `Save ${names.length === 1 ? names[0] : `${names.length} images`} to ${file}`;
  const info = deps.tasks.run('save', title, file, async (task) => {
    let total = 0;
    const result = await saveToFile(deps.transfer, names, file, {
      signal: task.signal,
      onStart: (approx) => {
        total = approx;
        task.progress({ percent: total > 0 ? 0 : null, message: `Saving ${names.join(', ')}` });
      },
      onBytes: (bytes) =>
        task.progress({
          percent: percentOf(bytes, total),
          message: total > 0 ? `Saved ${mb(bytes)} of about ${mb(total)}` : `Saved ${mb(bytes)}`,
        }),
    });
    task.progress({ percent: 100, message: `Saved ${mb(result.bytes)} to ${file}` });
    return result;
  });
  return info as TaskOf<'save'>;
}

/** `load` task: the archive `file` loaded into the engine. */
export function startLoadTask(deps: FileTaskDeps, file: string): TaskOf<'load'> {
  const info = deps.tasks.run('load', `Load ${file}`, file, async (task) => {
    let size = 0;
    const result = await loadFromFile(deps.transfer, file, {
      signal: task.signal,
      onStart: (s) => {
        size = s;
      },
      onProgress: (p) => task.progress({ percent: percentOf(p.sent, size), message: p.message }),
    });
    task.progress({
      percent: 100,
      message: `Loaded ${[...result.tags, ...result.ids].join(', ')}`,
    });
    return result;
  });
  return info as TaskOf<'load'>;
}
