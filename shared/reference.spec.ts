import { describe, expect, it } from 'vitest';
import {
  isRepositoryName,
  isTaggedReference,
  mustParseReference,
  parseReference,
  parseTagTarget,
  repositoryOf,
  type ImageReference,
} from './reference.js';

const HEX64 = 'f'.repeat(64);
const SHA256 = `sha256:${HEX64}`;
const SHA512 = `sha512:${'f'.repeat(128)}`;

type Expect = Partial<Omit<ImageReference, 'input'>>;

/** Valid inputs and what they normalise to (cases from distribution/reference's own tests). */
const VALID: Array<[string, Expect]> = [
  ['ubuntu', { domain: 'docker.io', path: 'library/ubuntu', tag: 'latest', digest: null }],
  ['ubuntu', { familiar: 'ubuntu:latest', full: 'docker.io/library/ubuntu:latest' }],
  ['ubuntu:22.04', { familiar: 'ubuntu:22.04', full: 'docker.io/library/ubuntu:22.04' }],
  ['library/ubuntu', { familiar: 'ubuntu:latest', familiarName: 'ubuntu' }],
  ['docker.io/ubuntu', { path: 'library/ubuntu', familiar: 'ubuntu:latest' }],
  ['docker.io/library/ubuntu:x', { familiar: 'ubuntu:x' }],
  ['index.docker.io/ubuntu', { domain: 'docker.io', full: 'docker.io/library/ubuntu:latest' }],
  ['index.docker.io/me/app:1', { domain: 'docker.io', familiar: 'me/app:1' }],
  ['me/app', { domain: 'docker.io', path: 'me/app', familiar: 'me/app:latest' }],
  ['docker.io/library/a/b', { familiarName: 'library/a/b' }],
  ['localhost/app', { domain: 'localhost', path: 'app', familiar: 'localhost/app:latest' }],
  ['localhost:5000/app:v1', { domain: 'localhost:5000', tag: 'v1' }],
  ['localhost:5000/app:v1', { full: 'localhost:5000/app:v1', familiar: 'localhost:5000/app:v1' }],
  // No slash: `localhost:5000` is the repository `localhost` with the tag `5000`.
  ['localhost:5000', { domain: 'docker.io', path: 'library/localhost', tag: '5000' }],
  ['test_com', { path: 'library/test_com' }],
  ['test.com:tag', { path: 'library/test.com', tag: 'tag' }],
  ['test.com:5000', { path: 'library/test.com', tag: '5000' }],
  ['test.com/repo:tag', { domain: 'test.com', path: 'repo', tag: 'tag' }],
  ['test:5000/repo', { domain: 'test:5000', path: 'repo', tag: 'latest' }],
  [`test:5000/repo@${SHA256}`, { domain: 'test:5000', tag: null, digest: SHA256 }],
  [`test:5000/repo@${SHA256}`, { full: `test:5000/repo@${SHA256}` }],
  // Both a tag and a digest: the digest wins in the normalised forms.
  [
    `test:5000/repo:tag@${SHA256}`,
    { tag: 'tag', digest: SHA256, full: `test:5000/repo@${SHA256}` },
  ],
  ['lowercase:Uppercase', { tag: 'Uppercase' }],
  ['MyHost:5000/x', { domain: 'MyHost:5000', path: 'x' }],
  ['sub-dom1.foo.com/bar/baz/quux:some-long-tag', { domain: 'sub-dom1.foo.com' }],
  ['b.gcr.io/test.example.com/my-app:test.example.com', { path: 'test.example.com/my-app' }],
  ['xn--n3h.com/myimage:xn--n3h.com', { domain: 'xn--n3h.com', tag: 'xn--n3h.com' }],
  [`xn--7o8h.com/myimage:xn--7o8h.com@${SHA512}`, { digest: SHA512 }],
  ['foo_bar.com:8080', { path: 'library/foo_bar.com', tag: '8080' }],
  ['foo/foo_bar.com:8080', { domain: 'docker.io', path: 'foo/foo_bar.com', tag: '8080' }],
  ['192.168.1.1', { path: 'library/192.168.1.1' }],
  ['192.168.1.1/repo', { domain: '192.168.1.1', path: 'repo' }],
  ['192.168.1.1:5000/repo:5050', { domain: '192.168.1.1:5000', tag: '5050' }],
  ['127.0.0.1:5000/a/b/c:v', { domain: '127.0.0.1:5000', path: 'a/b/c' }],
  ['[2001:db8::1]/repo', { domain: '[2001:db8::1]', path: 'repo' }],
  ['[2001:db8::1]:5000/repo:tag', { domain: '[2001:db8::1]:5000', tag: 'tag' }],
  ['[::1]:5000/repo', { domain: '[::1]:5000' }],
  ['one__x', { path: 'library/one__x' }],
  ['one_x.y-z', { path: 'library/one_x.y-z' }],
  ['a---b', { path: 'library/a---b' }],
  ['x'.repeat(200), { path: `library/${'x'.repeat(200)}` }],
  [`app:${'t'.repeat(128)}`, { tag: 't'.repeat(128) }],
  ['app:_under', { tag: '_under' }],
  ['app:v1.2-rc_3', { tag: 'v1.2-rc_3' }],
  [`app@sha384:${'a'.repeat(96)}`, { digest: `sha384:${'a'.repeat(96)}` }],
  [
    'ghcr.io/org/team/app:v1',
    { familiar: 'ghcr.io/org/team/app:v1', familiarName: 'ghcr.io/org/team/app' },
  ],
  ['a', { full: 'docker.io/library/a:latest' }],
  ['0', { path: 'library/0' }],
  // Looks like a host (has a '.') but is not one: the grammar takes it all as a path.
  ['bad_host.com/app', { domain: '', path: 'bad_host.com/app', full: 'bad_host.com/app:latest' }],
];

/** Invalid inputs and (part of) the message that must explain them. */
const INVALID: Array<[string, string | RegExp]> = [
  ['', 'must have at least one component'],
  [':justtag', 'invalid reference format'],
  [`@${SHA256}`, 'invalid reference format'],
  ['Uppercase:tag', 'repository name (library/Uppercase) must be lowercase'],
  ['UPPER', 'must be lowercase'],
  // Newer libraries take `Uppercase` as a host here; docker 20.10 refuses it, and so do we.
  ['Uppercase/lowercase:tag', 'repository name (Uppercase/lowercase) must be lowercase'],
  ['me/App', 'repository name (me/App) must be lowercase'],
  ['test:5000/Uppercase/lowercase:tag', 'must be lowercase'],
  ['localhost:5000/Foo', 'must be lowercase'],
  [`app:${'t'.repeat(129)}`, 'tag is 129 characters long; at most 128'],
  ['app:.hidden', "tag '.hidden' cannot start with '.' or '-'"],
  ['app:-x', "cannot start with '.' or '-'"],
  ['app:', "the tag after ':' is empty"],
  ['app:v1+x', "tag 'v1+x' has '+'"],
  ['one___x', "path component 'one___x' has an invalid separator"],
  ['one_-x', 'has an invalid separator'],
  ['one..x', 'has an invalid separator'],
  ['-app', "path component '-app' must start and end"],
  ['app-', 'must start and end with a lowercase letter or digit'],
  ['me/_app', 'must start and end'],
  ['a//b', 'empty component'],
  ['me/app/', 'empty component'],
  ['aa/asdf$$^/aa', "has '$'"],
  ['foo.com/', 'the repository path is empty'],
  [HEX64, 'cannot specify 64-byte hexadecimal strings'],
  [
    `repo@sha256:${'f'.repeat(34)}`,
    'invalid checksum digest length: a sha256 digest has 64 hex digits, not 34',
  ],
  [`repo@sha256:${'f'.repeat(63)}`, 'not 63'],
  [`repo@sha256:${'f'.repeat(65)}`, 'not 65'],
  [`repo@sha256:${'f'.repeat(31)}`, 'is too short: 31 hex digits'],
  [`repo@sha256:${'F'.repeat(64)}`, 'invalid checksum digest format'],
  [`repo@sha256:${'g'.repeat(64)}`, 'not hex'],
  [`validname@invaliddigest:${HEX64}`, 'unsupported digest algorithm: invaliddigest'],
  [`repo@md5:${'a'.repeat(32)}`, 'unsupported digest algorithm: md5'],
  ['repo@sha256', 'must be algorithm:hex'],
  ['[2001:db8::1]:5000', 'invalid reference format'],
  ['[2001:db8::1]:tag', 'invalid reference format'],
  ['[fe80::1%eth0]:5000/repo', 'not a valid IPv6 address'],
  ['host:port/app', "port 'port' of registry 'host:port' is not a number"],
  ['-bad.com/app', "registry '-bad.com' is not a valid host name"],
  ['-bad.com:1/app', "registry '-bad.com' is not a valid host name"],
  ['app name', "has ' '"],
  [`${'a/'.repeat(128)}a:tag`, 'must not be more than 255 characters'],
  // docker 20.10 counts the whole name (docker.io/ + path): 10 + 246 = 256.
  [`me/${'x'.repeat(243)}`, 'must not be more than 255 characters'],
  [`registry.example.com/${'x'.repeat(235)}`, 'has 256'],
];

describe('parseReference: valid references', () => {
  it.each(VALID)('%s', (input, expected) => {
    const result = parseReference(input);
    if (!result.ok) throw new Error(`${input}: ${result.error}`);
    expect(result.ref).toMatchObject({ input, ...expected });
    expect(result.ref.name).toBe(
      result.ref.domain ? `${result.ref.domain}/${result.ref.path}` : result.ref.path,
    );
    // The normalised forms parse again to themselves.
    const again = mustParseReference(result.ref.full);
    expect(again.full).toBe(result.ref.full);
    expect(mustParseReference(result.ref.familiar).full).toBe(result.ref.full);
  });

  it('has at least 60 cases in all', () => {
    expect(VALID.length + INVALID.length).toBeGreaterThanOrEqual(60);
  });

  it('accepts names up to 255 characters and tags up to 128', () => {
    expect(parseReference(`me/${'x'.repeat(242)}`).ok).toBe(true); // docker.io/me/ + 242 = 255
    expect(parseReference(`registry.example.com/${'x'.repeat(234)}`).ok).toBe(true);
    expect(parseReference(`a:${'1'.repeat(128)}`).ok).toBe(true);
  });
});

describe('parseReference: invalid references', () => {
  it.each(INVALID)('%s', (input, message) => {
    const result = parseReference(input);
    expect(result.ok, input).toBe(false);
    if (result.ok) return;
    if (typeof message === 'string') expect(result.error).toContain(message);
    else expect(result.error).toMatch(message);
  });

  it('keeps the grammar’s own words at the start of each message', () => {
    const starts = INVALID.map(([input]) => {
      const r = parseReference(input);
      return r.ok ? 'ok' : r.error;
    });
    for (const error of starts) {
      expect(error).toMatch(
        /^(invalid reference format|repository name must|invalid repository name|invalid checksum digest|unsupported digest algorithm)/,
      );
    }
  });

  it('mustParseReference throws the message', () => {
    expect(() => mustParseReference('Bad')).toThrow(/must be lowercase/);
  });
});

describe('parseTagTarget', () => {
  it('accepts a name with or without a tag', () => {
    const r = parseTagTarget('localhost:5000/app');
    expect(r.ok && r.ref.full).toBe('localhost:5000/app:latest');
  });

  it('refuses a digest', () => {
    const r = parseTagTarget(`app@${SHA256}`);
    expect(!r.ok && r.error).toMatch(/a tag cannot contain a digest/);
  });

  it('passes grammar errors through', () => {
    const r = parseTagTarget('APP');
    expect(!r.ok && r.error).toMatch(/must be lowercase/);
  });
});

describe('repositoryOf', () => {
  it('gives the repository of daemon-style refs', () => {
    expect(repositoryOf('evt/one:v1')).toBe('evt/one');
    expect(repositoryOf(`localhost:5055/evt/one@${SHA256}`)).toBe('localhost:5055/evt/one');
    expect(repositoryOf('ubuntu')).toBe('ubuntu');
    expect(repositoryOf('NOPE')).toBeNull();
  });
});

describe('isRepositoryName and isTaggedReference', () => {
  it('accept names and name:tag as the grammar does', () => {
    expect(isRepositoryName('app')).toBe(true);
    expect(isRepositoryName('localhost:5000/team/api')).toBe(true);
    expect(isTaggedReference('app:latest')).toBe(true);
    expect(isTaggedReference('localhost:5000/app:1')).toBe(true);
  });

  it('refuse what the grammar refuses, a tag where none belongs, and a missing tag or a digest', () => {
    expect(isRepositoryName('App')).toBe(false);
    expect(isRepositoryName('app:1')).toBe(false);
    expect(isRepositoryName(`app@${SHA256}`)).toBe(false);
    expect(isRepositoryName(HEX64)).toBe(false);
    expect(isTaggedReference('app')).toBe(false);
    expect(isTaggedReference('app:-x')).toBe(false);
    expect(isTaggedReference(`app:1@${SHA256}`)).toBe(false);
    expect(isTaggedReference('localhost:5000/app')).toBe(false);
  });
});
