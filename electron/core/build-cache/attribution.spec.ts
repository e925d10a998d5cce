import { describe, expect, it } from 'vitest';
import type { BuildRecord, BuildStepRecord } from '../../../shared/builds.js';
import { attribute, execOfDescription, runCommandOfStep } from './attribution.js';

const T = Date.UTC(2026, 0, 10);

function step(name: string): BuildStepRecord {
  return {
    name,
    dockerfile: true,
    cached: false,
    startedAt: T,
    durationMs: 10,
    error: null,
    log: [],
  };
}

function build(id: number, artifact: string, steps: string[], startedAt = T): BuildRecord {
  return {
    id,
    artifact,
    key: `k${id}`,
    builder: 'buildkit',
    engine: 'unix:///d.sock',
    startedAt,
    durationMs: 60_000,
    outcome: 'built',
    imageId: null,
    buildId: null,
    nocache: false,
    steps: steps.map(step),
    cachedSteps: 0,
    totalSteps: steps.length,
    warnings: [],
    cacheBrokeAt: null,
    error: null,
    lookupId: null,
  };
}

describe('attribution', () => {
  it('reads descriptions and steps', () => {
    expect(execOfDescription('mount / from exec /bin/sh -c npm ci')).toEqual({
      command: '/bin/sh -c npm ci',
      cacheMount: null,
    });
    expect(execOfDescription('cached mount /root/.npm from exec /bin/sh -c npm ci')).toEqual({
      command: '/bin/sh -c npm ci',
      cacheMount: '/root/.npm',
    });
    expect(execOfDescription('local source for context')).toBeNull();
    expect(runCommandOfStep('[stage-0 2/4] RUN --mount=type=cache,target=/root/.npm npm ci')).toBe(
      'npm ci',
    );
    expect(runCommandOfStep('[1/2] RUN ["/bin/busybox", "sh", "-c", "echo x"]')).toBe(
      '/bin/busybox sh -c echo x',
    );
    expect(runCommandOfStep('[2/2] COPY . /app')).toBeNull();
  });

  it('names the artifact and step of a RUN and its cache mount', () => {
    const builds = [
      build(1, 'api', ['[1/2] FROM node', '[2/2] RUN --mount=type=cache,target=/root/.npm npm ci']),
      build(2, 'web', ['[2/2] RUN make']),
    ];
    const at = { createdAt: T + 1_000, lastUsedAt: T + 1_000 };
    expect(
      attribute({ description: 'mount / from exec /bin/sh -c npm ci', ...at }, builds),
    ).toEqual({ artifact: 'api', step: 'RUN npm ci', buildRecordId: 1 });
    expect(
      attribute(
        { description: 'cached mount /root/.npm from exec /bin/sh -c npm ci', ...at },
        builds,
      ),
    ).toEqual({ artifact: 'api', step: 'cache mount /root/.npm', buildRecordId: 1 });
  });

  it('says unknown outside every build, for other tools, and when two artifacts ran it', () => {
    const d = 'mount / from exec /bin/sh -c npm ci';
    const api = build(1, 'api', ['[2/2] RUN npm ci']);
    const late = { createdAt: T + 3_600_000, lastUsedAt: T + 3_600_000 };
    expect(attribute({ description: d, ...late }, [api])).toBeNull();
    const at = { createdAt: T + 1_000, lastUsedAt: null };
    expect(
      attribute({ description: 'mount / from exec /bin/sh -c make', ...at }, [api]),
    ).toBeNull();
    expect(
      attribute({ description: d, ...at }, [api, build(2, 'admin', ['[2/2] RUN npm ci'])]),
    ).toBeNull();
  });
});
