/**
 * The Docker Engine API calls Hangar makes, typed once: each request with the options Hangar
 * passes, each answer with the fields Hangar reads. `Engine` hands out its dockerode clients as a
 * `DockerClient`; the rest of the core calls the engine through this type and never imports
 * dockerode. It only types dockerode's own methods: nothing here runs.
 *
 * Answers are the engine's JSON as Docker and Podman send it. Listings are `unknown` because the
 * index checks them before reading (`listingEntries`); other answers are trusted for the fields
 * named here, and a field marked optional may be missing on some engine or API version.
 */
/** Options every call takes: an abort signal ends the request (docker-modem honours it). */
export interface CallOptions {
  abortSignal?: AbortSignal;
}

/** The daemon's `X-Registry-Auth` JSON (dockerode encodes it as padded base64url). */
export interface AuthConfig {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress?: string;
}

/** `GET /version`: the fields the probe reads (`parseVersion` checks them), and the rest. */
export interface VersionAnswer {
  ApiVersion?: string;
  MinAPIVersion?: string;
  Version?: string;
  Os?: string;
  Arch?: string;
  [field: string]: unknown;
}

/** One record of `GET /system/df`'s `BuildCache` (Docker with BuildKit). */
export interface BuildCacheAnswer {
  ID: string;
  /** API < 1.42. */
  Parent?: string | null;
  /** API ≥ 1.42. */
  Parents?: string[] | null;
  Type?: string;
  Description?: string;
  InUse?: boolean;
  Shared?: boolean;
  Size?: number;
  /** RFC 3339. */
  CreatedAt?: string | null;
  LastUsedAt?: string | null;
  UsageCount?: number;
}

/** `GET /system/df`: the figures the disk usage, the prune measure and the build cache read. */
export interface SystemDfAnswer {
  LayersSize?: number;
  Images?: { Id?: string; Size?: number; SharedSize?: number }[] | null;
  BuildCache?: BuildCacheAnswer[] | null;
}

/** `POST /build/prune`'s answer. */
export interface BuildPruneAnswer {
  CachesDeleted?: string[] | null;
  SpaceReclaimed?: number;
}

/** One entry of `GET /images/json`, as far as Hangar reads it. */
export interface ImageListEntry {
  Id: string;
  ParentId?: string | null;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created: number;
  Size: number;
  Labels?: Record<string, string> | null;
}

/** `GET /images/{name}/json`: the fields Hangar reads, and the rest as the engine sent them. */
export interface ImageInspectEntry {
  Id: string;
  Parent?: string | null;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created: string;
  Size: number;
  Config?: { Labels?: Record<string, string> | null } | null;
  RootFS?: { Layers?: string[] | null } | null;
  [field: string]: unknown;
}

/** One entry of `GET /containers/json`, as far as Hangar reads it. */
export interface ContainerListEntry {
  Id: string;
  Names?: string[] | null;
  ImageID: string;
  State?: string | { Status?: string } | null;
}

/** `GET /containers/{id}/json`, as far as Hangar reads it. */
export interface ContainerInspectEntry {
  Id: string;
  Name?: string | null;
  Image: string;
  State?: { Status?: string } | null;
}

/** One entry of `GET /images/{name}/history`, newest first. */
export interface HistoryEntry {
  Id?: string;
  Created?: number;
  CreatedBy?: string;
  Size?: number;
  Tags?: string[] | null;
  Comment?: string;
}

/** One line of `DELETE /images/{name}`'s answer. */
export interface DeleteResponseItem {
  Untagged?: string;
  Deleted?: string;
}

/**
 * `POST /build`'s query. `t` repeats, one per tag: docker-modem sends an array as `t=a&t=b`.
 * `version: '1'` asks for the classic builder.
 */
export interface BuildOptions extends CallOptions {
  t?: string | string[];
  dockerfile?: string;
  buildargs?: Record<string, string>;
  labels?: Record<string, string>;
  target?: string;
  platform?: string;
  version?: '1' | '2';
  /** The build's network mode; a daemon without a bridge needs `none` for BuildKit's RUN. */
  networkmode?: string;
  /** BuildKit's id of the build, for `POST /build/cancel?id=…`. */
  buildid?: string;
  nocache?: boolean;
  rm?: boolean;
  forcerm?: boolean;
  /** `client-session`: BuildKit reads the context through the session named by `session`. */
  remote?: string;
  session?: string;
}

/** `POST /images/create` (a pull): `tag` is a tag or a `sha256:` digest. */
export interface PullOptions extends CallOptions {
  fromImage: string;
  tag: string;
  /** `os/arch[/variant]`; the engine's own platform when absent. */
  platform?: string;
}

/** `GET /events`. */
export interface EventsOptions extends CallOptions {
  filters?: Record<string, string[]>;
}

/** One raw request through docker-modem, for an endpoint dockerode has no method for. */
export interface DialOptions {
  path: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Sent as the query string (after the `?` that ends `path`). */
  options?: Record<string, unknown>;
  /** Which statuses are success (`true`) and the words of the others. */
  statusCodes: Record<number, true | string>;
  /** Answer with the response stream instead of its parsed body. */
  isStream?: boolean;
  /** The request body: a stream or a Buffer (a build's context tar). */
  file?: NodeJS.ReadableStream | Buffer;
  /** Ends the request. */
  abortSignal?: AbortSignal;
}

export interface DockerImage {
  inspect(): Promise<ImageInspectEntry>;
  history(): Promise<HistoryEntry[]>;
  tag(options: { repo: string; tag: string }): Promise<unknown>;
  remove(
    options?: { force?: boolean; noprune?: boolean } & CallOptions,
  ): Promise<DeleteResponseItem[] | null>;
  push(
    options: { tag: string; authconfig: AuthConfig } & CallOptions,
  ): Promise<NodeJS.ReadableStream>;
}

export interface DockerContainer {
  inspect(): Promise<ContainerInspectEntry>;
}

/** The calls Hangar makes on an engine. */
export interface DockerClient {
  ping(options?: CallOptions): Promise<unknown>;
  version(options?: CallOptions): Promise<VersionAnswer>;
  df(): Promise<SystemDfAnswer>;
  listImages(options?: { all?: boolean }): Promise<unknown>;
  listContainers(options?: { all?: boolean }): Promise<unknown>;
  getImage(name: string): DockerImage;
  getContainer(id: string): DockerContainer;
  /** The context is a tar: a stream, or a Buffer holding all of it. */
  buildImage(
    context: NodeJS.ReadableStream | Buffer,
    options: BuildOptions,
  ): Promise<NodeJS.ReadableStream>;
  createImage(auth: AuthConfig, options: PullOptions): Promise<NodeJS.ReadableStream>;
  /** `GET /images/get?names=…`: a `docker save` tar of the images. */
  getImages(options: { names: string[] } & CallOptions): Promise<NodeJS.ReadableStream>;
  /** `POST /images/load`: the body is an archive; answers a JSON-lines stream. */
  loadImage(
    file: NodeJS.ReadableStream,
    options: { quiet?: boolean } & CallOptions,
  ): Promise<NodeJS.ReadableStream>;
  getEvents(options?: EventsOptions): Promise<NodeJS.ReadableStream>;
  readonly modem: {
    dial(options: DialOptions, callback: (err: unknown, answer: unknown) => void): void;
  };
}

/** One `DialOptions` request as a promise: the parsed answer, or the response stream with `isStream`. */
export function dial<T>(client: Pick<DockerClient, 'modem'>, options: DialOptions): Promise<T> {
  return new Promise((resolve, reject) => {
    client.modem.dial(options, (err, answer) => (err ? reject(err) : resolve(answer as T)));
  });
}
