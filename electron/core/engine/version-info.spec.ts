import { describe, expect, it } from 'vitest';
import {
  EngineVersionError,
  NotDockerApiError,
  compareApiVersions,
  detectKind,
  dockerodeVersion,
  negotiateApiVersion,
  parseVersion,
} from './version-info.js';
import { DOCKER_20_10_VERSION, PODMAN_4_3_VERSION } from './version-fixtures.js';

describe('parseVersion', () => {
  it('reads a Docker 20.10 answer', () => {
    expect(parseVersion(DOCKER_20_10_VERSION)).toEqual({
      kind: 'docker',
      version: '20.10.24+dfsg1',
      apiVersion: '1.41',
      minApiVersion: '1.12',
      os: 'linux',
      arch: 'amd64',
    });
  });

  it('detects Podman from its components', () => {
    expect(parseVersion(PODMAN_4_3_VERSION)).toMatchObject({
      kind: 'podman',
      version: '4.3.1',
      apiVersion: '1.41',
    });
  });

  it('detects Podman from the platform name alone, and Docker Desktop from its platform', () => {
    expect(detectKind({ Platform: { Name: 'Podman Engine' }, Components: [] })).toBe('podman');
    expect(detectKind({ Platform: { Name: 'Docker Desktop 4.30.0 (149282)' } })).toBe('docker');
    expect(detectKind({ Platform: { Name: 'Some Engine' }, Components: null })).toBe('unknown');
  });

  it('refuses what is not a Docker /version answer', () => {
    expect(() => parseVersion(Buffer.from('<html>'))).toThrow(NotDockerApiError);
    expect(() => parseVersion('OK')).toThrow('not a Docker API');
    expect(() => parseVersion({ Version: '1.0' })).toThrow('has no ApiVersion');
    expect(() => parseVersion({ ApiVersion: 'latest' })).toThrow(NotDockerApiError);
  });
});

describe('negotiateApiVersion', () => {
  it("uses the server's version when it is older than ours", () => {
    expect(negotiateApiVersion({ apiVersion: '1.41', minApiVersion: '1.12' })).toBe('1.41');
  });

  it('pins newer servers down to 1.47', () => {
    expect(negotiateApiVersion({ apiVersion: '1.51', minApiVersion: '1.24' })).toBe('1.47');
    expect(negotiateApiVersion({ apiVersion: '1.47' })).toBe('1.47');
  });

  it('refuses a server too old or one that needs a newer client', () => {
    expect(() => negotiateApiVersion({ apiVersion: '1.30' })).toThrow(EngineVersionError);
    expect(() => negotiateApiVersion({ apiVersion: '1.30' })).toThrow(
      'its API version 1.30 is too old (Hangar needs 1.40 or newer)',
    );
    expect(() => negotiateApiVersion({ apiVersion: '1.60', minApiVersion: '1.50' })).toThrow(
      'it needs API version 1.50 or newer, and Hangar speaks at most 1.47',
    );
  });

  it('compares numerically, not as text', () => {
    expect(compareApiVersions('1.9', '1.41')).toBe(-1);
    expect(compareApiVersions('1.41', '1.41')).toBe(0);
    expect(compareApiVersions('2.0', '1.99')).toBe(1);
    expect(dockerodeVersion('1.41')).toBe('v1.41');
  });
});
