/**
 * A Registry HTTP API v2 client on `fetch`: ping, `tags/list` following
 * `Link` pagination, manifests with the full Accept list, config blobs, DELETE by digest. Answers
 * 401 challenges with Basic credentials or a Bearer token per scope, cached until `expires_in`.
 * Plain HTTP only for loopback registries (`registryBaseUrl`).
 */
import { HangarError } from '../../../shared/errors.js';
import { parseChallenges } from './auth-challenge.js';
import { MANIFEST_ACCEPT, registryBaseUrl } from './manifest-head.js';
import { basicAuth, fetchBearerToken, type RegistryLogin } from './token-auth.js';

export interface RegistryClientOptions {
  /** The registry as in a reference: `localhost:5000`, `ghcr.io`. */
  registry: string;
  login?: RegistryLogin | null;
  /** Plain HTTP although not loopback: the user marked this registry insecure. */
  insecure?: boolean;
  fetch?: typeof fetch;
  /** Per-request time limit (default 15 s). */
  timeoutMs?: number;
  now?: () => number;
}

export interface RawManifest {
  digest: string;
  mediaType: string;
  body: unknown;
  /** The bytes as served: a copy must PUT exactly these to keep the digest. */
  raw: string;
}

/** Safety net against a registry whose `Link` loops. */
const MAX_PAGES = 10_000;

/** The `rel="next"` target of a `Link` header, or null. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (m && /rel="?next"?/.test(m[2] ?? '')) return m[1] ?? null;
  }
  return null;
}

export class RegistryClient {
  readonly registry: string;
  private readonly base: string;
  private readonly login: RegistryLogin | null;
  private readonly doFetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();
  private useBasic = false;

  constructor(opts: RegistryClientOptions) {
    this.registry = opts.registry;
    this.base = registryBaseUrl(opts.registry, opts.insecure ?? false);
    this.login = opts.login ?? null;
    this.doFetch = opts.fetch ?? fetch;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.now = opts.now ?? Date.now;
  }

  /** `GET /v2/`: resolves when the registry answers and accepts us. */
  async ping(signal?: AbortSignal): Promise<void> {
    const res = await this.send('/v2/', { scope: '' }, signal);
    await this.expectOk(res, 'the API root');
  }

  /** Every tag of `repository`, following `Link` pages, sorted (2.8 sends them unsorted). */
  async listTags(repository: string, pageSize = 1000, signal?: AbortSignal): Promise<string[]> {
    const tags: string[] = [];
    const seen = new Set<string>();
    let path: string | null = `/v2/${repository}/tags/list?n=${pageSize}`;
    for (let page = 0; path !== null && page < MAX_PAGES; page++) {
      if (seen.has(path)) break;
      seen.add(path);
      const res = await this.send(path, { scope: pullScope(repository) }, signal);
      if (res.status === 404) {
        throw new HangarError('NOT_FOUND', `${this.registry} has no repository ${repository}.`);
      }
      await this.expectOk(res, `the tags of ${repository}`);
      const json = (await res.json()) as { tags?: unknown };
      if (Array.isArray(json.tags)) {
        for (const t of json.tags) if (typeof t === 'string') tags.push(t);
      }
      const next = nextLink(res.headers.get('link'));
      path =
        next === null ? null : new URL(next, this.base).pathname + new URL(next, this.base).search;
    }
    return [...new Set(tags)].sort();
  }

  /** HEAD a manifest: its digest, or null when there is none. */
  async manifestDigest(
    repository: string,
    reference: string,
    signal?: AbortSignal,
  ): Promise<string | null> {
    const res = await this.send(
      `/v2/${repository}/manifests/${reference}`,
      { method: 'HEAD', scope: pullScope(repository), accept: MANIFEST_ACCEPT },
      signal,
    );
    if (res.status === 404) return null;
    await this.expectOk(res, `${repository}:${reference}`);
    return res.headers.get('docker-content-digest') ?? null;
  }

  /** GET a manifest (or index) as JSON with its digest; null when there is none. */
  async getManifest(
    repository: string,
    reference: string,
    signal?: AbortSignal,
  ): Promise<RawManifest | null> {
    const res = await this.send(
      `/v2/${repository}/manifests/${reference}`,
      { scope: pullScope(repository), accept: MANIFEST_ACCEPT },
      signal,
    );
    if (res.status === 404) return null;
    await this.expectOk(res, `${repository}:${reference}`);
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new HangarError('REGISTRY_ERROR', `${this.registry} sent a manifest that is not JSON.`);
    }
    const digest =
      res.headers.get('docker-content-digest') ??
      (reference.startsWith('sha256:') ? reference : await sha256(text));
    const declared = (body as { mediaType?: unknown } | null)?.mediaType;
    const mediaType =
      typeof declared === 'string' ? declared : (res.headers.get('content-type') ?? '');
    return { digest, mediaType, body, raw: text };
  }

  /** PUT a manifest under a tag or digest; returns the digest the registry computed. */
  async putManifest(
    repository: string,
    reference: string,
    manifest: Pick<RawManifest, 'raw' | 'mediaType'>,
    signal?: AbortSignal,
  ): Promise<string> {
    const res = await this.send(
      `/v2/${repository}/manifests/${reference}`,
      {
        method: 'PUT',
        scope: pushScope(repository),
        contentType: manifest.mediaType,
        body: manifest.raw,
      },
      signal,
    );
    await this.expectOk(res, `writing ${repository}:${reference}`);
    return res.headers.get('docker-content-digest') ?? (await sha256(manifest.raw));
  }

  /** True when `repository` holds the blob. */
  async hasBlob(repository: string, digest: string, signal?: AbortSignal): Promise<boolean> {
    const res = await this.send(
      `/v2/${repository}/blobs/${digest}`,
      { method: 'HEAD', scope: pullScope(repository) },
      signal,
    );
    if (res.status === 404) return false;
    await this.expectOk(res, `blob ${digest}`);
    return true;
  }

  /**
   * Cross-repository mount (`POST …/blobs/uploads/?mount=&from=`): the registry links a blob it
   * already holds in `from` into `repository` without a transfer. False when it would not mount
   * (it answered 202 with an upload session instead), so the caller can say so.
   */
  async mountBlob(
    repository: string,
    digest: string,
    from: string,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const res = await this.send(
      `/v2/${repository}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`,
      { method: 'POST', scope: `${pushScope(repository)} ${pullScope(from)}` },
      signal,
    );
    if (res.status === 201) return true;
    if (res.status === 202) {
      // An upload session was opened instead: close it, the blob was not mounted.
      const location = res.headers.get('location');
      if (location) {
        const url = new URL(location, this.base);
        await this.send(
          url.pathname + url.search,
          { method: 'DELETE', scope: pushScope(repository) },
          signal,
        ).catch(() => undefined);
      }
      return false;
    }
    await this.expectOk(res, `mounting ${digest} into ${repository}`);
    return false;
  }

  /** GET a blob as JSON (the image config), following redirects to storage. */
  async getJsonBlob(repository: string, digest: string, signal?: AbortSignal): Promise<unknown> {
    const res = await this.send(
      `/v2/${repository}/blobs/${digest}`,
      { scope: pullScope(repository) },
      signal,
    );
    if (res.status === 404) {
      throw new HangarError(
        'NOT_FOUND',
        `${this.registry} has no blob ${digest} in ${repository}.`,
      );
    }
    await this.expectOk(res, `blob ${digest}`);
    return (await res.json()) as unknown;
  }

  /** DELETE a manifest by digest: every tag pointing at it goes with it. */
  async deleteManifest(repository: string, digest: string, signal?: AbortSignal): Promise<void> {
    const res = await this.send(
      `/v2/${repository}/manifests/${digest}`,
      { method: 'DELETE', scope: `repository:${repository}:delete` },
      signal,
    );
    if (res.status === 405) {
      throw new HangarError(
        'REGISTRY_ERROR',
        `${this.registry} does not allow deletes (UNSUPPORTED): ask its operator to enable storage.delete, or delete through its own UI.`,
        await res.text().catch(() => undefined),
      );
    }
    if (res.status === 404) {
      throw new HangarError(
        'NOT_FOUND',
        `${this.registry} has no manifest ${digest} in ${repository}.`,
      );
    }
    await this.expectOk(res, `the delete of ${repository}@${digest}`);
  }

  private async send(
    path: string,
    opts: { method?: string; scope: string; accept?: string; contentType?: string; body?: string },
    signal?: AbortSignal,
  ): Promise<Response> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const sig = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const url = `${this.base}${path}`;
    const go = (authorization: string | null) =>
      this.doFetch(url, {
        method: opts.method ?? 'GET',
        headers: {
          ...(opts.accept ? { accept: opts.accept } : {}),
          ...(opts.contentType ? { 'content-type': opts.contentType } : {}),
          ...(authorization ? { authorization } : {}),
        },
        ...(opts.body !== undefined ? { body: opts.body } : {}),
        redirect: 'follow',
        signal: sig,
      }).catch((err: unknown) => {
        if (signal?.aborted)
          throw new HangarError('CANCELLED', 'The registry request was cancelled.');
        const reason =
          err instanceof Error
            ? err.cause instanceof Error
              ? err.cause.message
              : err.message
            : String(err);
        throw new HangarError('REGISTRY_ERROR', `Cannot reach ${this.registry}: ${reason}`);
      });
    let res = await go(this.cachedAuth(opts.scope));
    if (res.status !== 401) return res;
    const challenges = parseChallenges(res.headers.get('www-authenticate'));
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    if (bearer) {
      const { token, expiresIn } = await fetchBearerToken(
        bearer.params,
        this.login,
        this.doFetch,
        sig,
      ).catch((err: unknown) => {
        if (!(err instanceof HangarError) || err.code !== 'AUTH_FAILED') throw err;
        const hint = this.login ? '' : `: run docker login ${this.registry}`;
        throw new HangarError('AUTH_FAILED', `${this.registry}: ${err.message}${hint}`);
      });
      const entry = { token, expiresAt: this.now() + expiresIn * 1000 };
      this.tokens.set(opts.scope, entry);
      if (bearer.params.scope) this.tokens.set(bearer.params.scope, entry);
      res = await go(`Bearer ${token}`);
    } else if (challenges.some((c) => c.scheme === 'basic')) {
      if (!this.login?.username) {
        throw new HangarError(
          'AUTH_FAILED',
          `${this.registry} needs a login: run docker login ${this.registry}.`,
        );
      }
      this.useBasic = true;
      res = await go(basicAuth(this.login));
    }
    return res;
  }

  private cachedAuth(scope: string): string | null {
    if (this.useBasic && this.login) return basicAuth(this.login);
    const cached = this.tokens.get(scope);
    if (!cached) return null;
    // A few seconds of margin so a token does not expire in flight.
    if (cached.expiresAt - 5_000 <= this.now()) {
      this.tokens.delete(scope);
      return null;
    }
    return `Bearer ${cached.token}`;
  }

  private async expectOk(res: Response, what: string): Promise<void> {
    if (res.ok) return;
    if (res.status === 401 || res.status === 403) {
      throw new HangarError(
        'AUTH_FAILED',
        `${this.registry} refused the credentials for ${what} (HTTP ${res.status}).`,
      );
    }
    const body = await res.text().catch(() => '');
    throw new HangarError(
      'REGISTRY_ERROR',
      `${this.registry} answered HTTP ${res.status} for ${what}.`,
      body.slice(0, 500) || undefined,
    );
  }
}

function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}

function pushScope(repository: string): string {
  return `repository:${repository}:pull,push`;
}

async function sha256(text: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
