import { describe, expect, it } from 'vitest';
import {
  generateToken,
  isAllowedHost,
  isAllowedOrigin,
  judgeRequest,
  parseCookies,
  tokensEqual,
} from './auth.js';

const TOKEN = 'abc_DEF-123';
const PORT = 4711;
const COOKIE = `hangar_token_${PORT}`;

function judge(path: string, headers: Record<string, string>, method = 'GET') {
  return judgeRequest(
    {
      method,
      url: new URL(path, 'http://127.0.0.1'),
      headers: { host: `127.0.0.1:${PORT}`, ...headers },
    },
    PORT,
    TOKEN,
  );
}

describe('tokens', () => {
  it('generates distinct 32-byte URL-safe tokens', () => {
    const a = generateToken();
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(generateToken()).not.toBe(a);
  });

  it('compares tokens exactly, whatever their lengths', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
    expect(tokensEqual(TOKEN.toUpperCase(), TOKEN)).toBe(false);
  });
});

describe('parseCookies', () => {
  it('reads name=value pairs and keeps the first of duplicates', () => {
    const c = parseCookies(`a=1; ${COOKIE}=xyz=; a=2;junk`);
    expect(c.get('a')).toBe('1');
    expect(c.get(COOKIE)).toBe('xyz=');
    expect(c.has('junk')).toBe(false);
    expect(parseCookies(undefined).size).toBe(0);
  });
});

describe('host and origin checks', () => {
  it('accepts only loopback names with our port', () => {
    expect(isAllowedHost(`127.0.0.1:${PORT}`, PORT)).toBe(true);
    expect(isAllowedHost(`LOCALHOST:${PORT}`, PORT)).toBe(true);
    expect(isAllowedHost(`[::1]:${PORT}`, PORT)).toBe(true);
    expect(isAllowedHost('127.0.0.1', PORT)).toBe(false);
    expect(isAllowedHost(`attacker.example:${PORT}`, PORT)).toBe(false);
    expect(isAllowedHost(`127.0.0.1.nip.io:${PORT}`, PORT)).toBe(false);
    expect(isAllowedHost(`127.example.com:${PORT}`, PORT)).toBe(false);
    expect(isAllowedHost(`localhost.example.com:${PORT}`, PORT)).toBe(false);
    expect(isAllowedHost(`user@127.0.0.1:${PORT}`, PORT)).toBe(false);
    expect(isAllowedHost(`127.0.0.1:${PORT + 1}`, PORT)).toBe(false);
    expect(isAllowedHost(undefined, PORT)).toBe(false);
  });

  it('accepts no Origin or exactly the addressed origin', () => {
    expect(isAllowedOrigin(undefined, `localhost:${PORT}`)).toBe(true);
    expect(isAllowedOrigin(`http://localhost:${PORT}`, `localhost:${PORT}`)).toBe(true);
    expect(isAllowedOrigin(`http://127.0.0.1:${PORT}`, `localhost:${PORT}`)).toBe(false);
    expect(isAllowedOrigin(`https://localhost:${PORT}`, `localhost:${PORT}`)).toBe(false);
    expect(isAllowedOrigin('null', `localhost:${PORT}`)).toBe(false);
  });
});

describe('judgeRequest', () => {
  it('checks the Host before anything else', () => {
    expect(judge(`/?token=${TOKEN}`, { host: 'evil.example' })).toMatchObject({
      kind: 'deny',
      status: 403,
    });
  });

  it('turns a page URL with the token into a cookie and a clean location', () => {
    expect(judge(`/settings?x=1&token=${TOKEN}`, {})).toEqual({
      kind: 'enter',
      location: '/settings?x=1',
      cookie: `${COOKIE}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`,
    });
  });

  it('lets the events stream and API calls use the query token without a redirect', () => {
    expect(judge(`/api/events?token=${TOKEN}`, {})).toEqual({ kind: 'allow' });
    expect(judge(`/api/invoke/x?token=${TOKEN}`, {}, 'POST')).toEqual({ kind: 'allow' });
  });

  it('accepts the bearer header or the cookie, and nothing else', () => {
    expect(judge('/', { authorization: `Bearer ${TOKEN}` })).toEqual({ kind: 'allow' });
    expect(judge('/', { authorization: `Basic ${TOKEN}` })).toMatchObject({ status: 401 });
    expect(judge('/', { cookie: `other=1; ${COOKIE}=${TOKEN}` })).toEqual({ kind: 'allow' });
    expect(judge('/', { cookie: `${COOKIE}_x=${TOKEN}` })).toMatchObject({ status: 401 });
    expect(judge('/', {})).toMatchObject({ kind: 'deny', status: 401 });
  });

  it('does not fall back to the cookie when a wrong bearer token is sent', () => {
    expect(
      judge('/', { authorization: 'Bearer nope', cookie: `${COOKIE}=${TOKEN}` }),
    ).toMatchObject({ status: 401 });
  });

  it('reads only the cookie named for its own port', () => {
    expect(judge('/', { cookie: `hangar_token=${TOKEN}` })).toMatchObject({ status: 401 });
    expect(judge('/', { cookie: `hangar_token_${PORT + 1}=${TOKEN}` })).toMatchObject({
      status: 401,
    });
    expect(judge('/', { cookie: `hangar_token_${PORT + 1}=other; ${COOKIE}=${TOKEN}` })).toEqual({
      kind: 'allow',
    });
  });

  it('does not take a valid cookie without the Host and Origin checks', () => {
    const cookie = `${COOKIE}=${TOKEN}`;
    expect(judge('/', { cookie, host: `evil.example:${PORT}` })).toMatchObject({ status: 403 });
    expect(judge('/', { cookie, host: `127.example.com:${PORT}` })).toMatchObject({ status: 403 });
    for (const origin of [`http://127.0.0.1:${PORT + 1}`, 'http://evil.example', 'null']) {
      expect(judge('/api/events', { cookie, origin }), origin).toMatchObject({ status: 403 });
      expect(judge('/api/invoke/x', { cookie, origin }, 'POST'), origin).toMatchObject({
        status: 403,
      });
    }
  });
});
