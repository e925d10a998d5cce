import { describe, expect, it } from 'vitest';
import {
  hostPlatform,
  isIndex,
  manifestSize,
  pickPlatform,
  readImageManifest,
} from './image-manifest.js';
import { parseCacheLocation, parseCacheRef } from './cache-location.js';
import { freshness } from './cache-service.js';

const entry = (digest: string, os: string, architecture: string) => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest,
  size: 1,
  platform: { os, architecture },
});

describe('pickPlatform', () => {
  const index = {
    manifests: [
      entry('sha256:arm', 'linux', 'arm64'),
      entry('sha256:amd', 'linux', 'amd64'),
      entry('sha256:att', 'unknown', 'unknown'),
    ],
  };
  it('takes the host platform, else linux/amd64, skipping attestations', () => {
    expect(pickPlatform(index, { os: 'linux', architecture: 'arm64' }).digest).toBe('sha256:arm');
    expect(pickPlatform(index, { os: 'linux', architecture: 's390x' }).digest).toBe('sha256:amd');
    // No platform fields at all: the first entry.
    expect(pickPlatform({ manifests: [{ digest: 'sha256:only', size: 1 }] }).digest).toBe(
      'sha256:only',
    );
    expect(() => pickPlatform({ manifests: [entry('sha256:att', 'unknown', 'unknown')] })).toThrow(
      'lists no image manifest',
    );
    expect(hostPlatform('x64')).toEqual({ os: 'linux', architecture: 'amd64' });
  });
  it('fails on an empty index and recognises indexes', () => {
    expect(() => pickPlatform({ manifests: [] })).toThrow('lists no image manifest');
    expect(isIndex('application/vnd.docker.distribution.manifest.list.v2+json', {})).toBe(true);
    expect(isIndex('', index)).toBe(true);
    expect(isIndex('application/vnd.docker.distribution.manifest.v2+json', {})).toBe(false);
  });
});

describe('readImageManifest', () => {
  it('sums layers and config, and refuses schema 1', () => {
    const m = readImageManifest({
      config: { mediaType: 'c', digest: 'sha256:c', size: 100 },
      layers: [
        { mediaType: 'l', digest: 'sha256:1', size: 1000 },
        { mediaType: 'l', digest: 'sha256:2', size: 24 },
      ],
    });
    expect(manifestSize(m)).toBe(1124);
    expect(() => readImageManifest({ schemaVersion: 1, fsLayers: [] })).toThrow('schema 1');
  });
});

describe('cache locations and references', () => {
  it('splits registry, repository and key or digest', () => {
    expect(parseCacheLocation('localhost:5000/team/cache')).toEqual({
      registry: 'localhost:5000',
      repository: 'team/cache',
    });
    expect(parseCacheRef('localhost:5000/team/cache:abc')).toEqual({
      registry: 'localhost:5000',
      repository: 'team/cache',
      reference: 'abc',
      isDigest: false,
    });
    expect(parseCacheRef(`r.io/a@sha256:${'f'.repeat(64)}`)).toMatchObject({
      reference: `sha256:${'f'.repeat(64)}`,
      isDigest: true,
    });
    expect(() => parseCacheRef('localhost:5000/team/cache')).toThrow('names no key');
    expect(() => parseCacheLocation('cache')).toThrow('REGISTRY/REPO');
  });
});

describe('freshness', () => {
  it('is fresh up to the TTL inclusive, too old after, unknown without one', () => {
    expect(freshness(3_600_000, 1)).toBe('fresh');
    expect(freshness(3_600_001, 1)).toBe('too-old');
    expect(freshness(null, 1)).toBe('unknown');
    expect(freshness(5, null)).toBe('unknown');
  });
});
