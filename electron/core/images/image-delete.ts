/**
 * `DELETE /images/{name}` and the helpers the actions share: finding an image in the index by id,
 * short id or reference, and reading the daemon's Untagged/Deleted answer.
 */
import { HangarError } from '../../../shared/errors.js';
import type { ImageRecord } from '../../../shared/model.js';
import { parseReference } from '../../../shared/reference.js';
import type { DockerClient } from '../engine/docker-client.js';
import { daemonMessage } from '../errors.js';
import type { ImageIndex } from '../index/image-index.js';
import { normalizeId } from '../index/normalize.js';

export interface DeleteAnswer {
  /** References removed, as the engine names them (Docker: familiar, `app:1`, `reg/app@sha256:…`). */
  untagged: string[];
  /**
   * Everything the engine says it deleted: image ids and layer chain ids, `sha256:`-prefixed
   * (Podman answers bare hex). Podman has no `noprune`: its list also holds the untagged parents
   * it deleted along.
   */
  deleted: string[];
}

export async function deleteImage(
  docker: DockerClient,
  name: string,
  opts: { force?: boolean; noprune?: boolean; signal?: AbortSignal } = {},
): Promise<DeleteAnswer> {
  const answer = await docker.getImage(name).remove({
    force: opts.force ?? false,
    noprune: opts.noprune ?? false,
    ...(opts.signal ? { abortSignal: opts.signal } : {}),
  });
  const untagged: string[] = [];
  const deleted: string[] = [];
  for (const item of answer ?? []) {
    if (item.Untagged) untagged.push(item.Untagged);
    if (item.Deleted) deleted.push(normalizeId(item.Deleted));
  }
  return { untagged, deleted };
}

export function statusOf(err: unknown): number | undefined {
  const code = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** The daemon's words for a failed call, or the error's message. */
export function messageOf(err: unknown): string {
  if (err instanceof HangarError) return err.message;
  const said = daemonMessage((err ?? {}) as Parameters<typeof daemonMessage>[0]);
  if (said) return said;
  return err instanceof Error ? err.message : String(err);
}

const FULL_ID = /^(?:sha256:)?([0-9a-f]{64})$/;
const SHORT_ID = /^(?:sha256:)?([0-9a-f]{4,63})$/;

/**
 * The image a user means by `input`, from the index: a full or short id, `repo:tag` (any form the
 * grammar accepts: `ubuntu`, `docker.io/library/ubuntu:latest`) or `repo@digest`. Like the daemon,
 * a name is tried before an id prefix. Undefined when the index does not know it.
 */
export function findImage(index: ImageIndex, input: string): ImageRecord | undefined {
  const full = FULL_ID.exec(input);
  if (full) return index.get(`sha256:${full[1]}`);
  const parsed = parseReference(input);
  if (parsed.ok) {
    const { ref } = parsed;
    const found =
      ref.digest !== null && ref.tag === null
        ? index.byDigest(`${ref.familiarName}@${ref.digest}`)
        : index.byTag(`${ref.familiarName}:${ref.tag ?? 'latest'}`);
    if (found) return found;
  }
  const short = SHORT_ID.exec(input);
  if (!short) return undefined;
  const prefix = `sha256:${short[1]}`;
  const hits = index.all().filter((r) => r.id.startsWith(prefix));
  if (hits.length > 1) {
    throw new HangarError(
      'NOT_FOUND',
      `The short id ${input} matches ${hits.length} images; give more of it.`,
    );
  }
  return hits[0];
}

/** Names the containers behind a daemon conflict message (`container 3f2a1b…`) when it can. */
export function nameContainers(message: string, image: ImageRecord | undefined): string {
  if (!image) return message;
  return message.replace(/container ([0-9a-f]{12,64})/g, (whole, id: string) => {
    const c = image.containers.find((k) => k.id.startsWith(id));
    return c ? `container ${c.name} (${id.slice(0, 12)})` : whole;
  });
}
