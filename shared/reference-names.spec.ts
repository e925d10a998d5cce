import { describe, expect, it } from 'vitest';
import {
  domainOf,
  familiarName,
  familiarRef,
  familiarTagged,
  isDockerHub,
  registryOf,
  splitReference,
} from './reference-names.js';
import { mustParseReference } from './reference.js';

const SHA256 = `sha256:${'f'.repeat(64)}`;

describe('familiarName, familiarRef and familiarTagged', () => {
  it('shortens only Docker Hub names', () => {
    expect(familiarName('docker.io', 'library/redis')).toBe('redis');
    expect(familiarName('docker.io', 'library/a/b')).toBe('library/a/b');
    expect(familiarName('docker.io', 'me/redis')).toBe('me/redis');
    expect(familiarName('quay.io', 'library/redis')).toBe('quay.io/library/redis');
  });

  it('familiarRef: Podman’s Docker Hub names in the form Docker lists them', () => {
    expect(familiarRef('docker.io/library/redis:7')).toBe('redis:7');
    expect(familiarRef('docker.io/me/app:1')).toBe('me/app:1');
    expect(familiarRef('docker.io/library/a/b:1')).toBe('library/a/b:1');
    expect(familiarRef(`docker.io/library/redis@${SHA256}`)).toBe(`redis@${SHA256}`);
    expect(familiarRef('localhost/seed/a:1')).toBe('localhost/seed/a:1');
    expect(familiarRef('quay.io/library/redis:7')).toBe('quay.io/library/redis:7');
    expect(familiarRef('redis:7')).toBe('redis:7');
    // The same as the grammar's familiar form, for every name that parses.
    for (const ref of [
      'docker.io/library/x:1',
      'docker.io/a/b/c:2',
      'docker.io/library/a/b:3',
      'index.docker.io/team/app:1',
      'library/app:2',
      'localhost:5000/library/app:1',
    ]) {
      expect(familiarRef(ref)).toBe(mustParseReference(ref).familiar);
    }
  });

  it('familiarRef and familiarTagged: names without a tag, as the artifact cache keeps them', () => {
    expect(familiarRef('docker.io/library/app')).toBe('app');
    expect(familiarRef('index.docker.io/team/app')).toBe('team/app');
    expect(familiarRef('library/app')).toBe('app');
    expect(familiarRef('localhost:5000/library/app')).toBe('localhost:5000/library/app');
    expect(familiarTagged('docker.io/library/app')).toBe('app:latest');
    expect(familiarTagged('localhost:5000/app:1')).toBe('localhost:5000/app:1');
  });
});

describe('splitReference', () => {
  it('splits at the tag colon, not the port colon', () => {
    expect(splitReference('nginx:1.27')).toEqual({
      repository: 'nginx',
      tag: '1.27',
      digest: null,
    });
    expect(splitReference('localhost:5000/team/app:v2')).toEqual({
      repository: 'localhost:5000/team/app',
      tag: 'v2',
      digest: null,
    });
    expect(splitReference('localhost:5000/team/app')).toEqual({
      repository: 'localhost:5000/team/app',
      tag: null,
      digest: null,
    });
  });

  it('takes the digest after @, with or without a tag before it', () => {
    expect(splitReference(`repo@${SHA256}`)).toEqual({
      repository: 'repo',
      tag: null,
      digest: SHA256,
    });
    expect(splitReference(`localhost:5000/a:1@${SHA256}`)).toEqual({
      repository: 'localhost:5000/a',
      tag: '1',
      digest: SHA256,
    });
  });

  it('agrees with the grammar on every valid reference', () => {
    for (const ref of ['ubuntu', 'me/app:1', 'localhost:5000/x/y:z', `a/b@${SHA256}`]) {
      const parsed = mustParseReference(ref);
      const split = splitReference(ref);
      expect(mustParseReference(split.repository).name).toBe(parsed.name);
      expect(split.digest).toBe(parsed.digest);
    }
  });
});

describe('domainOf and registryOf', () => {
  it('reads a host from the first component the way the grammar does', () => {
    expect(domainOf('nginx')).toBeNull();
    expect(domainOf('shop/api')).toBeNull();
    expect(domainOf('ghcr.io/acme/billing')).toBe('ghcr.io');
    expect(domainOf('localhost:5000/ml/model')).toBe('localhost:5000');
    expect(domainOf('localhost/app')).toBe('localhost');
    expect(domainOf('127.0.0.1:5000/app')).toBe('127.0.0.1:5000');
    expect(domainOf('docker.io/library/x')).toBe('docker.io');
  });

  it('names Docker Hub docker.io', () => {
    expect(registryOf('nginx')).toBe('docker.io');
    expect(registryOf('shop/api')).toBe('docker.io');
    expect(registryOf('index.docker.io/shop/api')).toBe('docker.io');
    expect(registryOf('ghcr.io/acme/billing')).toBe('ghcr.io');
    for (const ref of ['ubuntu', 'me/app:1', 'localhost:5000/x:1', 'quay.io/a/b']) {
      expect(registryOf(ref)).toBe(mustParseReference(ref).domain);
    }
    expect(isDockerHub('docker.io')).toBe(true);
    expect(isDockerHub('index.docker.io')).toBe(true);
    expect(isDockerHub('ghcr.io')).toBe(false);
  });
});
