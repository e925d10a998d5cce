/**
 * The registry cache levels seen from the registry: list a level's tags (key, digest, created,
 * size, fresh or too old vs a TTL), inspect one, delete one by digest. One `RegistryClient` per
 * registry, so Bearer tokens are reused across requests; credentials come from the same resolver
 * as push.
 */
import { HangarError } from '../../../shared/errors.js';
import type {
  CacheFreshness,
  RegistryCacheDeleteResult,
  RegistryCacheEntry,
  RegistryCacheInspect,
  RegistryCacheListRequest,
  RegistryCachePage,
} from '../../../shared/registry-cache.js';
import { resolveCredentials } from '../images/credentials.js';
import { parseCacheLocation, parseCacheRef } from './cache-location.js';
import {
  hostPlatform,
  isIndex,
  manifestSize,
  pickPlatform,
  readImageManifest,
  type Platform,
} from './image-manifest.js';
import { RegistryClient, type RawManifest } from './registry-client.js';
import type { RegistryLogin } from './token-auth.js';

export interface RegistryCacheServiceOptions {
  /** Credentials for a registry host (default: the docker CLI's config, like push). */
  credentials?: (registry: string) => Promise<RegistryLogin | null>;
  /** Registry hosts the user marked insecure (plain HTTP); read when a client is made. */
  insecure?: () => readonly string[];
  /** Adds what this machine knows about listed keys: their artifact, the pinned digest. */
  annotate?: (location: string, entries: RegistryCacheEntry[]) => void;
  fetch?: typeof fetch;
  now?: () => number;
  platform?: Platform;
}

/** Tags read at once while filling a page. */
const CONCURRENCY = 12;
/** How long a level's tag list serves the following pages of one listing. */
const TAG_LIST_TTL_MS = 60_000;
/** Image configs kept by digest (content-addressed: never stale). */
const CONFIG_CACHE_SIZE = 20_000;

/** What a cache level holds under a tag or digest, as a lookup needs it. */
export interface ProbedImage {
  /** `REGISTRY/REPO/NAMESPACE:KEY` or `…@sha256:`, as asked. */
  reference: string;
  /** The top manifest's digest (an index's for multi-platform images). */
  digest: string;
  /** The config digest of the platform's image: the id the engine will give it. */
  imageId: string;
  /** Unix ms from the config's `created`, or null when absent or unreadable. */
  created: number | null;
  size: number;
}

interface Resolved {
  digest: string;
  mediaType: string;
  platformManifest: { digest: string; platform: string } | null;
  configDigest: string;
  config: Record<string, unknown>;
  layers: { digest: string; mediaType: string; size: number }[];
  size: number;
}

export class RegistryCacheService {
  private readonly clients = new Map<string, Promise<RegistryClient>>();
  private readonly tagLists = new Map<string, { tags: string[]; at: number }>();
  private readonly configs = new Map<string, Promise<Record<string, unknown>>>();
  private readonly opts: RegistryCacheServiceOptions;
  private readonly now: () => number;

  constructor(opts: RegistryCacheServiceOptions = {}) {
    this.opts = opts;
    this.now = opts.now ?? Date.now;
  }

  async list(req: RegistryCacheListRequest): Promise<RegistryCachePage> {
    const { registry, repository } = parseCacheLocation(req.location);
    return this.withClient(registry, (client) => this.listWith(client, registry, repository, req));
  }

  private async listWith(
    client: RegistryClient,
    registry: string,
    repository: string,
    req: RegistryCacheListRequest,
  ): Promise<RegistryCachePage> {
    const tags = await this.tagsFor(client, registry, repository, req.cursor === null);
    const start = req.cursor === null ? 0 : tags.findIndex((t) => t > (req.cursor ?? ''));
    const pageTags = start < 0 ? [] : tags.slice(start, start + req.limit);
    const listedAt = this.now();
    const entries = await mapLimit(pageTags, CONCURRENCY, (key) =>
      this.entry(client, registry, repository, key, req.ttlHours, listedAt),
    );
    const last = pageTags.at(-1);
    const more = start >= 0 && start + req.limit < tags.length;
    this.opts.annotate?.(`${registry}/${repository}`, entries);
    return {
      registry,
      repository,
      total: tags.length,
      entries,
      nextCursor: more && last !== undefined ? last : null,
      listedAt,
    };
  }

  /**
   * The level's sorted tags: fetched for a first page, reused for the pages that follow it (one
   * listing of 5,000 tags is one walk of `tags/list`, not one per page).
   */
  private async tagsFor(
    client: RegistryClient,
    registry: string,
    repository: string,
    fresh: boolean,
  ): Promise<string[]> {
    const location = `${registry}/${repository}`;
    const cached = this.tagLists.get(location);
    if (!fresh && cached && this.now() - cached.at < TAG_LIST_TTL_MS) return cached.tags;
    const tags = await client.listTags(repository);
    this.tagLists.set(location, { tags, at: this.now() });
    return tags;
  }

  async inspect(ref: string): Promise<RegistryCacheInspect> {
    const parsed = parseCacheRef(ref);
    const r = await this.withClient(parsed.registry, (client) =>
      this.resolve(client, parsed.repository, parsed.reference, ref),
    );
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    const inner = (r.config.config ?? {}) as { Labels?: unknown };
    const labels: Record<string, string> = {};
    if (inner.Labels && typeof inner.Labels === 'object') {
      for (const [k, v] of Object.entries(inner.Labels)) if (typeof v === 'string') labels[k] = v;
    }
    return {
      reference: ref,
      registry: parsed.registry,
      repository: parsed.repository,
      digest: r.digest,
      mediaType: r.mediaType,
      platformManifest: r.platformManifest,
      configDigest: r.configDigest,
      created: str(r.config.created),
      os: str(r.config.os),
      architecture: str(r.config.architecture),
      labels,
      layers: r.layers,
      size: r.size,
    };
  }

  async delete(ref: string): Promise<RegistryCacheDeleteResult> {
    const parsed = parseCacheRef(ref);
    const digest = await this.withClient(parsed.registry, async (client) => {
      const found = parsed.isDigest
        ? parsed.reference
        : await client.manifestDigest(parsed.repository, parsed.reference);
      if (found === null) throw new HangarError('NOT_FOUND', `${ref} is not in the registry.`);
      await client.deleteManifest(parsed.repository, found);
      this.tagLists.delete(`${parsed.registry}/${parsed.repository}`);
      return found;
    });
    return {
      reference: ref,
      digest,
      message: `Deleted ${parsed.registry}/${parsed.repository}@${digest}: every tag that pointed at this digest is gone too. The registry frees the space at its next garbage collection.`,
    };
  }

  /**
   * What `LOCATION:KEY` (or `LOCATION@DIGEST`) holds, or null when the registry has no such tag
   * or manifest. Errors (unreachable, refused credentials) are thrown for the caller to judge.
   */
  async probe(
    location: string,
    reference: string,
    signal?: AbortSignal,
  ): Promise<ProbedImage | null> {
    const { registry, repository } = parseCacheLocation(location);
    const display = reference.startsWith('sha256:')
      ? `${location}@${reference}`
      : `${location}:${reference}`;
    return this.withClient(registry, async (client) => {
      const top = await client.getManifest(repository, reference, signal);
      if (!top) return null;
      const r = await this.resolveFrom(client, repository, top, display);
      const created = typeof r.config.created === 'string' ? Date.parse(r.config.created) : NaN;
      return {
        reference: display,
        digest: r.digest,
        imageId: r.configDigest,
        created: Number.isNaN(created) ? null : created,
        size: r.size,
      };
    });
  }

  /**
   * Writes the manifest `from` points at under `to` (`REGISTRY/REPO:TAG`) without pulling: a
   * manifest PUT, after mounting the blobs when the repository differs. Same registry only.
   */
  async copy(from: string, to: string, signal?: AbortSignal): Promise<string> {
    const src = parseCacheRef(from);
    const dst = parseCacheRef(to);
    if (src.registry !== dst.registry) {
      throw new HangarError(
        'VALIDATION',
        `${to} is on another registry than ${from}: a tag can only be written remotely within one registry; pull instead.`,
      );
    }
    return this.withClient(src.registry, async (client) => {
      const top = await client.getManifest(src.repository, src.reference, signal);
      if (!top) throw new HangarError('NOT_FOUND', `${from} is not in the registry.`);
      if (dst.repository !== src.repository) {
        await this.mountAll(client, src.repository, dst.repository, top, signal);
      }
      return client.putManifest(dst.repository, dst.reference, top, signal);
    });
  }

  /** Mounts every blob (and, for an index, every child manifest) of `top` into `to`. */
  private async mountAll(
    client: RegistryClient,
    from: string,
    to: string,
    top: RawManifest,
    signal?: AbortSignal,
  ): Promise<void> {
    const children = isIndex(top.mediaType, top.body) ? indexChildren(top.body) : [];
    for (const child of children) {
      const m = await client.getManifest(from, child, signal);
      if (!m) throw new HangarError('NOT_FOUND', `${from} lists a manifest it does not hold.`);
      await this.mountAll(client, from, to, m, signal);
      await client.putManifest(to, child, m, signal);
    }
    if (children.length > 0) return;
    const manifest = readImageManifest(top.body);
    for (const digest of [manifest.config.digest, ...manifest.layers.map((l) => l.digest)]) {
      if (await client.hasBlob(to, digest, signal)) continue;
      if (!(await client.mountBlob(to, digest, from, signal))) {
        throw new HangarError(
          'REGISTRY_ERROR',
          `${client.registry} would not mount ${digest} from ${from} into ${to}; pull and push instead.`,
        );
      }
    }
  }

  /** Forget the clients (new credentials or insecure settings take effect on the next call). */
  resetClients(): void {
    this.clients.clear();
  }

  private async entry(
    client: RegistryClient,
    registry: string,
    repository: string,
    key: string,
    ttlHours: number | null,
    listedAt: number,
  ): Promise<RegistryCacheEntry> {
    const reference = `${registry}/${repository}:${key}`;
    try {
      const r = await this.resolve(client, repository, key, reference);
      const created = typeof r.config.created === 'string' ? r.config.created : null;
      const time = created === null ? NaN : Date.parse(created);
      const ageMs = Number.isNaN(time) ? null : Math.max(0, listedAt - time);
      return {
        key,
        reference,
        digest: r.digest,
        created,
        ageMs,
        size: r.size,
        freshness: freshness(ageMs, ttlHours),
        artifact: null,
        pin: null,
        pinnedDigest: null,
      };
    } catch (err) {
      // A tag deleted while listing, or a schema-1 image: say so on its row, keep the page.
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof HangarError && err.code === 'AUTH_FAILED') throw err;
      return {
        key,
        reference,
        digest: '',
        created: null,
        ageMs: null,
        size: 0,
        freshness: 'unknown',
        artifact: null,
        pin: null,
        pinnedDigest: null,
        error: message,
      };
    }
  }

  private async resolve(
    client: RegistryClient,
    repository: string,
    reference: string,
    display: string,
  ): Promise<Resolved> {
    const top = await client.getManifest(repository, reference);
    if (!top) throw new HangarError('NOT_FOUND', `${display} is not in the registry.`);
    return this.resolveFrom(client, repository, top, display);
  }

  private async resolveFrom(
    client: RegistryClient,
    repository: string,
    top: RawManifest,
    display: string,
  ): Promise<Resolved> {
    let body = top.body;
    let platformManifest: Resolved['platformManifest'] = null;
    if (isIndex(top.mediaType, top.body)) {
      const chosen = pickPlatform(top.body, this.opts.platform ?? hostPlatform());
      const child = await client.getManifest(repository, chosen.digest);
      if (!child)
        throw new HangarError('NOT_FOUND', `${display} lists a manifest it does not hold.`);
      body = child.body;
      const p = chosen.platform;
      platformManifest = {
        digest: chosen.digest,
        platform: p ? [p.os, p.architecture, p.variant].filter(Boolean).join('/') : 'unknown',
      };
    }
    const manifest = readImageManifest(body);
    const config = await this.config(client, repository, manifest.config.digest);
    return {
      digest: top.digest,
      mediaType: top.mediaType,
      platformManifest,
      configDigest: manifest.config.digest,
      config,
      layers: manifest.layers.map((l) => ({
        digest: l.digest,
        mediaType: l.mediaType,
        size: l.size,
      })),
      size: manifestSize(manifest),
    };
  }

  /**
   * An image config by digest, read once (a digest names its content); tags sharing a config
   * while it is in flight wait for the same read.
   */
  private config(
    client: RegistryClient,
    repository: string,
    digest: string,
  ): Promise<Record<string, unknown>> {
    const hit = this.configs.get(digest);
    if (hit) return hit;
    const read = client
      .getJsonBlob(repository, digest)
      .then((blob) => (blob && typeof blob === 'object' ? (blob as Record<string, unknown>) : {}));
    read.catch(() => this.configs.delete(digest));
    if (this.configs.size >= CONFIG_CACHE_SIZE) {
      const oldest = this.configs.keys().next().value;
      if (oldest !== undefined) this.configs.delete(oldest);
    }
    this.configs.set(digest, read);
    return read;
  }

  /** Runs `fn`; refused credentials drop the client, so a `docker login` then a retry works. */
  private async withClient<T>(
    registry: string,
    fn: (client: RegistryClient) => Promise<T>,
  ): Promise<T> {
    try {
      return await fn(await this.client(registry));
    } catch (err) {
      if (err instanceof HangarError && err.code === 'AUTH_FAILED') this.clients.delete(registry);
      throw err;
    }
  }

  private client(registry: string): Promise<RegistryClient> {
    let client = this.clients.get(registry);
    if (!client) {
      const credentials = this.opts.credentials ?? defaultCredentials;
      const insecure = this.opts.insecure?.().includes(registry) ?? false;
      client = credentials(registry).then(
        (login) =>
          new RegistryClient({ registry, login, insecure, fetch: this.opts.fetch, now: this.now }),
      );
      client.catch(() => this.clients.delete(registry));
      this.clients.set(registry, client);
    }
    return client;
  }
}

async function defaultCredentials(registry: string): Promise<RegistryLogin | null> {
  const creds = await resolveCredentials(registry);
  if (!creds) return null;
  const login: RegistryLogin = {};
  if (creds.username) login.username = creds.username;
  if (creds.password) login.password = creds.password;
  if (creds.identityToken) login.identityToken = creds.identityToken;
  return login;
}

/** The child manifest digests of an OCI index / manifest list. */
function indexChildren(body: unknown): string[] {
  const list = (body as { manifests?: unknown } | null)?.manifests;
  if (!Array.isArray(list)) return [];
  return list
    .map((m) => (m as { digest?: unknown } | null)?.digest)
    .filter((d): d is string => typeof d === 'string');
}

export function freshness(ageMs: number | null, ttlHours: number | null): CacheFreshness {
  if (ageMs === null || ttlHours === null) return 'unknown';
  return ageMs <= ttlHours * 3_600_000 ? 'fresh' : 'too-old';
}

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
