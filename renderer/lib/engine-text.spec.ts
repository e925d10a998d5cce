import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../shared/model.js';
import { engineChipText, retryText, staleText } from './engine-text.js';

describe('engine texts', () => {
  it('describes a reachable engine in one line', () => {
    const status: Extract<EngineStatus, { state: 'reachable' }> = {
      state: 'reachable',
      endpoint: { host: 'unix:///var/run/docker.sock', source: 'default', tls: false },
      kind: 'docker',
      version: '20.10.24',
      apiVersion: '1.41',
      os: 'linux',
      arch: 'amd64',
    };
    expect(engineChipText(status)).toBe('Docker 20.10.24 · API 1.41 · unix:///var/run/docker.sock');
    expect(engineChipText({ ...status, kind: 'podman', version: '4.9.3' })).toMatch(
      /^Podman 4\.9\.3 · /,
    );
  });

  it('counts down to the next retry in whole seconds, rounding up', () => {
    expect(retryText(10_000, 2_000)).toBe('Retrying in 8 s');
    expect(retryText(10_000, 9_001)).toBe('Retrying in 1 s');
    expect(retryText(10_000, 10_000)).toBe('Retrying now…');
    expect(retryText(10_000, 12_000)).toBe('Retrying now…');
    expect(retryText(null, 0)).toBeNull();
  });

  it('says since when the index is stale, in local time', () => {
    const since = new Date(2026, 10, 23, 9, 5, 7).getTime();
    expect(staleText(since)).toBe(
      'Index stale since 09:05:07 — the event stream is down; showing the last known state.',
    );
  });
});
