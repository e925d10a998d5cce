import { describe, expect, it } from 'vitest';
import type { PrunePreview, PruneReport } from '../../../shared/actions.js';
import type { EventSink, Handlers } from '../../../shared/contract.js';
import type { EngineStatus } from '../../../shared/model.js';
import type { TaskOf } from '../../../shared/tasks.js';
import type { Core } from '../../core/core.js';
import { parseCli } from '../args.js';
import { UsageError } from '../errors.js';
import { run } from '../run.js';
import { previewJson, reportJson } from './prune.js';
import { progressPrinter } from './push.js';
import { refJson } from './ref.js';
import { fakeCliDeps } from '../../../test/support/cli-deps.js';

const cmd = (argv: string[]) => {
  const r = parseCli(argv);
  if (r.kind !== 'command') throw new Error('not a command');
  return r.cmd;
};
const usage = (argv: string[]) => {
  try {
    parseCli(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('parsing the action commands', () => {
  it('prune: mode, until, repeatable filters', () => {
    expect(cmd(['prune'])).toEqual({
      options: { mode: 'dangling' },
      dryRun: false,
      yes: false,
      json: false,
    });
    expect(
      cmd([
        'prune',
        '-a',
        '--until',
        '24h',
        '--filter',
        'label=team=a',
        '-f',
        'label!=keep',
        '--filter',
        'until=7d',
        '--dry-run',
        '-y',
        '--json',
      ]),
    ).toEqual({
      options: { mode: 'unused', until: '7d', labels: ['team=a'], notLabels: ['keep'] },
      dryRun: true,
      yes: true,
      json: true,
    });
    expect(usage(['prune', '--until', 'soon'])).toMatch(/^--until 'soon' is not a time\./);
    expect(usage(['prune', '--filter', 'dangling=true'])).toBe(
      "unknown filter 'dangling=true' (use label=, label!= or until=)",
    );
    expect(usage(['prune', '--filter', 'label='])).toBe(
      "--filter label= needs a key or key=value, not ''",
    );
    expect(usage(['prune', 'x'])).toBe("unexpected argument 'x'");
  });

  it('tag, untag, rm, push, ref: positionals and flags', () => {
    expect(cmd(['tag', 'a', 'b'])).toEqual({ source: 'a', target: 'b', json: false });
    expect(usage(['tag', 'a'])).toBe('tag needs SOURCE and TARGET');
    expect(usage(['tag', 'a', 'b', 'c'])).toBe("unexpected argument 'c'");
    expect(cmd(['untag', 'a:1', '--json'])).toEqual({ tag: 'a:1', json: true });
    expect(usage(['untag'])).toBe('untag needs a REF');
    expect(cmd(['rm', 'a', 'b', '-f', '--no-prune'])).toEqual({
      images: ['a', 'b'],
      force: true,
      noprune: true,
      json: false,
    });
    expect(cmd(['push', 'r/a:1', '--host', 'unix:///x.sock'])).toEqual({
      ref: 'r/a:1',
      json: false,
      host: 'unix:///x.sock',
    });
    expect(usage(['push'])).toBe('push needs a REF');
    expect(cmd(['ref', 'a', 'b', '--json'])).toEqual({ names: ['a', 'b'], json: true });
    expect(usage(['ref'])).toBe('ref needs at least one NAME');
    expect(usage(['rm', '--dry-run', 'x'])).toBe("'rm' does not take --dry-run");
  });
});

describe('JSON shapes', () => {
  it('ref: valid and invalid', () => {
    expect(refJson('busybox@sha256:' + 'a'.repeat(64))).toEqual({
      input: `busybox@sha256:${'a'.repeat(64)}`,
      valid: true,
      domain: 'docker.io',
      path: 'library/busybox',
      tag: null,
      digest: `sha256:${'a'.repeat(64)}`,
      familiar: `busybox@sha256:${'a'.repeat(64)}`,
      full: `docker.io/library/busybox@sha256:${'a'.repeat(64)}`,
    });
    expect(refJson('a:-b')).toEqual({
      input: 'a:-b',
      valid: false,
      error: "invalid reference format: tag '-b' cannot start with '.' or '-'",
    });
  });

  it('prune preview and report: exactly the documented JSON keys', () => {
    expect(Object.keys(previewJson(PREVIEW))).toEqual([
      'mode',
      'images',
      'reclaimBytes',
      'skipped',
    ]);
    expect(previewJson(PREVIEW).images).toEqual([{ id: 'sha256:d1', tags: [], size: 10 }]);
    expect(previewJson(PREVIEW).skipped).toEqual([
      { id: 'sha256:u', reason: 'used by container web-1 (running)' },
    ]);
    expect(reportJson(REPORT)).toEqual({
      deleted: ['sha256:d1'],
      untagged: [],
      skipped: [],
      failed: [{ id: 'sha256:x', error: 'boom' }],
      reclaimedBytes: 10,
    });
  });
});

describe('push progress on stderr', () => {
  it('prints a layer when its status changes and the percent every 10 points', () => {
    let out = '';
    const print = progressPrinter({ stderr: { write: (t: string) => (out += t) } });
    const task = (percent: number | null, items: Array<[string, string, number]>) =>
      ({
        kind: 'push',
        progress: {
          percent,
          message: 'Pushing',
          items: items.map(([id, status, current]) => ({
            id,
            label: id,
            status,
            current,
            total: 2000,
          })),
        },
      }) as unknown as TaskOf<'push'>;
    print(task(null, []));
    print(task(5, [['aaa', 'Pushing', 100]]));
    print(task(12, [['aaa', 'Pushing', 240]]));
    print(task(14, [['aaa', 'Pushing', 280]]));
    print(task(100, [['aaa', 'Pushed', 2000]]));
    expect(out).toBe('Pushing\naaa: Pushing 2kB\n5%\n12%\naaa: Pushed 2kB\n');
  });
});

const PREVIEW: PrunePreview = {
  id: '00000000-0000-4000-8000-000000000000',
  options: { mode: 'dangling' },
  untilSeconds: null,
  createdAt: 0,
  expiresAt: 1,
  images: [
    { id: 'sha256:d1', tags: [], digests: [], size: 10, ownBytes: 10, created: 1, role: 'match' },
  ],
  reclaimBytes: 10,
  reclaimBytesMin: null,
  skipped: [
    {
      id: 'sha256:u',
      tags: [],
      reason: 'used by container web-1 (running)',
      containers: ['web-1'],
    },
  ],
  indexVersion: 1,
};

const REPORT: PruneReport = {
  previewId: PREVIEW.id,
  mode: 'dangling',
  deleted: ['sha256:d1'],
  untagged: [],
  skipped: [],
  failed: [{ id: 'sha256:x', error: 'boom', code: 'INTERNAL' }],
  reclaimedBytes: 10,
};

const REACHABLE: EngineStatus = {
  state: 'reachable',
  endpoint: { host: 'unix:///x.sock', source: '--host', tls: false },
  kind: 'docker',
  version: '20.10.24',
  apiVersion: '1.41',
  os: 'linux',
  arch: 'amd64',
};

/** A fake core answering the prune channels; `images:prune` finishes at once with REPORT. */
function fakeCore() {
  const sinks = new Set<EventSink>();
  const calls: string[] = [];
  const task = {
    id: '11111111-1111-4111-8111-111111111111',
    kind: 'prune',
    title: 'Prune 1 image',
    target: 'Dangling only',
    state: 'running',
    progress: { percent: 0, message: '', items: [] },
    startedAt: 0,
    endedAt: null,
    error: null,
    result: null,
  } as TaskOf<'prune'>;
  const handlers = {
    'engines:status': async () => REACHABLE,
    'images:prunePreview': async () => {
      calls.push('preview');
      return PREVIEW;
    },
    'images:prune': async () => {
      calls.push('prune');
      setTimeout(() => {
        const done = {
          ...task,
          state: 'succeeded',
          result: REPORT,
          progress: {
            percent: 100,
            message: '',
            items: [{ id: 'sha256:d1', label: 'd1', status: 'deleted', current: 1, total: 1 }],
          },
        };
        for (const s of sinks) s('task:done', done as TaskOf<'prune'>);
      }, 5);
      return task;
    },
  } as unknown as Handlers;
  const core: Core = {
    handlers,
    subscribe: (sink) => {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
    ready: async () => {},
    close: async () => {},
  };
  return { core, calls };
}

describe('hangar prune: confirmation', () => {
  it('refuses without --yes when stdin is not a terminal, deleting nothing', async () => {
    const { core, calls } = fakeCore();
    const h = fakeCliDeps(core, false);
    expect(await run(['prune'], h.d)).toBe(2);
    expect(h.err()).toBe(
      'hangar: refusing to delete 1 image (up to 10B) without --yes: stdin is not a terminal (try --dry-run)\n',
    );
    expect(calls).toEqual(['preview']);
  });

  it('asks on a terminal: no means nothing deleted, yes prunes the previewed set', async () => {
    const no = fakeCore();
    const h1 = fakeCliDeps(no.core, true, 'n');
    expect(await run(['prune'], h1.d)).toBe(1);
    expect(h1.asked).toEqual(['Delete 1 image (up to 10B)? [y/N] ']);
    expect(no.calls).toEqual(['preview']);

    const yes = fakeCore();
    const h2 = fakeCliDeps(yes.core, true, 'y');
    expect(await run(['prune'], h2.d)).toBe(1); // the fake report has one failure
    expect(yes.calls).toEqual(['preview', 'prune']);
    expect(h2.out()).toBe(
      'Deleted: sha256:d1\nFailed: sha256:x (boom)\nTotal reclaimed space: 10B\n',
    );
    expect(h2.err()).toContain('deleted d1\n');
  });

  it('--dry-run never prunes', async () => {
    const { core, calls } = fakeCore();
    const h = fakeCliDeps(core, false);
    expect(await run(['prune', '--dry-run'], h.d)).toBe(0);
    expect(h.out()).toMatch(
      /^IMAGE ID +TAGS +FREES\nd1 +<none> +10B\nskip u : used by container web-1 \(running\)\nWould delete 1 image \(up to 10B\)\.\n$/,
    );
    expect(calls).toEqual(['preview']);
  });
});
