/**
 * Registry v2 auth helpers: the Basic header, and a Bearer token from a challenge's realm
 * (distribution `docs/spec/auth/token.md`): `GET <realm>?service=&scope=` with Basic credentials or
 * anonymously, or a refresh-token POST for an identity token. Replies carry `expires_in` (60 s
 * when absent), which the client uses to cache tokens per scope.
 */
import { HangarError } from '../../../shared/errors.js';

export interface RegistryLogin {
  username?: string;
  password?: string;
  identityToken?: string;
}

export interface BearerToken {
  token: string;
  /** Seconds the token stays valid (the spec's default is 60). */
  expiresIn: number;
}

export function basicAuth(login: RegistryLogin): string {
  return `Basic ${Buffer.from(`${login.username ?? ''}:${login.password ?? ''}`).toString('base64')}`;
}

export async function fetchBearerToken(
  params: Record<string, string>,
  login: RegistryLogin | null | undefined,
  doFetch: typeof fetch,
  signal: AbortSignal,
): Promise<BearerToken> {
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
    const headers: Record<string, string> = login?.username
      ? { authorization: basicAuth(login) }
      : {};
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
  const json = (await res.json()) as {
    token?: unknown;
    access_token?: unknown;
    expires_in?: unknown;
  };
  const token = typeof json.token === 'string' ? json.token : json.access_token;
  if (typeof token !== 'string' || !token) {
    throw new HangarError('REGISTRY_ERROR', `The token server of ${url.host} sent no token.`);
  }
  const expiresIn =
    typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 60;
  return { token, expiresIn };
}
