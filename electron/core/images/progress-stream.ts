/**
 * Reads a push or pull stream of the daemon (always HTTP 200; errors come inside it) into a
 * `PushProgress`, reporting each chunk as task progress. A stream cut off midway is a
 * `REGISTRY_ERROR` saying so, unless the task was cancelled.
 */
import { HangarError } from '../../../shared/errors.js';
import type { TaskContext } from '../tasks/task-manager.js';
import { PushProgress } from './push-progress.js';

export async function readProgressStream(
  stream: NodeJS.ReadableStream,
  ctx: TaskContext,
  /** What the cut-off message names: `The push of app:1 was cut off.` */
  what: string,
  progress = new PushProgress(),
): Promise<PushProgress> {
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      progress.push(chunk);
      ctx.progress({
        percent: progress.percent(),
        message: progress.message,
        items: progress.items(),
      });
    });
    stream.on('end', () => resolve());
    stream.on('close', () => resolve());
    stream.on('error', (err: unknown) => reject(err));
  }).catch((err: unknown) => {
    ctx.throwIfCancelled();
    throw new HangarError('REGISTRY_ERROR', `${what} was cut off.`, String(err));
  });
  progress.end();
  ctx.throwIfCancelled();
  return progress;
}
