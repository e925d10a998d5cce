import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventSink, Handlers } from '../../shared/contract.js';
import { HangarError } from '../../shared/errors.js';
import type { EngineStatus, ImageRecord, IndexDelta, IndexSnapshot } from '../../shared/model.js';
import type { Core, CoreOptions } from '../core/core.js';
import type { WebHostOptions } from '../web/server.js';
import type { CliDeps } from './io.js';
import { run } from './run.js';

const endpoint = { host: 'unix:///tmp/x.sock', source: '--host', tls: false };
const REACHABLE: EngineStatus = {
  state: 'reachable',
  endpoint,
  kind: 'docker',
  version: '20.10.24',
  apiVersion: '1.41',
  os: 'linux',
  arch: 'amd64',
};

function image(id: string, over: Partial<ImageRecord> = {}): ImageRecord {
  return {
    id,
    repoTags: [],
    repoDigests: [],
    parentId: null,
    created: 1_700_000_000,
    size: 10,
    labels: {},
    containers: [],
    dangling: false,
    intermediate: false,
    ...over,
  };
}

/** A fake core for the CLI's own logic: it answers two channels and emits what a test says. */
class FakeCore implements Core {
  readonly sinks = new Set<EventSink>();
  closed = false;
  status: EngineStatus = REACHABLE;
  snapshot: IndexSnapshot = {
    version: 5,
    images: [
      image('sha256:a', { repoTags: ['app:v1'] }),
      image('sha256:i', { intermediate: true }),
    ],
    totals: {
      images: 2,
      tagged: 1,
      dangling: 0,
      intermediate: 1,
      inUse: 0,
      size: 20,
      danglingSize: 0,
    },
    staleSince: null,
    loadedAt: 1,
  };
  onSnapshot: () => void = () => {};
  readonly handlers = {
    'engines:status': async () => this.status,
    'images:snapshot': async () => {
      this.onSnapshot();
      return this.snapshot;
    },
  } as unknown as Handlers;

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }
  async ready(): Promise<void> {}
  async close(): Promise<void> {
    this.closed = true;
  }
  delta(d: IndexDelta): void {
    for (const sink of this.sinks) sink('index:delta', d);
  }
  engine(status: EngineStatus): void {
    this.status = status;
    for (const sink of this.sinks) sink('engine:status', status);
  }
}

function harness(core = new FakeCore()) {
  let out = '';
  let err = '';
  let stop: () => void = () => {};
  const coreOptions: CoreOptions[] = [];
  const hosts: WebHostOptions[] = [];
  const opened: string[] = [];
  let hostClosed = false;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const deps: CliDeps = {
    createCore: async (options) => {
      coreOptions.push(options);
      return core;
    },
    startWebHost: async (options) => {
      hosts.push(options);
      return {
        url: 'http://127.0.0.1:4242/?token=t',
        address: { address: '127.0.0.1', family: 'IPv4', port: 4242 },
        port: 4242,
        token: 't',
        close: async () => {
          hostClosed = true;
        },
      };
    },
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    waitForStop: () => stopped,
    openBrowser: (url) => opened.push(url),
    now: () => 1_700_000_000_000 + 60_000,
    packageRoot: '/pkg',
  };
  return {
    core,
    deps,
    coreOptions,
    hosts,
    opened,
    stop: () => stop(),
    out: () => out,
    err: () => err,
    hostClosed: () => hostClosed,
  };
}

describe('run images', () => {
  it('prints the JSON projection, passes --host to the core and closes it', async () => {
    const h = harness();
    expect(await run(['images', '--json', '--host', 'unix:///tmp/x.sock'], h.deps)).toBe(0);
    expect(h.coreOptions).toEqual([{ host: 'unix:///tmp/x.sock', origin: 'cli' }]);
    expect(JSON.parse(h.out())).toEqual([
      {
        id: 'sha256:a',
        repoTags: ['app:v1'],
        repoDigests: [],
        parentId: null,
        created: 1_700_000_000,
        size: 10,
        containers: [],
        dangling: false,
      },
    ]);
    expect(h.err()).toBe('');
    expect(h.core.closed).toBe(true);
  });

  it('prints a table by default', async () => {
    const h = harness();
    expect(await run(['images'], h.deps)).toBe(0);
    expect(h.out()).toMatch(/^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE\s+STATUS\n/);
    expect(h.out()).toMatch(/\napp +v1 +a +About a minute ago +10B +- *\n$/);
  });

  it('fails with exit 2 and one line when the engine is unreachable', async () => {
    const core = new FakeCore();
    core.status = {
      state: 'unreachable',
      endpoint,
      reason: 'Cannot reach Docker: ENOENT',
      retryAt: null,
    };
    const h = harness(core);
    expect(await run(['images'], h.deps)).toBe(2);
    expect(h.err()).toBe('hangar: Cannot reach Docker: ENOENT\n');
    expect(h.out()).toBe('');
    expect(core.closed).toBe(true);
    // With --json, the same line on stderr and the failure as one JSON line on stdout.
    const json = harness(core);
    expect(await run(['images', '--json'], json.deps)).toBe(2);
    expect(json.err()).toBe('hangar: Cannot reach Docker: ENOENT\n');
    expect(json.out()).toBe(
      '{"error":{"code":"ENGINE_UNREACHABLE","message":"Cannot reach Docker: ENOENT"}}\n',
    );
  });

  it('fails with exit 2 when the core refuses the --host', async () => {
    const h = harness();
    h.deps.createCore = async () => {
      throw new HangarError('VALIDATION', 'Unsupported engine address: unix://');
    };
    expect(await run(['images', '--host', 'unix://'], h.deps)).toBe(2);
    expect(h.err()).toBe('hangar: Unsupported engine address: unix://\n');
  });

  it('reports an unexpected failure on one line with exit 1, no stack trace', async () => {
    const h = harness();
    h.deps.createCore = async () => {
      throw new TypeError('boom');
    };
    expect(await run(['images'], h.deps)).toBe(1);
    expect(h.err()).toBe('hangar: unexpected error: boom\n');
  });

  it('reports a usage error without building a core', async () => {
    const h = harness();
    expect(await run(['images', '--nope'], h.deps)).toBe(2);
    expect(h.err()).toBe('hangar: unknown option --nope\n');
    expect(h.coreOptions).toEqual([]);
  });
});

describe('run events', () => {
  it('--json prints one line per delta until stopped, then unsubscribes', async () => {
    const h = harness();
    const done = run(['events', '--json'], h.deps);
    await expect.poll(() => h.err()).toContain('Watching');
    h.core.delta({ version: 6, upserts: [image('sha256:b', { dangling: true })], removals: [] });
    h.core.delta({ version: 7, upserts: [], removals: ['sha256:a'] });
    h.stop();
    expect(await done).toBe(0);
    const lines = h
      .out()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([
      {
        version: 6,
        upserts: [
          {
            id: 'sha256:b',
            repoTags: [],
            repoDigests: [],
            parentId: null,
            created: 1_700_000_000,
            size: 10,
            containers: [],
            dangling: true,
          },
        ],
        removals: [],
      },
      { version: 7, upserts: [], removals: ['sha256:a'] },
    ]);
    expect(h.core.sinks.size).toBe(0);
    expect(h.core.closed).toBe(true);
  });

  it('prints human lines against the snapshot, skipping deltas it already contains', async () => {
    const core = new FakeCore();
    // Deltas that arrive while the snapshot is being taken: v5 is in it, v6 is not.
    core.onSnapshot = () => {
      core.delta({
        version: 5,
        upserts: [image('sha256:old', { repoTags: ['x:1'] })],
        removals: [],
      });
      core.delta({
        version: 6,
        upserts: [image('sha256:a', { repoTags: ['app:v1', 'app:v2'] })],
        removals: [],
      });
    };
    const h = harness(core);
    const done = run(['events'], h.deps);
    await expect.poll(() => h.out()).toContain('+ tag app:v2');
    core.delta({ version: 7, upserts: [], removals: ['sha256:a'] });
    await expect.poll(() => h.out()).toContain('- removed');
    h.stop();
    expect(await done).toBe(0);
    expect(h.out()).toBe('+ tag app:v2 sha256:a\n- removed sha256:a (app:v1, app:v2)\n');
  });
});

describe('run events while the engine comes and goes', () => {
  const NOW = 1_700_000_000_000 + 60_000;
  const away = (retryAt: number | null): EngineStatus => ({
    state: 'unreachable',
    endpoint,
    reason: 'Cannot reach Docker at unix:///tmp/x.sock: no such socket',
    retryAt,
  });

  it.each([
    { mode: 'json', flags: ['--json'] },
    { mode: 'human lines', flags: [] },
  ])(
    'says once that the engine is away and when it retries, and once that it is back ($mode)',
    async ({ flags }) => {
      const h = harness();
      const done = run(['events', ...flags], h.deps);
      await expect.poll(() => h.err()).toContain('Watching');
      h.core.engine(away(NOW + 500));
      h.core.engine(away(NOW + 2_000));
      h.core.engine({ state: 'connecting', endpoint });
      h.core.engine(away(NOW + 4_000));
      h.core.engine(REACHABLE);
      h.core.engine(REACHABLE);
      h.core.engine(away(NOW + 12_300));
      h.stop();
      expect(await done).toBe(0);
      expect(
        h
          .err()
          .split('\n')
          .filter((l) => l.startsWith('!')),
      ).toEqual([
        '! engine unreachable: Cannot reach Docker at unix:///tmp/x.sock: no such socket; retrying in 1 s, then less often until it answers',
        '! engine reachable again at unix:///tmp/x.sock: reloading the images',
        '! engine unreachable: Cannot reach Docker at unix:///tmp/x.sock: no such socket; retrying in 13 s, then less often until it answers',
      ]);
    },
  );

  it('started while the engine is away, says so, waits for the first load, then watches', async () => {
    const core = new FakeCore();
    const h = harness(core);
    core.status = away(NOW + 1_000);
    let loaded = false;
    const handlers = core.handlers as unknown as Record<string, () => Promise<unknown>>;
    // As the core answers before its first load: an empty index, never loaded.
    handlers['images:snapshot'] = async () =>
      loaded ? core.snapshot : { ...core.snapshot, images: [], loadedAt: null };
    const done = run(['events', '--json'], h.deps);
    await expect.poll(() => h.err()).toContain('! engine unreachable: ');
    expect(h.err()).not.toContain('Watching');

    core.engine(REACHABLE);
    loaded = true;
    for (const sink of core.sinks) {
      sink('index:status', { version: 5, staleSince: null, loadedAt: NOW, loading: false });
    }
    await expect.poll(() => h.err()).toContain('Watching the images at unix:///tmp/x.sock.');
    core.delta({ version: 6, upserts: [], removals: ['sha256:i'] });
    await expect.poll(() => h.out()).toContain('"removals":["sha256:i"]');
    h.stop();
    expect(await done).toBe(0);
  });

  it('fails with the load error (exit 1, as images does) when the engine answers but its listing is wrong', async () => {
    const core = new FakeCore();
    const h = harness(core);
    const handlers = core.handlers as unknown as Record<string, () => Promise<unknown>>;
    handlers['images:snapshot'] = async () => {
      throw new HangarError(
        'INTERNAL',
        'Podman answered GET /images/json with an empty body, not a list of images.',
      );
    };
    expect(await run(['events'], h.deps)).toBe(1);
    expect(h.err()).toContain('Podman answered GET /images/json with an empty body, not a list');
    expect(h.err()).not.toContain('Watching');
  });

  it('reports an engine that went away after the images loaded, before it subscribed', async () => {
    const core = new FakeCore();
    const h = harness(core);
    // The index has loaded (the fake's snapshot answers); the status read once subscribed says away.
    const handlers = core.handlers as unknown as Record<string, () => Promise<EngineStatus>>;
    handlers['engines:status'] = async () => away(null);
    const done = run(['events', '--json'], h.deps);
    await expect.poll(() => h.err()).toContain('Watching');
    h.stop();
    expect(await done).toBe(0);
    expect(h.err()).toContain(
      '! engine unreachable: Cannot reach Docker at unix:///tmp/x.sock: no such socket; not retrying\n',
    );
  });
});

describe('run web', () => {
  it('serves on loopback, prints the URL first, opens it, and closes on stop', async () => {
    const h = harness();
    const done = run(['web', '--port', '4242'], h.deps);
    await expect.poll(() => h.out()).toBe('http://127.0.0.1:4242/?token=t\n');
    expect(h.hosts).toHaveLength(1);
    expect(h.hosts[0]).toMatchObject({
      port: 4242,
      host: '127.0.0.1',
      staticDir: path.resolve('/pkg/dist/renderer'),
    });
    expect(h.opened).toEqual(['http://127.0.0.1:4242/?token=t']);
    expect(h.err()).toContain('no renderer build');
    h.stop();
    expect(await done).toBe(0);
    expect(h.hostClosed()).toBe(true);
    expect(h.core.closed).toBe(true);
  });

  it('does not open a browser with --no-open and uses --static', async () => {
    const h = harness();
    const done = run(['web', '--no-open', '--static', '/srv/ui'], h.deps);
    await expect.poll(() => h.hosts.length).toBe(1);
    expect(h.hosts[0]?.staticDir).toBe(path.resolve('/srv/ui'));
    h.stop();
    expect(await done).toBe(0);
    expect(h.opened).toEqual([]);
  });

  it('reports a port in use on one line with exit 2', async () => {
    const h = harness();
    h.deps.startWebHost = async () => {
      throw Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', port: 4242 });
    };
    expect(await run(['web', '--port', '4242'], h.deps)).toBe(2);
    expect(h.err()).toBe('hangar: cannot listen on 127.0.0.1:4242: the port is in use\n');
    expect(h.core.closed).toBe(true);
  });
});

describe('run help', () => {
  it('prints the usage on stdout with exit 0', async () => {
    const h = harness();
    expect(await run(['--help'], h.deps)).toBe(0);
    expect(h.out()).toMatch(/^Usage: hangar <command>/);
    expect(h.out()).toContain('--no-open');
    expect(h.coreOptions).toEqual([]);
  });

  it('prints one command’s usage for <command> --help and help <command>', async () => {
    const h = harness();
    expect(await run(['web', '--help'], h.deps)).toBe(0);
    expect(await run(['help', 'web'], h.deps)).toBe(0);
    const [first, second] = h.out().split(/(?=^Usage: )/m);
    expect(first).toMatch(
      /^Usage: hangar web \[--port N\] \[--no-open\] \[--static DIR\] \[--upload-limit SIZE\]\n/,
    );
    expect(first).toContain('--static DIR     Serve the renderer build');
    expect(second).toBe(first);
    expect(h.coreOptions).toEqual([]);
  });
});

describe('run with --json: a failure is also JSON on stdout', () => {
  const parsed = (out: string) => JSON.parse(out) as unknown;

  it("gives the core's code and detail", async () => {
    const h = harness();
    h.deps.createCore = async () => {
      throw new HangarError('AUTH_FAILED', 'The registry refused the credentials.', 'HTTP 401');
    };
    expect(await run(['images', '--json'], h.deps)).toBe(2);
    expect(parsed(h.out())).toEqual({
      error: {
        code: 'AUTH_FAILED',
        message: 'The registry refused the credentials.',
        detail: 'HTTP 401',
      },
    });
  });

  it('gives VALIDATION for a bad command line, INTERNAL (exit 1) for the unexpected', async () => {
    const bad = harness();
    expect(await run(['images', '--json', '--nope'], bad.deps)).toBe(2);
    expect(parsed(bad.out())).toEqual({
      error: { code: 'VALIDATION', message: 'unknown option --nope' },
    });
    const boom = harness();
    boom.deps.createCore = async () => {
      throw new TypeError('boom');
    };
    expect(await run(['images', '--json'], boom.deps)).toBe(1);
    expect(boom.err()).toBe('hangar: unexpected error: boom\n');
    expect(parsed(boom.out())).toEqual({ error: { code: 'INTERNAL', message: 'boom' } });
  });

  it('prints nothing on stdout without --json', async () => {
    const h = harness();
    h.deps.createCore = async () => {
      throw new HangarError('AUTH_FAILED', 'refused');
    };
    expect(await run(['images'], h.deps)).toBe(2);
    expect(h.out()).toBe('');
    // A --json after `--` is an argument, not the option.
    expect(await run(['images', '--', '--json'], h.deps)).toBe(2);
    expect(h.out()).toBe('');
  });
});
