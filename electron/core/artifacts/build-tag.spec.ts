import { describe, expect, it } from 'vitest';
import { parseBuildTag } from './build-tag.js';

describe('parseBuildTag', () => {
  it('parses -t NAME[:TAG] in familiar form', () => {
    expect(parseBuildTag('app')).toEqual({ name: 'app', tag: 'app:latest' });
    expect(parseBuildTag('docker.io/library/app:1')).toEqual({ name: 'app', tag: 'app:1' });
    expect(parseBuildTag('localhost:5000/team/api:v1')).toEqual({
      name: 'localhost:5000/team/api',
      tag: 'localhost:5000/team/api:v1',
    });
  });

  it('rejects bad names, bad tags and digests', () => {
    expect(() => parseBuildTag('App')).toThrow(/not an image name/);
    expect(() => parseBuildTag('app:-x')).toThrow(/not an image name/);
    expect(() => parseBuildTag(`app@sha256:${'f'.repeat(64)}`)).toThrow(/not an image name/);
  });
});
