/**
 * `images:remove`: `docker rmi` for one or many images, one outcome each. An image a container
 * uses is refused unless forced, with the container named (`CONFLICT_IN_USE`), before any call.
 * On Podman it is refused even when forced: Podman's forced delete removes the containers too.
 */
import type { RemoveOptions, RemoveOutcome } from '../../../shared/actions.js';
import { HangarError } from '../../../shared/errors.js';
import type { EngineKind } from '../../../shared/model.js';
import { parseReference } from '../../../shared/reference.js';
import type { DockerClient } from '../engine/docker-client.js';
import { toHangarError } from '../errors.js';
import type { ImageIndex } from '../index/image-index.js';
import { deleteImage, nameContainers } from './image-delete.js';
import { requireImage } from './image-tags.js';
import { usedByReason } from './prune-plan.js';

export interface RemoveDeps {
  index: ImageIndex;
  client(): DockerClient;
  engineKind(): EngineKind;
}

/** How to name an input to the daemon: references in their familiar form, ids as they are. */
function daemonName(input: string, id: string): string {
  if (
    /^(sha256:)?[0-9a-f]{4,64}$/.test(input) &&
    id.startsWith(`sha256:${input.replace(/^sha256:/, '')}`)
  ) {
    return id;
  }
  const parsed = parseReference(input);
  return parsed.ok ? parsed.ref.familiar : input;
}

export async function removeOne(
  deps: RemoveDeps,
  input: string,
  options: RemoveOptions,
): Promise<RemoveOutcome> {
  let id: string | null = null;
  try {
    const found = await requireImage(deps, input);
    const image = typeof found === 'string' ? undefined : found;
    id = typeof found === 'string' ? found : found.id;
    if (image && image.containers.length > 0 && !options.force) {
      throw new HangarError(
        'CONFLICT_IN_USE',
        `Image ${image.repoTags[0] ?? id} is ${usedByReason(image)}: remove the container first, or force.`,
      );
    }
    if (image && image.containers.length > 0 && deps.engineKind() === 'podman') {
      throw new HangarError(
        'CONFLICT_IN_USE',
        `Image ${image.repoTags[0] ?? id} is ${usedByReason(image)}: remove the container first. ` +
          'Podman cannot remove an image a container uses without removing the container too, so force does not apply.',
      );
    }
    // The daemon mixes layer ids into `Deleted`; images it can delete are this one and, without
    // noprune, its untagged ancestors: note them before they go.
    const images = new Set([id]);
    for (let p = image?.parentId ?? null; p !== null && !images.has(p);) {
      images.add(p);
      p = deps.index.get(p)?.parentId ?? null;
    }
    let answer;
    try {
      answer = await deleteImage(deps.client(), daemonName(input, id), {
        force: options.force ?? false,
        noprune: options.noprune ?? false,
      });
    } catch (err) {
      const e = toHangarError(err);
      throw new HangarError(e.code, nameContainers(e.message, image), e.detail);
    }
    return {
      input,
      ok: true,
      id,
      untagged: answer.untagged,
      deleted: answer.deleted.filter((d) => images.has(d)),
    };
  } catch (err) {
    return { input, ok: false, id, error: toHangarError(err).toJSON() };
  }
}

/** Removes each image in turn (order matters: a child before its parent). */
export async function removeImages(
  deps: RemoveDeps,
  inputs: readonly string[],
  options: RemoveOptions = {},
): Promise<RemoveOutcome[]> {
  const outcomes: RemoveOutcome[] = [];
  for (const input of inputs) outcomes.push(await removeOne(deps, input, options));
  return outcomes;
}
