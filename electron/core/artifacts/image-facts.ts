/**
 * Images as the artifact cache reads and tags them: each helper takes only what it asks (the index
 * and the engine for facts, a client for a tag, the engine's status for its host).
 */
import { DEFAULT_TAG, splitReference } from '../../../shared/reference-names.js';
import type { DockerClient, ImageInspectEntry } from '../engine/docker-client.js';
import type { EngineSource } from '../engine/engine-source.js';
import type { IndexService } from '../index/index-service.js';

/** Where image facts come from: the index, else the daemon. */
export interface ImageSource {
  engine: EngineSource;
  index: IndexService;
}

/** An image as the cache needs it. */
export interface ImageFacts {
  id: string;
  /** Unix ms. */
  created: number;
  size: number;
  repoTags: string[];
  repoDigests: string[];
  /** Names of containers using it. */
  containers: string[];
}

function isNotFound(err: unknown): boolean {
  return (err as { statusCode?: number } | null)?.statusCode === 404;
}

function strings(v: unknown): string[] {
  return Array.isArray(v)
    ? v.filter((s): s is string => typeof s === 'string' && !s.startsWith('<none>'))
    : [];
}

/**
 * The image with this id: from the index when it is live and knows it (no daemon call: the HIT
 * path), else one inspect (the index may not have caught up with a change made a moment ago, or
 * its event stream is down).
 */
export async function imageFacts(src: ImageSource, id: string): Promise<ImageFacts | null> {
  const live = src.index.status().staleSince === null;
  const record = live ? src.index.index.get(id) : undefined;
  if (record) {
    return {
      id: record.id,
      created: record.created * 1000,
      size: record.size,
      repoTags: [...record.repoTags],
      repoDigests: [...record.repoDigests],
      containers: record.containers.map((c) => c.name),
    };
  }
  return inspectFacts(src, id);
}

/** Asks the daemon (after a build, or when the index does not know the image). */
export async function inspectFacts(src: ImageSource, idOrRef: string): Promise<ImageFacts | null> {
  let info: ImageInspectEntry;
  try {
    info = await src.engine.client().getImage(idOrRef).inspect();
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
  const id = typeof info.Id === 'string' ? info.Id : idOrRef;
  const created = typeof info.Created === 'string' ? Date.parse(info.Created) : NaN;
  return {
    id,
    created: Number.isFinite(created) ? created : 0,
    size: typeof info.Size === 'number' ? info.Size : 0,
    repoTags: strings(info.RepoTags).sort(),
    repoDigests: strings(info.RepoDigests).sort(),
    containers: src.index.index.containersOf(id).map((c) => c.name),
  };
}

/** Tags an image `repo:tag`; false when the image is gone. */
export async function tagImage(client: DockerClient, id: string, ref: string): Promise<boolean> {
  const { repository, tag } = splitReference(ref);
  try {
    await client.getImage(id).tag({ repo: repository, tag: tag ?? DEFAULT_TAG });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** The engine's host, as entries and history rows name it. */
export function engineHost(engine: EngineSource): string {
  return engine.status().endpoint.host;
}
