/**
 * The registry cache levels seen from the registry: list a level's tags (key, digest, created,
 * size, fresh or too old vs a TTL), inspect one, probe one for a lookup, copy one to another tag
 * (`remote-copy.ts`), delete one by digest. Images are read through `image-resolver.ts`. One `RegistryClient` per
 * registry, so Bearer tokens are reused across requests; credentials come from the same resolver
 * as push.
 */
import { pastTtl } from '../../../shared/artifacts.js';
import { HangarError } from '../../../shared/errors.js';
import type {
  CacheFreshness,
  RegistryCacheDeleteResult,
  RegistryCacheDigestTags,
  RegistryCacheEntry,
  RegistryCacheInspect,
  RegistryCacheListRequest,
  RegistryCachePage,
} from '../../../shared/registry-cache.js';
import { keyMatches, matchWords } from '../../../shared/registry-cache.js';
import { resolveCredentials } from '../images/credentials.js';
import { parseCacheLocation, parseCacheRef } from './cache-location.js';
import { mapLimit } from '../concurrency.js';
import type { Platform } from './image-manifest.js';
import { ImageResolver } from './image-resolver.js';
import { RegistryClient } from './registry-client.js';
import { copyManifest } from './remote-copy.js';
import type { RegistryLogin } from './token-auth.js';

export interface RegistryCacheServiceOptions {
  /** Credentials for a registry host (default: the docker CLI's config, like push). */
  credentials?: (registry: string) => Promise<RegistryLogin | null>;
  /** Registry hosts the user marked insecure (plain HTTP); read when a client is made. */
  insecure?: () => readonly string[];
  /** Adds what this machine knows about listed keys: their artifact, the pinned digest. */
  annotate?: (location: string, entries: RegistryCacheEntry[]) => void;
  /** The artifact this machine knows for each of `keys` (a search matches its name too). */
  artifactNames?: (location: string, keys: readonly string[]) => Map<string, string>;
  fetch?: typeof fetch;
  now?: () => number;
  platform?: Platform;
}

/** Tags read at once while filling a page. */
const CONCURRENCY = 12;
/** How long a level's tag list serves the following pages of one listing. */
const TAG_LIST_TTL_MS = 60_000;

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

export class RegistryCacheService {
  private readonly clients = new Map<string, Promise<RegistryClient>>();
  private readonly tagLists = new Map<string, { tags: string[]; at: number }>();
  /** Each tag list's searches (words → matching tags), gone with the list. */
  private readonly searches = new WeakMap<string[], Map<string, string[]>>();
  private readonly resolver: ImageResolver;
  private readonly opts: RegistryCacheServiceOptions;
  private readonly now: () => number;

  constructor(opts: RegistryCacheServiceOptions = {}) {
    this.opts = opts;
    this.now = opts.now ?? Date.now;
    this.resolver = new ImageResolver(opts.platform);
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
    const all = await this.tagsFor(client, registry, repository, req.cursor === null);
    const tags = this.matching(`${registry}/${repository}`, all, req.match);
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
      total: all.length,
      matching: tags.length,
      entries,
      nextCursor: more && last !== undefined ? last : null,
      listedAt,
    };
  }

  /**
   * The tags (still sorted) whose key or known artifact has every word of `match`. Worked out once
   * per tag list and search: the later pages of a search reuse it, as they reuse the tag list.
   */
  private matching(location: string, tags: string[], match: string | undefined): string[] {
    const words = matchWords(match);
    if (words.length === 0) return tags;
    const key = words.join(' ');
    let searches = this.searches.get(tags);
    if (!searches) this.searches.set(tags, (searches = new Map()));
    let found = searches.get(key);
    if (!found) {
      const names = this.opts.artifactNames?.(location, tags) ?? new Map<string, string>();
      found = tags.filter((tag) => keyMatches(words, tag, names.get(tag) ?? null));
      searches.set(key, found);
    }
    return found;
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
      this.resolver.resolve(client, parsed.repository, parsed.reference, ref),
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

  /**
   * Every tag of the level that points at the digest `ref` names, asked of the registry now (a
   * HEAD per tag, fresh: what a delete of that digest takes along must not come from a stale list).
   */
  async digestTags(ref: string, signal?: AbortSignal): Promise<RegistryCacheDigestTags> {
    const parsed = parseCacheRef(ref);
    if (!parsed.isDigest) {
      throw new HangarError('VALIDATION', `${ref} names a tag; name a digest (…@sha256:…).`);
    }
    return this.withClient(parsed.registry, async (client) => {
      const tags = await this.tagsFor(client, parsed.registry, parsed.repository, true);
      const unread: string[] = [];
      const digests = await mapLimit(tags, CONCURRENCY, (tag) =>
        client.manifestDigest(parsed.repository, tag, signal).catch((err: unknown) => {
          if (signal?.aborted) throw err;
          unread.push(tag);
          return null;
        }),
      );
      return {
        reference: ref,
        digest: parsed.reference,
        keys: tags.filter((_, i) => digests[i] === parsed.reference),
        checked: tags.length,
        unread: unread.sort(),
      };
    });
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
      const r = await this.resolver.resolveFrom(client, repository, top, display);
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
    return this.withClient(src.registry, (client) =>
      copyManifest(
        client,
        { repository: src.repository, reference: src.reference, display: from },
        { repository: dst.repository, reference: dst.reference },
        signal,
      ),
    );
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
      const r = await this.resolver.resolve(client, repository, key, reference);
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

export function freshness(ageMs: number | null, ttlHours: number | null): CacheFreshness {
  if (ageMs === null || ttlHours === null) return 'unknown';
  return pastTtl(ageMs, ttlHours) ? 'too-old' : 'fresh';
}
