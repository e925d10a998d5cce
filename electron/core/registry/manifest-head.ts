/**
 * `HEAD /v2/<name>/manifests/<reference>` on a registry: the digest it holds under a tag, with the
 * Registry API v2 auth dance (Basic, or a Bearer token from the challenge's realm). Small and
 * reusable on purpose; a full registry client can grow from here.
 *
 * Always the full Accept list: without it, registry 2.8 answers schema1 (another digest), or a
 * false 404 for OCI content.
 */
import { HangarError } from '../../../shared/errors.js';
import { isLoopbackRegistry } from '../../../shared/loopback.js';
import { isDockerHub } from '../../../shared/reference-names.js';
import { parseChallenges } from './auth-challenge.js';
import { basicAuth, fetchBearerToken, type RegistryLogin } from './token-auth.js';

export type { RegistryLogin } from './token-auth.js';

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

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

/**
 * Loopback registries (an address in 127.0.0.0/8, `::1` or `localhost`) are plain HTTP, like the
 * daemon treats them (insecure by default); so are registries the user marked insecure. Everything
 * else is HTTPS, whatever its name looks like.
 */
export function registryBaseUrl(registry: string, insecure = false): string {
  if (isDockerHub(registry)) return 'https://registry-1.docker.io';
  return `${isLoopbackRegistry(registry) || insecure ? 'http' : 'https'}://${registry}`;
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
      const { token } = await fetchBearerToken(bearer.params, opts.login, doFetch, signal);
      res = await head(`Bearer ${token}`);
    } else if (wantsBasic && opts.login?.username) {
      res = await head(basicAuth(opts.login));
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
