import { describe, expect, it } from 'vitest';
import type { BuildOutcome } from '../../../shared/artifacts.js';
import type { TaskOf } from '../../../shared/tasks.js';
import {
  buildSteps,
  changeWord,
  cleanBuildOutput,
  formatMs,
  inputName,
  levelLine,
  outcomeHeadline,
  splitBuildFailure,
  stripAnsi,
} from './outcome-words.js';

const outcome = (o: Partial<BuildOutcome>): BuildOutcome => ({
  artifact: 'app',
  key: 'k'.repeat(64),
  status: 'HIT',
  level: 'local',
  imageId: `sha256:${'a'.repeat(64)}`,
  tags: [],
  durationMs: 4.2,
  reason: null,
  changedInputs: [],
  built: false,
  nocache: false,
  lookupMs: 4,
  buildMs: null,
  levels: [],
  moved: null,
  pulled: false,
  remoteTags: [],
  pushed: null,
  pushError: null,
  builder: null,
  buildId: null,
  buildRecordId: null,
  steps: [],
  cachedSteps: null,
  totalSteps: null,
  cacheBrokeAt: null,
  ...o,
});

describe('registry levels in words', () => {
  it('says where a registry HIT came from and whether it was pulled', () => {
    expect(outcomeHeadline(outcome({ level: 'project', pulled: true, durationMs: 812 }))).toBe(
      'in the project registry cache: pulled in 812 ms, no build needed',
    );
    expect(outcomeHeadline(outcome({ level: 'global', pulled: false }))).toBe(
      'in the global registry cache: left there (no pull), no build needed',
    );
  });

  it('says each level with its status and reason', () => {
    expect(
      levelLine({
        level: 'local',
        status: 'MISS',
        reference: null,
        digest: null,
        reason: 'no entry',
        durationMs: 1,
      }),
    ).toBe('Local engine: MISS (no entry)');
    expect(
      levelLine({
        level: 'global',
        status: 'HIT',
        reference: 'r/g:k',
        digest: 'sha256:1',
        reason: null,
        durationMs: 1,
      }),
    ).toBe('Global registry: HIT');
  });
});

describe('formatMs', () => {
  it('says milliseconds under a second, seconds under a minute, then minutes', () => {
    expect(formatMs(0.42)).toBe('0.4 ms');
    expect(formatMs(4.25)).toBe('4.3 ms');
    expect(formatMs(12.6)).toBe('13 ms');
    expect(formatMs(999.4)).toBe('999 ms');
    expect(formatMs(1234)).toBe('1.2 s');
    expect(formatMs(125_000)).toBe('2 min 5 s');
    expect(formatMs(-1)).toBe('—');
    expect(formatMs(Number.NaN)).toBe('—');
  });
});

describe('outcomeHeadline', () => {
  it('says a HIT in ms with no build, a MISS built, a too-old rebuilt without the cache', () => {
    expect(outcomeHeadline(outcome({}))).toBe('in 4.2 ms: no build needed');
    expect(outcomeHeadline(outcome({ status: 'MISS', built: true, durationMs: 1500 }))).toBe(
      'built in 1.5 s',
    );
    expect(outcomeHeadline(outcome({ status: 'HIT_TOO_OLD', built: true, durationMs: 2000 }))).toBe(
      'too old: rebuilt without the layer cache in 2 s',
    );
  });
});

describe('inputName and changeWord', () => {
  it('names each kind of input as a person knows it', () => {
    expect(inputName({ kind: 'file', name: 'src/a.txt', change: 'added' })).toBe('src/a.txt');
    expect(inputName({ kind: 'buildArg', name: 'VERSION', change: 'modified' })).toBe(
      'build arg VERSION',
    );
    expect(inputName({ kind: 'dockerfile', name: 'Dockerfile', change: 'modified' })).toBe(
      'Dockerfile',
    );
    expect(inputName({ kind: 'dockerfile', name: 'ci/Dockerfile', change: 'modified' })).toBe(
      'Dockerfile (ci/Dockerfile)',
    );
    expect(inputName({ kind: 'config', name: 'dockerfilePath', change: 'modified' })).toBe(
      'Dockerfile path',
    );
    expect(inputName({ kind: 'config', name: 'other', change: 'modified' })).toBe('other');
  });

  it('says a file is modified but a setting or build arg changed', () => {
    expect(changeWord({ kind: 'file', name: 'a', change: 'modified' })).toBe('modified');
    expect(changeWord({ kind: 'buildArg', name: 'A', change: 'modified' })).toBe('changed');
    expect(changeWord({ kind: 'buildArg', name: 'A', change: 'removed' })).toBe('removed');
  });
});

describe('build output and failures', () => {
  it('takes colour codes and the builder’s bookkeeping out of a step’s output', () => {
    const raw =
      'compiling\n\u001b[91mmain.c:3: error: boom\n\u001b[0mRemoving intermediate container 1f2e\n ---> Running in 3a\n';
    expect(stripAnsi('\u001b[1;31mred\u001b[0m')).toBe('red');
    expect(cleanBuildOutput(raw)).toBe('compiling\nmain.c:3: error: boom');
  });

  it('splits the core’s failure sentence into step, instruction and error', () => {
    expect(
      splitBuildFailure(
        'The build failed at step 2/4 (RUN echo (a)): The command returned a non-zero code: 2',
      ),
    ).toEqual({
      step: '2/4',
      instruction: 'RUN echo (a)',
      error: 'The command returned a non-zero code: 2',
    });
    expect(splitBuildFailure('The build of app failed: no space left on device')).toBeNull();
  });

  it('lists the task’s steps, all done once the task ended', () => {
    const task = {
      state: 'running',
      progress: {
        percent: 50,
        message: 'Step 2/2: COPY . /',
        items: [
          { id: 'step-1', label: 'Step 1/2: FROM scratch', status: 'done', current: 1, total: 1 },
          { id: 'step-2', label: 'Step 2/2: COPY . /', status: 'running', current: 0, total: 1 },
        ],
      },
    } as unknown as TaskOf<'build'>;
    expect(buildSteps(task).map((s) => s.done)).toEqual([true, false]);
    expect(buildSteps({ ...task, state: 'failed' }).map((s) => s.done)).toEqual([true, true]);
  });
});
