import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BuildRecord } from '../../../shared/builds.js';
import { createCore } from '../../core/core.js';
import { openTempStore, type TempStore } from '../../../test/support/history-fixtures.js';
import { parseCli } from '../args.js';
import type { CliDeps } from '../io.js';
import { run } from '../run.js';
import { buildText } from './builds.js';

describe('hangar builds builder: parsing', () => {
  it('reads the builder to save, or none to show it', () => {
    expect(parseCli(['builds', 'builder'])).toMatchObject({
      cmd: { sub: 'builder', choice: null, json: false },
    });
    expect(parseCli(['builds', 'builder', 'classic', '--json'])).toMatchObject({
      cmd: { sub: 'builder', choice: 'classic', json: true },
    });
  });

  it('refuses what is not a builder, in one line', () => {
    expect(() => parseCli(['builds', 'builder', 'kaniko'])).toThrow(
      "the builder is one of auto, buildkit, classic, not 'kaniko'",
    );
    expect(() => parseCli(['builds', 'builder', 'auto', 'classic'])).toThrow(
      "unexpected argument 'classic'",
    );
    expect(() => parseCli(['builds', 'builder', '--artifact', 'a'])).toThrow(
      "'builds builder' takes only a builder and --json",
    );
    expect(() => parseCli(['builds', 'nope'])).toThrow(
      "unknown builds subcommand 'nope' (ls, show, builder)",
    );
  });
});

describe('hangar builds builder: against a real store', () => {
  let t: TempStore;
  let out: string;
  let deps: CliDeps;

  beforeEach(() => {
    t = openTempStore();
    out = '';
    deps = {
      createCore: (o) =>
        createCore({ ...o, host: 'unix:///nonexistent/docker.sock', env: { HANGAR_HOME: t.dir } }),
      startWebHost: () => Promise.reject(new Error('unused')),
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => undefined },
      waitForStop: () => Promise.resolve(),
      openBrowser: () => undefined,
      now: () => Date.now(),
      packageRoot: t.dir,
    };
  });
  afterEach(() => t.dispose());

  it('is auto until saved, remembers what is saved, and says the engine cannot run it', async () => {
    expect(await run(['builds', 'builder', '--json'], deps)).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ choice: 'auto', runs: null });
    out = '';
    expect(await run(['builds', 'builder', 'classic'], deps)).toBe(0);
    expect(out).toBe(
      'builder: classic (not on this engine: The engine is not reachable: nothing can build.)\n',
    );
    out = '';
    expect(await run(['builds', 'builder', '--json'], deps)).toBe(0);
    expect(JSON.parse(out)).toEqual({
      choice: 'classic',
      runs: null,
      problem: 'The engine is not reachable: nothing can build.',
    });
  });
});

describe('hangar builds show: the text', () => {
  it('names the lookup that led to the build, when the history still has it', () => {
    const build: BuildRecord = {
      id: 3,
      artifact: 'app',
      key: 'a'.repeat(64),
      builder: 'buildkit',
      engine: 'unix:///d.sock',
      startedAt: Date.UTC(2026, 0, 10),
      durationMs: 1200,
      outcome: 'built',
      imageId: null,
      buildId: null,
      nocache: false,
      steps: [],
      cachedSteps: 1,
      totalSteps: 2,
      warnings: [],
      cacheBrokeAt: 'cache broke at [2/2] COPY a /a — a changed',
      error: null,
      lookupId: 41,
    };
    const lines = buildText(build, 'UTC').split('\n');
    expect(lines[2]).toBe('after lookup 41 in the history');
    expect(lines[3]).toBe('cache broke at [2/2] COPY a /a — a changed');
    expect(buildText({ ...build, lookupId: null }, 'UTC')).not.toContain('lookup');
  });
});
