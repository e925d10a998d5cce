/**
 * Serializable data model shared by the core, the hosts and the renderer.
 * No Node and no DOM imports here: these are plain DTOs.
 */

/** A container as the index knows it: enough to say who uses an image. */
export interface ContainerRecord {
  /** Full container id (64 hex). */
  id: string;
  /** Name without the leading slash. */
  name: string;
  /** `sha256:` id of the image the container was created from. */
  imageId: string;
  /** Docker's state word: created, running, paused, restarting, exited, dead. */
  state: string;
}

/** A container as listed on an image: no image id (it is the image's). */
export type ContainerRef = Omit<ContainerRecord, 'imageId'>;

/**
 * One image, normalised from `/images/json` or `/images/{id}/json`.
 * `repoTags`/`repoDigests` are always arrays: `null`, `[]` and `<none>` forms
 * (which changed across API versions) all become `[]`.
 */
export interface ImageRecord {
  /** `sha256:` id. */
  id: string;
  /** Familiar `repo:tag` names, sorted. */
  repoTags: string[];
  /** `repo@sha256:` names, sorted. */
  repoDigests: string[];
  /** `sha256:` id of the parent (classic builder only), or null. */
  parentId: string | null;
  /** Unix seconds. */
  created: number;
  /** Bytes, uncompressed, all layers. */
  size: number;
  labels: Record<string, string>;
  /** Containers (any state) created from this image, sorted by name. */
  containers: ContainerRef[];
  /** Untagged and not a parent of another image: what `docker images -f dangling=true` lists. */
  dangling: boolean;
  /** Untagged but parent of another image: a classic-builder intermediate layer. */
  intermediate: boolean;
}

export interface IndexTotals {
  images: number;
  tagged: number;
  dangling: number;
  intermediate: number;
  inUse: number;
  /** Sum of `size` over images; shared layers are counted once per image (what the API reports). */
  size: number;
  /** Sum of `size` over dangling images that no container uses. */
  danglingSize: number;
}

export interface IndexSnapshot {
  /** Increases by one with every delta. */
  version: number;
  images: ImageRecord[];
  totals: IndexTotals;
  /** Unix ms since when the event stream is down (the index may be out of date), or null when live. */
  staleSince: number | null;
  /** Unix ms of the last full load from the daemon, or null before the first. */
  loadedAt: number | null;
}

/** A change to the index. Applying deltas in version order to a snapshot gives the current index. */
export interface IndexDelta {
  version: number;
  upserts: ImageRecord[];
  /** Ids of images that no longer exist. */
  removals: string[];
}

export interface IndexStatus {
  version: number;
  staleSince: number | null;
  loadedAt: number | null;
  loading: boolean;
}

export type EngineKind = 'docker' | 'podman' | 'unknown';

/** Where the engine is and how it was chosen, like the docker CLI would. */
export interface EngineEndpoint {
  /** URL-style address: `unix:///var/run/docker.sock`, `tcp://host:2376`, `npipe:////./pipe/docker_engine`. */
  host: string;
  /** What chose it: `--host`, `DOCKER_HOST`, `context <name>`, `podman socket`, `default`. */
  source: string;
  tls: boolean;
}

export type EngineStatus =
  | {
      state: 'connecting';
      endpoint: EngineEndpoint;
    }
  | {
      state: 'reachable';
      endpoint: EngineEndpoint;
      kind: EngineKind;
      /** Server version, e.g. `20.10.24`. */
      version: string;
      /** The API version in use, e.g. `1.41`. */
      apiVersion: string;
      os: string;
      arch: string;
    }
  | {
      state: 'unreachable';
      endpoint: EngineEndpoint;
      /** The real reason in words: `Cannot reach Docker at unix:///var/run/docker.sock: permission denied`. */
      reason: string;
      /** Unix ms of the next automatic retry, or null when none is scheduled. */
      retryAt: number | null;
    };

/** Full image inspect, as the daemon returns it (JSON). */
export type ImageInspect = Record<string, unknown>;
