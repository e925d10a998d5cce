/**
 * Untagging an image's last tag makes the daemon delete the image too: there is no "untag only"
 * endpoint, and `DELETE /images/{tag}` deletes an image whose last reference it removed unless
 * something holds it (moby `image_delete.go`: a child image or a running container is a hard
 * conflict, which the quiet delete after an untag skips silently; a stopped container is not).
 *
 * So to keep the image, we hold it with a throwaway child made by the classic builder
 * (`FROM <id>` + one LABEL: a config-only step, no container runs, about half a second), untag,
 * then delete the child with `noprune` so the parent stays, now dangling.
 */
import { randomUUID } from 'node:crypto';
import { HangarError } from '../../../shared/errors.js';
import type { DockerClient } from '../engine/docker-client.js';
import { deleteImage } from './image-delete.js';
import { tarOf } from './tar.js';

export const HOLD_LABEL = 'io.hangar.untag-hold';

interface BuildLine {
  stream?: string;
  aux?: { ID?: string };
  error?: string;
  errorDetail?: { message?: string };
}

/** Reads a build stream to its end; resolves with the id of the image built. */
export function readBuildStream(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let id: string | null = null;
    let error: string | null = null;
    const take = (text: string) => {
      if (!text.trim()) return;
      let line: BuildLine;
      try {
        line = JSON.parse(text) as BuildLine;
      } catch {
        return;
      }
      if (line.errorDetail?.message || line.error)
        error = line.errorDetail?.message ?? line.error ?? null;
      if (line.aux?.ID) id = line.aux.ID;
      const streamed = /^(sha256:[0-9a-f]{64})\s*$/.exec(line.stream ?? '');
      if (streamed?.[1]) id = streamed[1];
    };
    stream.on('data', (chunk: Buffer | string) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const l of lines) take(l);
    });
    stream.on('error', reject);
    stream.on('end', () => {
      take(buffer);
      if (error !== null) reject(new HangarError('INTERNAL', `Could not hold the image: ${error}`));
      else if (id === null)
        reject(new HangarError('INTERNAL', 'Could not hold the image: the build gave no id.'));
      else resolve(id);
    });
  });
}

/** Builds the throwaway child of `imageId`; resolves with its id. */
export async function buildHoldChild(docker: DockerClient, imageId: string): Promise<string> {
  const dockerfile = `FROM ${imageId}\nLABEL ${HOLD_LABEL}="${randomUUID()}"\n`;
  const context = tarOf([{ name: 'Dockerfile', content: Buffer.from(dockerfile) }]);
  const stream = await docker.buildImage(context, {
    version: '1',
    nocache: true,
    rm: true,
    forcerm: true,
  });
  return readBuildStream(stream);
}

/** Runs `work` while a throwaway child holds `imageId`, then removes the child (never its parent). */
export async function withHeldImage<T>(
  docker: DockerClient,
  imageId: string,
  work: () => Promise<T>,
): Promise<T> {
  const child = await buildHoldChild(docker, imageId);
  let result: T;
  try {
    result = await work();
  } finally {
    await removeHoldChild(docker, child);
  }
  return result;
}

/** Deletes the helper child, retrying briefly; says so plainly if it has to stay. */
async function removeHoldChild(docker: DockerClient, child: string): Promise<void> {
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await deleteImage(docker, child, { noprune: true });
      return;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return;
      last = err;
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    }
  }
  throw new HangarError(
    'INTERNAL',
    `Could not remove the helper image ${child} (label ${HOLD_LABEL}): remove it with hangar rm.`,
    last instanceof Error ? last.message : String(last),
  );
}
