import { describe, expect, it } from 'vitest';
import { parseChallenges } from './auth-challenge.js';

describe('parseChallenges', () => {
  it('reads a Bearer challenge with quoted params', () => {
    expect(
      parseChallenges(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/ubuntu:pull',
        },
      },
    ]);
  });

  it('reads Basic, unquoted values, escapes, and an error param', () => {
    expect(parseChallenges('Basic realm="hangar-test"')).toEqual([
      { scheme: 'basic', params: { realm: 'hangar-test' } },
    ]);
    expect(
      parseChallenges('Bearer realm=http://x/token, error="insufficient_scope", x="a\\"b"'),
    ).toEqual([
      {
        scheme: 'bearer',
        params: { realm: 'http://x/token', error: 'insufficient_scope', x: 'a"b' },
      },
    ]);
  });

  it('gives nothing for no header', () => {
    expect(parseChallenges(null)).toEqual([]);
    expect(parseChallenges('')).toEqual([]);
  });
});
