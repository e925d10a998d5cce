import { describe, expect, it } from 'vitest';
import type { BuildStepRecord } from '../../../shared/builds.js';
import { cacheBrokeAt } from './cache-broke.js';

const step = (name: string, cached: boolean, dockerfile = true): BuildStepRecord => ({
  name,
  dockerfile,
  cached,
  startedAt: 1,
  durationMs: 1,
  error: null,
  log: [],
});

const previous = { steps: [step('[1/3] FROM base', false)] };

describe('cacheBrokeAt', () => {
  const steps = [
    step('[internal] load build context', false, false),
    step('[1/3] FROM base', false),
    step('[2/3] RUN make deps', true),
    step('[3/3] COPY src/ /app/src', false),
  ];

  it('names the first missed step and the files that changed', () => {
    expect(
      cacheBrokeAt({
        steps,
        previous,
        nocache: false,
        changedInputs: [
          { kind: 'file', name: 'src/api/user.ts', change: 'modified' },
          { kind: 'file', name: 'src/a.ts', change: 'modified' },
          { kind: 'file', name: 'src/b.ts', change: 'added' },
        ],
      }),
    ).toBe('cache broke at [3/3] COPY src/ /app/src — src/api/user.ts changed (and 2 more files)');
  });

  it('names a build arg for a RUN step, and the Dockerfile before both', () => {
    const run = [step('[1/2] FROM base', false), step('[2/2] RUN echo $V', false)];
    const arg = { kind: 'buildArg' as const, name: 'V', change: 'modified' as const };
    expect(cacheBrokeAt({ steps: run, previous, nocache: false, changedInputs: [arg] })).toBe(
      'cache broke at [2/2] RUN echo $V — build arg V changed',
    );
    expect(
      cacheBrokeAt({
        steps: run,
        previous,
        nocache: false,
        changedInputs: [arg, { kind: 'dockerfile', name: 'Dockerfile', change: 'modified' }],
      }),
    ).toBe('cache broke at [2/2] RUN echo $V — the Dockerfile changed');
  });

  it('says nocache, a pruned cache, nothing on a first build or a fully cached one', () => {
    expect(cacheBrokeAt({ steps, previous: null, nocache: true, changedInputs: [] })).toBe(
      'nocache (HIT_TOO_OLD)',
    );
    const missed = steps.map((s) => ({ ...s, cached: false }));
    expect(cacheBrokeAt({ steps: missed, previous, nocache: false, changedInputs: [] })).toBe(
      "cache broke at [2/3] RUN make deps — the builder's cache was pruned",
    );
    expect(cacheBrokeAt({ steps, previous: null, nocache: false, changedInputs: [] })).toBeNull();
    const hit = steps.map((s) => ({ ...s, cached: true }));
    expect(cacheBrokeAt({ steps: hit, previous, nocache: false, changedInputs: [] })).toBeNull();
  });
});
