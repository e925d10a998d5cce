/**
 * Who may talk to the web host: only a page or client on this machine that holds the token,
 * reaching us by a loopback name or address (a foreign `Host` means DNS rebinding; a foreign
 * `Origin`, also another port of 127.0.0.1, means another site's page). Every way of carrying the
 * token (URL, header, cookie) passes the same `Host` and `Origin` checks first: browsers send the
 * cookie of 127.0.0.1 to servers on every port, so the cookie alone proves nothing. Pure functions
 * over the request's method, URL and headers.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isLoopbackHost, splitHostPort } from '../../shared/loopback.js';
import { EVENTS_PATH, TOKEN_PARAM, tokenCookieName } from '../../shared/web-protocol.js';

/** 32 random bytes, URL-safe: fits a query string, a cookie and a header unchanged. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so that neither the content nor the
 * length of the expected token leaks through timing.
 */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

/** The `Set-Cookie` value that carries the token for the rest of the session, named for `port`. */
export function sessionCookie(token: string, port: number): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** A `Host` header naming a loopback address or `localhost`, with our port. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  const parsed = host === undefined ? null : splitHostPort(host);
  return parsed !== null && parsed.port === port && isLoopbackHost(parsed.host);
}

/** An `Origin`, when a browser sends one, must be the origin the request was addressed to. */
export function isAllowedOrigin(origin: string | undefined, host: string): boolean {
  return origin === undefined || origin.toLowerCase() === `http://${host.toLowerCase()}`;
}

function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

export interface RequestFacts {
  method: string;
  /** The parsed request URL (origin irrelevant). */
  url: URL;
  headers: IncomingHttpHeaders;
}

export type Verdict =
  | { kind: 'allow' }
  /** The page was opened with the token in its URL: set the cookie and drop the token. */
  | { kind: 'enter'; location: string; cookie: string }
  | { kind: 'deny'; status: 401 | 403; message: string };

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function judgeRequest(facts: RequestFacts, port: number, token: string): Verdict {
  const host = firstHeader(facts.headers.host);
  if (host === undefined || !isAllowedHost(host, port)) {
    return {
      kind: 'deny',
      status: 403,
      message: 'This server answers only on a loopback address.',
    };
  }
  if (!isAllowedOrigin(firstHeader(facts.headers.origin), host)) {
    return { kind: 'deny', status: 403, message: 'Requests from other origins are refused.' };
  }
  const denied: Verdict = {
    kind: 'deny',
    status: 401,
    message: 'A valid token is required: open the URL that `hangar web` printed.',
  };
  const fromQuery = facts.url.searchParams.get(TOKEN_PARAM);
  if (fromQuery !== null) {
    if (!tokensEqual(fromQuery, token)) return denied;
    const isPage =
      (facts.method === 'GET' || facts.method === 'HEAD') && facts.url.pathname !== EVENTS_PATH;
    if (!isPage) return { kind: 'allow' };
    const rest = new URLSearchParams(facts.url.searchParams);
    rest.delete(TOKEN_PARAM);
    const search = rest.size > 0 ? `?${rest.toString()}` : '';
    return {
      kind: 'enter',
      location: `${facts.url.pathname}${search}`,
      cookie: sessionCookie(token, port),
    };
  }
  const fromHeader = bearer(firstHeader(facts.headers.authorization));
  if (fromHeader !== null) return tokensEqual(fromHeader, token) ? { kind: 'allow' } : denied;
  const fromCookie = parseCookies(firstHeader(facts.headers.cookie)).get(tokenCookieName(port));
  if (fromCookie !== undefined && tokensEqual(fromCookie, token)) return { kind: 'allow' };
  return denied;
}
