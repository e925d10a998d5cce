import { describe, expect, it } from 'vitest';
import type { BuildOutcome } from '../../../shared/artifacts.js';
import type { EventSink, Handlers } from '../../../shared/contract.js';
import type { EngineStatus } from '../../../shared/model.js';
import type { TaskInfo } from '../../../shared/tasks.js';
import type { Core, CoreOptions } from '../../core/core.js';
import { parseCli } from '../args.js';
import type { CliDeps } from '../io.js';
import { run } from '../run.js';
import { describeOutcome, toBuildJson } from './build-output.js';

const REACHABLE: EngineStatus = {
  state: 'reachable',
  endpoint: { host: 'unix:///x.sock', source: '--host', tls: false },
  kind: 'docker',
  version: '20.10.24',
  apiVersion: '1.41',
  os: 'linux',
  arch: 'amd64',
};

const OUTCOME: BuildOutcome = {
  artifact: 'app',
  key: 'a'.repeat(64),
  status: 'MISS',
  level: 'local',
  imageId: `sha256:${'b'.repeat(64)}`,
  tags: ['app:dev', `app:${'a'.repeat(64)}`],
  durationMs: 1234.56,
  reason: 'inputs changed: file src/a.txt',
  changedInputs: [{ kind: 'file', name: 'src/a.txt', change: 'modified' }],
  built: true,
  nocache: false,
  lookupMs: 3,
  buildMs: 1200,
  levels: [],
  moved: null,
  pulled: false,
  remoteTags: [],
  pushed: null,
  pushError: null,
  builder: 'buildkit',
  buildId: 'b1',
  buildRecordId: 1,
  steps: [],
  cachedSteps: 2,
  totalSteps: 4,
  cacheBrokeAt: 'cache broke at [3/4] COPY src/ /app/src — src/a.txt changed',
};

function task(over: Partial<TaskInfo>): TaskInfo {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    kind: 'build',
    title: 'Build app',
    target: 'app',
    state: 'running',
    progress: { percent: null, message: 'Hashing the build context…', items: [] },
    startedAt: 1,
    endedAt: null,
    error: null,
    result: null,
    ...over,
  } as TaskInfo;
}

/** A core that runs a build task by emitting the given end state. */
function fakeDeps(end: TaskInfo) {
  const out: string[] = [];
  const err: string[] = [];
  const options: CoreOptions[] = [];
  let specSeen: unknown = null;
  const sinks = new Set<EventSink>();
  const core: Core = {
    handlers: {
      'engines:status': async () => REACHABLE,
      'artifacts:build': async (spec: unknown) => {
        specSeen = spec;
        setTimeout(() => {
          for (const s of sinks)
            s(
              'task:progress',
              task({ progress: { percent: 50, message: 'Step 1/2: COPY . /', items: [] } }),
            );
          for (const s of sinks) s(end.state === 'failed' ? 'task:failed' : 'task:done', end);
        }, 5);
        return task({});
      },
      'tasks:get': async () => task({}),
    } as unknown as Handlers,
    subscribe: (sink) => {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
    ready: async () => undefined,
    close: async () => undefined,
  };
  const deps = {
    createCore: async (o: CoreOptions) => {
      options.push(o);
      return core;
    },
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    waitForStop: () => new Promise<void>(() => undefined),
    now: () => 0,
  } as unknown as CliDeps;
  return { deps, out, err, options, spec: () => specSeen };
}

describe('hangar build', () => {
  it('parses DIR, -t, --file, repeated --build-arg, --target, --ttl', () => {
    const inv = parseCli([
      'build',
      'ctx',
      '-t',
      'app:dev',
      '-f',
      'd/Dockerfile',
      '--build-arg',
      'A=1',
      '--build-arg',
      'B',
      '--target',
      'prod',
      '--ttl',
      '1.5',
    ]);
    expect(inv).toEqual({
      kind: 'command',
      name: 'build',
      cmd: {
        context: 'ctx',
        tag: 'app:dev',
        file: 'd/Dockerfile',
        buildArgs: [
          ['A', '1'],
          ['B', null],
        ],
        target: 'prod',
        platform: null,
        ttlHours: 1.5,
        cache: {},
        run: {},
        progress: 'auto',
        json: false,
      },
    });
  });

  it('parses --builder, --network and --progress, and names a bad value', () => {
    const inv = parseCli([
      'build',
      'ctx',
      '-t',
      'app',
      '--builder',
      'classic',
      '--network',
      'none',
      '--progress',
      'json',
    ]);
    expect(inv).toMatchObject({
      cmd: { run: { builder: 'classic', network: 'none' }, progress: 'json' },
    });
    expect(() => parseCli(['build', 'ctx', '-t', 'app', '--builder', 'kaniko'])).toThrow(
      "--builder is one of auto, buildkit, classic, not 'kaniko'",
    );
    expect(() => parseCli(['build', 'ctx', '-t', 'app', '--progress', 'tty'])).toThrow(
      "--progress is one of auto, plain, json, not 'tty'",
    );
    expect(() => parseCli(['build', 'ctx', '-t', 'app', '--network', 'a b'])).toThrow(
      /^--network: The network is a network mode/,
    );
  });

  it('parses the registry cache flags into per-build overrides', () => {
    const inv = parseCli([
      'build',
      'ctx',
      '-t',
      'app',
      '--cache-registry',
      'localhost:5000/team/cache',
      '--global-cache',
      'none',
      '--no-cache-push',
      '--cache-follow',
      'newest',
      '--no-pull',
    ]);
    expect(inv.kind === 'command' && inv.cmd).toMatchObject({
      cache: {
        project: 'localhost:5000/team/cache',
        global: null,
        pushAfterBuild: false,
        onMoved: 'newest',
        pull: false,
      },
    });
    expect(() => parseCli(['build', '.', '-t', 'app', '--cache-registry', 'cache'])).toThrow(
      "--cache-registry takes REGISTRY/REPO[/NAMESPACE] (or none), not 'cache'",
    );
    expect(() => parseCli(['build', '.', '-t', 'app', '--cache-follow', 'latest'])).toThrow(
      "--cache-follow is pinned or newest, not 'latest'",
    );
  });

  it('says where a registry HIT came from, a moved tag, the push and a failed push', () => {
    const hit = describeOutcome({
      ...OUTCOME,
      status: 'HIT',
      level: 'project',
      built: false,
      pulled: true,
      buildMs: null,
      durationMs: 840,
      moved: {
        level: 'project',
        reference: 'r:5000/c/ns:k',
        pinnedDigest: 'sha256:1',
        currentDigest: 'sha256:2',
        used: 'pinned',
        message: 'cache tag moved since your last build: written by someone else',
      },
    });
    expect(hit).toContain(
      'warning: r:5000/c/ns:k: cache tag moved since your last build: written by someone else\n',
    );
    expect(hit).toContain('HIT app:aaaaaaaaaaaa from the project cache, pulled → bbbbbbbbbbbb');
    const miss = describeOutcome({
      ...OUTCOME,
      levels: [
        {
          level: 'local',
          status: 'MISS',
          reference: null,
          digest: null,
          reason: 'no entry',
          durationMs: 1,
        },
        {
          level: 'project',
          status: 'MISS',
          reference: 'r:5000/c/ns:k',
          digest: null,
          reason: 'no tag r:5000/c/ns:k',
          durationMs: 3,
        },
      ],
      pushError: 'The build is cached here, but pushing r:5000/c/ns:k failed: refused',
    });
    expect(miss).toContain('  project cache: MISS (no tag r:5000/c/ns:k)\n');
    expect(miss).toContain('warning: The build is cached here, but pushing r:5000/c/ns:k failed');
  });

  it('refuses a missing DIR or -t, a bad name, a bad build arg or TTL', () => {
    expect(() => parseCli(['build', '-t', 'app'])).toThrow(
      'build needs the build context folder DIR',
    );
    expect(() => parseCli(['build', '.'])).toThrow('build needs -t NAME');
    expect(() => parseCli(['build', '.', '-t', 'App'])).toThrow(/not an image name/);
    expect(() => parseCli(['build', '.', '-t', 'app', '--build-arg', '1X=2'])).toThrow(
      "--build-arg takes NAME=value, not '1X=2'",
    );
    expect(() => parseCli(['build', '.', '-t', 'app', '--ttl', '0'])).toThrow(
      /--ttl is a number of hours above 0/,
    );
  });

  it('prints exactly the BuildOutcome JSON shape (with the registry levels asked), as the CLI origin', async () => {
    const f = fakeDeps(task({ state: 'succeeded', result: OUTCOME, endedAt: 2 }));
    process.env.HANGAR_SPEC_B = 'from-env';
    const code = await run(
      ['build', '/w', '-t', 'app:dev', '--build-arg', 'HANGAR_SPEC_B', '--json'],
      f.deps,
    ).finally(() => delete process.env.HANGAR_SPEC_B);
    expect(code).toBe(0);
    expect(f.options).toEqual([{ origin: 'cli' }]);
    expect(f.spec()).toMatchObject({
      name: 'app',
      context: '/w',
      tags: ['app:dev'],
      buildArgs: { HANGAR_SPEC_B: 'from-env' },
    });
    expect(JSON.parse(f.out.join(''))).toEqual(toBuildJson(OUTCOME));
    expect(Object.keys(toBuildJson(OUTCOME))).toEqual([
      'artifact',
      'key',
      'status',
      'level',
      'imageId',
      'tags',
      'durationMs',
      'reason',
      'changedInputs',
      'levels',
      'moved',
      'pulled',
      'remoteTags',
      'pushed',
      'pushError',
      'builder',
      'buildId',
      'buildRecordId',
      'steps',
      'cachedSteps',
      'totalSteps',
      'cacheBrokeAt',
    ]);
    expect(toBuildJson(OUTCOME).durationMs).toBe(1234.6);
    expect(f.err).toEqual([]);
  });

  it('says what changed, with progress on stderr', async () => {
    const f = fakeDeps(task({ state: 'succeeded', result: OUTCOME, endedAt: 2 }));
    expect(await run(['build', '/w', '-t', 'app:dev'], f.deps)).toBe(0);
    expect(f.err.join('')).toContain('Step 1/2: COPY . /\n');
    expect(f.out.join('')).toContain(
      `MISS app:aaaaaaaaaaaa (inputs changed: file src/a.txt)\n  modified  src/a.txt\nbuilt bbbbbbbbbbbb in 1.2 s`,
    );
  });

  it("prints a failed build's step output and exits 1", async () => {
    const f = fakeDeps(
      task({
        state: 'failed',
        error: {
          code: 'INTERNAL',
          message: 'The build failed at step 2/2 (RUN make): exit 2',
          detail: 'cc: error\nmake: *** [all] Error 1',
        },
      }),
    );
    expect(await run(['build', '/w', '-t', 'app'], f.deps)).toBe(1);
    expect(f.err.join('')).toContain(
      'hangar: The build failed at step 2/2 (RUN make): exit 2\n  cc: error\n  make: *** [all] Error 1\n',
    );
  });
});
