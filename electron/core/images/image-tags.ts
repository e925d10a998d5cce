/**
 * `images:tag`, `images:untagPreview`, `images:untag`. References are checked by the grammar
 * (`shared/reference.ts`) before any daemon call; untag keeps the image, even for its last tag
 * (on Docker see `hold-child.ts`; Podman has an untag of its own).
 */
import type { TagResult, UntagPreview, UntagResult } from '../../../shared/actions.js';
import { HangarError } from '../../../shared/errors.js';
import type { EngineKind, ImageRecord } from '../../../shared/model.js';
import {
  mustParseReference,
  parseTagTarget,
  repositoryOf,
  type ImageReference,
} from '../../../shared/reference.js';
import { familiarRef } from '../../../shared/reference-names.js';
import { type DockerClient, type ImageInspectEntry, dial } from '../engine/docker-client.js';
import { toHangarError } from '../errors.js';
import type { ImageIndex } from '../index/image-index.js';
import { deleteImage, findImage, nameContainers } from './image-delete.js';
import { withHeldImage } from './hold-child.js';

export interface TagDeps {
  index: ImageIndex;
  client(): DockerClient;
  /** Which engine answers: Podman removes names and containers its own way. */
  engineKind(): EngineKind;
}

/** Parses a tag reference or throws `INVALID_REFERENCE` with the grammar's words. */
export function tagReference(input: string): ImageReference {
  const parsed = parseTagTarget(input);
  if (!parsed.ok) throw new HangarError('INVALID_REFERENCE', parsed.error);
  return parsed.ref;
}

/** The image a user names, from the index, or the daemon when the index has not caught up. */
export async function requireImage(deps: TagDeps, input: string): Promise<ImageRecord | string> {
  const found = findImage(deps.index, input);
  if (found) return found;
  try {
    const info = await deps.client().getImage(input).inspect();
    return deps.index.get(info.Id) ?? info.Id;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) {
      throw new HangarError('NOT_FOUND', `No image ${input}.`);
    }
    throw toHangarError(err);
  }
}

export async function tagImage(deps: TagDeps, source: string, target: string): Promise<TagResult> {
  const ref = tagReference(target);
  const image = await requireImage(deps, source);
  const id = typeof image === 'string' ? image : image.id;
  const holder = deps.index.byTag(ref.familiar);
  await deps
    .client()
    .getImage(id)
    .tag({ repo: ref.familiarName, tag: ref.tag ?? 'latest' });
  return {
    id,
    tag: ref.familiar,
    full: ref.full,
    movedFrom: holder && holder.id !== id ? holder.id : null,
  };
}

/**
 * What untagging `tag` would do. The references come fresh from the daemon (the index can lag a
 * change made a moment ago, and "is this the last tag?" must not be guessed); containers and
 * children come from the index.
 */
export async function untagPreview(deps: TagDeps, tag: string): Promise<UntagPreview> {
  return (await planUntag(deps, tag)).preview;
}

async function planUntag(
  deps: TagDeps,
  tag: string,
): Promise<{ preview: UntagPreview; keptDigests: string[] }> {
  const ref = tagReference(tag);
  let info: ImageInspectEntry;
  try {
    info = await deps.client().getImage(ref.familiar).inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) {
      throw new HangarError('NOT_FOUND', `No image is tagged ${ref.familiar}.`);
    }
    throw toHangarError(err);
  }
  const tags = (info.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
  const digests = (info.RepoDigests ?? []).filter((d) => d !== '<none>@<none>');
  // The tag as the engine lists it (Podman: `docker.io/me/app:1` for `me/app:1`).
  const listed = tags.find((t) => familiarRef(t) === ref.familiar);
  if (listed === undefined) {
    throw new HangarError('NOT_FOUND', `No image is tagged ${ref.familiar}.`);
  }
  const remainingTags = tags.filter((t) => t !== listed).sort();
  const repo = ref.familiarName;
  // Docker drops a repository's digest references together with its last tag.
  const repoKeepsATag = remainingTags.some((t) => repositoryOf(t) === repo);
  const alsoUntags = repoKeepsATag ? [] : digests.filter((d) => repositoryOf(d) === repo).sort();
  const lastTag = remainingTags.length === 0;
  const hasChildren = deps.index.childrenOf(info.Id).length > 0;
  const becomesDangling = lastTag && !hasChildren;
  const containers = (deps.index.get(info.Id)?.containers ?? []).map((c) => c.name);
  let message: string;
  if (!lastTag) message = `The image keeps its other tags: ${remainingTags.join(', ')}.`;
  else if (becomesDangling) {
    message =
      'This is the last tag: the image becomes dangling (untagged). It stays until you remove or prune it.';
  } else {
    message =
      'This is the last tag: the image stays, untagged, as the parent of images built on it.';
  }
  const preview = {
    tag: listed,
    id: info.Id,
    remainingTags,
    alsoUntags,
    lastTag,
    becomesDangling,
    containers,
    message,
  };
  return { preview, keptDigests: digests.filter((d) => !alsoUntags.includes(d)) };
}

export async function untagImage(deps: TagDeps, tag: string): Promise<UntagResult> {
  const { preview, keptDigests } = await planUntag(deps, tag);
  const docker = deps.client();
  const untagged =
    deps.engineKind() === 'podman'
      ? await untagOnPodman(docker, preview)
      : await untagOnDocker(deps, docker, preview, keptDigests);
  return {
    tag: preview.tag,
    id: preview.id,
    untagged,
    remainingTags: preview.remainingTags,
    becameDangling: preview.becomesDangling,
  };
}

/**
 * Docker's `DELETE /images/{tag}` with `noprune`, the image held by a throwaway child when nothing
 * else keeps it; resolves with the references the engine says it removed.
 */
async function untagOnDocker(
  deps: TagDeps,
  docker: DockerClient,
  preview: UntagPreview,
  keptDigests: readonly string[],
): Promise<string[]> {
  const image = deps.index.get(preview.id);
  const inUse = preview.containers.length > 0;
  const untag = async () => {
    try {
      // force: a container using the image would otherwise block removing its last reference;
      // the image stays either way (held below when needed), so the container keeps working.
      return await deleteImage(docker, preview.tag, { noprune: true, force: inUse });
    } catch (err) {
      const e = toHangarError(err);
      throw new HangarError(e.code, nameContainers(e.message, image), e.detail);
    }
  };
  // Other references keep the image; otherwise hold it (children known to the index may be gone
  // already, so never count on them).
  const others = preview.remainingTags.length + keptDigests.length;
  const { untagged } = others > 0 ? await untag() : await withHeldImage(docker, preview.id, untag);
  await refsAfterUntag(docker, preview);
  return untagged;
}

/**
 * Podman's own untag (`POST /libpod/images/{id}/untag`): it removes the one name and never the
 * image, whatever else holds it, and leaves containers alone. (Its Docker-compatible delete would
 * delete an image with its last name, and with `force` remove the containers using it.) What went
 * is what the engine listed before and not after: the name, and the digest of its repository when
 * no other name of that repository is left.
 */
async function untagOnPodman(docker: DockerClient, preview: UntagPreview): Promise<string[]> {
  const ref = mustParseReference(preview.tag);
  const before = refsOf(await docker.getImage(preview.id).inspect());
  await dial(docker, {
    path: `/libpod/images/${preview.id}/untag?`,
    method: 'POST',
    options: { repo: ref.name, tag: ref.tag ?? 'latest' },
    statusCodes: { 200: true, 201: true, 404: 'no such image', 500: 'server error' },
  }).catch((err: unknown) => {
    throw toHangarError(err);
  });
  const after = await refsAfterUntag(docker, preview);
  return before.filter((r) => !after.includes(r));
}

function refsOf(info: ImageInspectEntry): string[] {
  return [...(info.RepoTags ?? []), ...(info.RepoDigests ?? [])];
}

/** The image's references once untagged; it must still be there: that is the promise of untag. */
async function refsAfterUntag(docker: DockerClient, preview: UntagPreview): Promise<string[]> {
  try {
    return refsOf(await docker.getImage(preview.id).inspect());
  } catch (err) {
    throw new HangarError(
      'INTERNAL',
      `Untagged ${preview.tag}, but the image ${preview.id} is gone too (it lost its other references at the same moment).`,
      err instanceof Error ? err.message : String(err),
    );
  }
}
