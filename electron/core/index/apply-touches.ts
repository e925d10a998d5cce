/**
 * Applies a batch of event touches to the `ImageIndex`: drops what is gone, re-inspects the one
 * image or container each touch names, then follows up on what those answers reveal: a tag that
 * moved leaves its old holder changed without any event of its own (pull, load, tag over an
 * existing name), and a built image names intermediate parents the index may not know.
 */
import { mapLimit } from '../concurrency.js';
import type { DockerClient } from '../engine/docker-client.js';
import type { Touch } from './event-stream.js';
import type { ImageIndex } from './image-index.js';
import { containerFromInspect, fromInspect, normalizeId } from './normalize.js';

const HEX_ID = /^(sha256:)?[0-9a-f]{64}$/;

/** Follow-up rounds after the first inspects; a chain of moved tags is never longer. */
const MAX_ROUNDS = 64;

/** The key a pending touch is kept under: a later touch of the same object replaces it. */
export function touchKey(t: Touch): string {
  switch (t.kind) {
    case 'image':
      return `i:${t.ref}`;
    case 'imageGone':
      return `i:${t.id}`;
    case 'container':
    case 'containerGone':
      return `c:${t.id}`;
    case 'reload':
      return 'reload';
  }
}

/**
 * Applies `batch` to `index` (not committed: the caller publishes the delta). `reload` is true
 * when a touch in the batch asks for a full reload instead.
 */
export async function applyTouches(
  index: ImageIndex,
  docker: DockerClient,
  batch: readonly Touch[],
  opts: { concurrency: number },
): Promise<{ reload: boolean }> {
  let reload = false;
  const imageRefs = new Set<string>();
  const containerIds = new Set<string>();
  for (const t of batch) {
    if (t.kind === 'imageGone') index.dropImage(normalizeId(t.id));
    else if (t.kind === 'containerGone') index.dropContainer(t.id);
    else if (t.kind === 'image') imageRefs.add(t.ref);
    else if (t.kind === 'container') containerIds.add(t.id);
    else if (t.kind === 'reload') reload = true;
  }

  await mapLimit([...containerIds], opts.concurrency, async (id) => {
    const c = await inspectOrNull(() => docker.getContainer(id).inspect());
    if (c) index.putContainer(containerFromInspect(c));
    else index.dropContainer(id);
  });

  const seen = new Set<string>();
  let refs = [...imageRefs];
  for (let round = 0; refs.length > 0 && round < MAX_ROUNDS; round++) {
    const next = new Set<string>();
    await mapLimit(refs, opts.concurrency, async (ref) => {
      seen.add(ref);
      const info = await inspectOrNull(() => docker.getImage(ref).inspect());
      if (!info) {
        if (HEX_ID.test(ref)) index.dropImage(normalizeId(ref));
        else {
          const holder = index.idOfTag(ref);
          if (holder) next.add(holder);
        }
        return;
      }
      const image = fromInspect(info);
      for (const tag of image.repoTags) {
        const holder = index.idOfTag(tag);
        if (holder && holder !== image.id) next.add(holder);
      }
      index.putImage(image);
    });
    for (const parent of index.missingParents()) next.add(parent);
    refs = [...next].filter((r) => !seen.has(r));
  }
  return { reload };
}

/** Inspect that answers null for "no such object" and throws for anything else. */
async function inspectOrNull<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw err;
  }
}
