/**
 * `HEAD /v2/<name>/manifests/<reference>` on a registry: the digest it holds under a tag, with the
 * Registry API v2 auth dance (Basic, or a Bearer token from the challenge's realm). Small and
 * reusable on purpose; a full registry client can grow from here.
 *
 * Always the full Accept list (docker-api-notes.md §5): without it, registry 2.8 answers schema1
 * (another digest), or a false 404 for OCI content.
 */
import { HangarError } from '../../../shared/errors.js';
import { parseChallenges } from './auth-challenge.js';

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export interface RegistryLogin {
  username?: string;
  password?: string;
  identityToken?: string;
}

export interface ManifestHeadOptions {
  /** The registry as in a reference: `docker.io`, `localhost:5000`, `ghcr.io`. */
  registry: string;
  /** The repository path on it: `library/ubuntu`. */
  repository: string;
  /** A tag or a digest. */
  reference: string;
  login?: RegistryLogin | null;
  signal?: AbortSignal;
  /** Per-request time limit (default 10 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface ManifestHead {
  /** `Docker-Content-Digest`, or null when the registry has no such manifest (404). */
  digest: string | null;
  mediaType: string | null;
  size: number | null;
}

/** Loopback registries are plain HTTP, like the daemon treats them (insecure by default). */
export function registryBaseUrl(registry: string): string {
  if (registry === 'docker.io' || registry === 'index.docker.io') {
    return 'https://registry-1.docker.io';
  }
  const host = registry.replace(/:\d+$/, '');
  const loopback = host === 'localhost' || /^127\./.test(host) || host === '[::1]';
  return `${loopback ? 'http' : 'https'}://${registry}`;
}

function basic(login: RegistryLogin): string {
  return `Basic ${Buffer.from(`${login.username ?? ''}:${login.password ?? ''}`).toString('base64')}`;
}

async function bearerToken(
  params: Record<string, string>,
  login: RegistryLogin | null | undefined,
  doFetch: typeof fetch,
  signal: AbortSignal,
): Promise<string> {
  const realm = params.realm;
  if (!realm)
    throw new HangarError(
      'REGISTRY_ERROR',
      'The registry asked for a token without saying where to get it.',
    );
  const url = new URL(realm);
  if (params.service) url.searchParams.set('service', params.service);
  if (params.scope) url.searchParams.set('scope', params.scope);
  let res: Response;
  if (login?.identityToken) {
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: login.identityToken,
      client_id: 'hangar',
      ...(params.service ? { service: params.service } : {}),
      ...(params.scope ? { scope: params.scope } : {}),
    });
    res = await doFetch(realm, { method: 'POST', body, signal });
  } else {
    const headers: Record<string, string> = login?.username ? { authorization: basic(login) } : {};
    if (login?.username) url.searchParams.set('account', login.username);
    res = await doFetch(url, { headers, signal });
  }
  if (res.status === 401 || res.status === 403) {
    throw new HangarError(
      'AUTH_FAILED',
      `The token server of ${url.host} refused the credentials.`,
    );
  }
  if (!res.ok)
    throw new HangarError(
      'REGISTRY_ERROR',
      `The token server of ${url.host} answered ${res.status}.`,
    );
  const json = (await res.json()) as { token?: unknown; access_token?: unknown };
  const token = typeof json.token === 'string' ? json.token : json.access_token;
  if (typeof token !== 'string' || !token) {
    throw new HangarError('REGISTRY_ERROR', `The token server of ${url.host} sent no token.`);
  }
  return token;
}

export async function headManifest(opts: ManifestHeadOptions): Promise<ManifestHead> {
  const doFetch = opts.fetch ?? fetch;
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? 10_000);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const url = `${registryBaseUrl(opts.registry)}/v2/${opts.repository}/manifests/${opts.reference}`;
  const head = (authorization?: string) =>
    doFetch(url, {
      method: 'HEAD',
      headers: { accept: MANIFEST_ACCEPT, ...(authorization ? { authorization } : {}) },
      signal,
      redirect: 'follow',
    });
  let res = await head();
  if (res.status === 401) {
    const challenges = parseChallenges(res.headers.get('www-authenticate'));
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    const wantsBasic = challenges.some((c) => c.scheme === 'basic');
    if (bearer) {
      res = await head(`Bearer ${await bearerToken(bearer.params, opts.login, doFetch, signal)}`);
    } else if (wantsBasic && opts.login?.username) {
      res = await head(basic(opts.login));
    }
  }
  if (res.status === 401 || res.status === 403) {
    throw new HangarError(
      'AUTH_FAILED',
      `${opts.registry} refused the credentials (HTTP ${res.status}).`,
    );
  }
  if (res.status === 404) return { digest: null, mediaType: null, size: null };
  if (!res.ok)
    throw new HangarError('REGISTRY_ERROR', `${opts.registry} answered HTTP ${res.status}.`);
  const length = res.headers.get('content-length');
  return {
    digest: res.headers.get('docker-content-digest'),
    mediaType: res.headers.get('content-type'),
    size: length === null ? null : Number(length),
  };
}
