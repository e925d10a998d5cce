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
import { RegistryClient } from './registry-client.js';
import type { RegistryLogin } from './token-auth.js';

export interface RegistryCacheServiceOptions {
  /** Credentials for a registry host (default: the docker CLI's config, like push). */
  credentials?: (registry: string) => Promise<RegistryLogin | null>;
  fetch?: typeof fetch;
  now?: () => number;
  platform?: Platform;
}

/** Tags read at once while filling a page. */
const CONCURRENCY = 6;

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
    const tags = await client.listTags(repository);
    const start = req.cursor === null ? 0 : tags.findIndex((t) => t > (req.cursor ?? ''));
    const pageTags = start < 0 ? [] : tags.slice(start, start + req.limit);
    const listedAt = this.now();
    const entries = await mapLimit(pageTags, CONCURRENCY, (key) =>
      this.entry(client, registry, repository, key, req.ttlHours, listedAt),
    );
    const last = pageTags.at(-1);
    const more = start >= 0 && start + req.limit < tags.length;
    return {
      registry,
      repository,
      total: tags.length,
      entries,
      nextCursor: more && last !== undefined ? last : null,
      listedAt,
    };
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
      return found;
    });
    return {
      reference: ref,
      digest,
      message: `Deleted ${parsed.registry}/${parsed.repository}@${digest}: every tag that pointed at this digest is gone too. The registry frees the space at its next garbage collection.`,
    };
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
    const config = await client.getJsonBlob(repository, manifest.config.digest);
    return {
      digest: top.digest,
      mediaType: top.mediaType,
      platformManifest,
      configDigest: manifest.config.digest,
      config: config && typeof config === 'object' ? (config as Record<string, unknown>) : {},
      layers: manifest.layers.map((l) => ({
        digest: l.digest,
        mediaType: l.mediaType,
        size: l.size,
      })),
      size: manifestSize(manifest),
    };
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
      client = credentials(registry).then(
        (login) => new RegistryClient({ registry, login, fetch: this.opts.fetch, now: this.now }),
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
