import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../../shared/model.js';
import { sessionAdvice } from '../artifacts/build-run.js';
import { chooseBuilder } from './builder-choice.js';

const engine = (kind: 'docker' | 'podman', apiVersion: string): EngineStatus =>
  ({
    state: 'reachable',
    endpoint: { host: 'unix:///x.sock', source: '--host', tls: false },
    kind,
    version: '20.10.24',
    apiVersion,
    os: 'linux',
    arch: 'amd64',
  }) satisfies EngineStatus;

describe('chooseBuilder', () => {
  it('auto: BuildKit on Docker from API 1.39, classic below, Buildah on Podman', () => {
    expect(chooseBuilder(engine('docker', '1.41'))).toBe('buildkit');
    expect(chooseBuilder(engine('docker', '1.39'))).toBe('buildkit');
    expect(chooseBuilder(engine('docker', '1.38'))).toBe('classic');
    expect(chooseBuilder(engine('podman', '1.41'))).toBe('podman');
    expect(chooseBuilder(engine('docker', '1.41'), 'classic')).toBe('classic');
  });

  it('says in words that Podman, or an old Docker, has no BuildKit', () => {
    expect(() => chooseBuilder(engine('podman', '1.41'), 'buildkit')).toThrow(
      'This engine is Podman, which has no BuildKit: it builds with Buildah. Use --builder auto or classic.',
    );
    expect(() => chooseBuilder(engine('docker', '1.38'), 'buildkit')).toThrow(
      /API 1\.38; BuildKit through the API needs 1\.39 or newer/,
    );
  });
});

describe('sessionAdvice', () => {
  it('explains a failure that needs a session and suggests the way out', () => {
    expect(sessionAdvice('failed to solve: no active sessions')).toMatch(
      /needs a BuildKit session .* --builder classic, or pull the base images first/,
    );
    expect(sessionAdvice('exit code: 2')).toBeNull();
  });
});
