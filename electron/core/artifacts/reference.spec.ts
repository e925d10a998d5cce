import { describe, expect, it } from 'vitest';
import { familiarRepository, familiarTagged, parseBuildTag, splitReference } from './reference.js';

describe('references', () => {
  it('drops docker.io/library/ like the daemon does', () => {
    expect(familiarRepository('docker.io/library/app')).toBe('app');
    expect(familiarRepository('index.docker.io/team/app')).toBe('team/app');
    expect(familiarRepository('library/app')).toBe('app');
    expect(familiarRepository('localhost:5000/library/app')).toBe('localhost:5000/library/app');
  });

  it('splits at the tag colon, not the port colon', () => {
    expect(splitReference('localhost:5000/app')).toEqual({
      repository: 'localhost:5000/app',
      tag: null,
    });
    expect(splitReference('localhost:5000/app:1')).toEqual({
      repository: 'localhost:5000/app',
      tag: '1',
    });
    expect(familiarTagged('docker.io/library/app')).toBe('app:latest');
  });

  it('parses -t NAME[:TAG] and rejects bad names', () => {
    expect(parseBuildTag('app')).toEqual({ name: 'app', tag: 'app:latest' });
    expect(parseBuildTag('localhost:5000/team/api:v1')).toEqual({
      name: 'localhost:5000/team/api',
      tag: 'localhost:5000/team/api:v1',
    });
    expect(() => parseBuildTag('App')).toThrow(/not an image name/);
    expect(() => parseBuildTag('app:-x')).toThrow(/not an image name/);
  });
});
