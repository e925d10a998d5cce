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
    const c = parseCookies('a=1; hangar_token=xyz=; a=2;junk');
    expect(c.get('a')).toBe('1');
    expect(c.get('hangar_token')).toBe('xyz=');
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
      cookie: `hangar_token=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`,
    });
  });

  it('lets the events stream and API calls use the query token without a redirect', () => {
    expect(judge(`/api/events?token=${TOKEN}`, {})).toEqual({ kind: 'allow' });
    expect(judge(`/api/invoke/x?token=${TOKEN}`, {}, 'POST')).toEqual({ kind: 'allow' });
  });

  it('accepts the bearer header or the cookie, and nothing else', () => {
    expect(judge('/', { authorization: `Bearer ${TOKEN}` })).toEqual({ kind: 'allow' });
    expect(judge('/', { authorization: `Basic ${TOKEN}` })).toMatchObject({ status: 401 });
    expect(judge('/', { cookie: `other=1; hangar_token=${TOKEN}` })).toEqual({ kind: 'allow' });
    expect(judge('/', { cookie: `hangar_token_x=${TOKEN}` })).toMatchObject({ status: 401 });
    expect(judge('/', {})).toMatchObject({ kind: 'deny', status: 401 });
  });

  it('does not fall back to the cookie when a wrong bearer token is sent', () => {
    expect(
      judge('/', { authorization: 'Bearer nope', cookie: `hangar_token=${TOKEN}` }),
    ).toMatchObject({ status: 401 });
  });
});
