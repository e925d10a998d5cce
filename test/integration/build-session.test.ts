/**
 * Builds whose context goes through a BuildKit session on the shared dockerd: the session module
 * on its own (the daemon asks only for the files it does not hold yet), and Hangar's BuildKit
 * builds through it (the image has the hashed files, a Dockerfile outside the context's root, no
 * `.dockerignore`d file; an edit rebuilds from the COPY on). No mocks: the engine's CLI and its
 * build cache are the oracle.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactSpec, type ArtifactSpec } from '../../shared/artifacts.js';
import { request } from '../../electron/cli/core-client.js';
import { readIgnoreRules, walkContext } from '../../electron/core/artifacts/context-walker.js';
import { openSession } from '../../electron/core/builds/session/session.js';
import { createCore, type Core } from '../../electron/core/core.js';
import { rawBuildCache } from '../harness/buildkit.js';
import { busyboxImage } from '../harness/image-tar.js';
import { sharedDaemon } from '../harness/shared.js';
import { built, workspace } from '../support/builds.js';

const BASE = 'session/busybox:1';

/** `POST /build` of a session's context, with no body; the stream's text. */
function sessionBuild(client: Dockerode, sessionId: string, tag: string): Promise<string> {
  return new Promise((resolve, reject) => {
    client.modem.dial(
      {
        path: '/build?',
        method: 'POST',
        options: {
          version: '2',
          remote: 'client-session',
          session: sessionId,
          t: tag,
          networkmode: 'none',
        },
        file: Buffer.alloc(0),
        isStream: true,
        statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
      },
      (err: unknown, answer: unknown) => {
        if (err) return reject(err as Error);
        const stream = answer as NodeJS.ReadableStream;
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => resolve(Buffer.concat(chunks).toString()));
        stream.on('error', reject);
      },
    );
  });
}

describe('BuildKit builds through a session (shared dockerd)', () => {
  const daemon = sharedDaemon();
  const dirs: string[] = [];
  /** What busybox prints in a container of `tag`. */
  const busybox = async (tag: string, ...args: string[]) =>
    (await daemon.docker(['run', '--rm', '--network', 'none', tag, '/bin/busybox', ...args]))
      .stdout;
  beforeAll(async () => {
    await busyboxImage(daemon, BASE);
  });
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('sends every listed file once, then only the edited one', async () => {
    const contents = {
      Dockerfile: `FROM ${BASE}\nCOPY . /app\n`,
      'src/a.txt': 'a1\n',
      'src/b.txt': 'b1\n',
      'c.txt': 'c1\n',
    };
    const root = workspace(contents, 'hangar-session-');
    dirs.push(root);
    const client = new Dockerode({ socketPath: daemon.socketPath });
    const tag = `session/module:${process.pid}`;
    const round = async () => {
      const entries = walkContext(root, readIgnoreRules(root));
      const dir = { root, entries };
      const session = await openSession({
        modem: client.modem,
        dirs: new Map([
          ['context', dir],
          ['dockerfile', dir],
        ]),
        name: 'test',
        sharedKeyOf: root,
        signal: AbortSignal.timeout(60_000),
      });
      try {
        const out = await sessionBuild(client, session.id, tag);
        expect(out).toContain(`Successfully tagged ${tag}`);
        expect(session.failure()).toBeNull();
        return session.reports.filter((r) => r.dirName === 'context' && r.stats > 1);
      } finally {
        session.close();
      }
    };
    const first = await round();
    // Dockerfile, c.txt, src, src/a.txt, src/b.txt: five stats, the four files asked for.
    const all = Object.values(contents).reduce((n, c) => n + Buffer.byteLength(c), 0);
    expect(first).toEqual([{ dirName: 'context', stats: 5, files: 4, bytes: all }]);
    writeFileSync(path.join(root, 'src/b.txt'), 'b22\n');
    const second = await round();
    expect(second).toEqual([{ dirName: 'context', stats: 5, files: 1, bytes: 4 }]);
    expect(await busybox(tag, 'cat', '/app/src/b.txt')).toBe('b22\n');
    await daemon.docker(['rmi', tag]);
  });

  describe('through Hangar', () => {
    let home: string;
    let work: string;
    let core: Core;
    let spec: ArtifactSpec;
    const name = `session/hangar-${process.pid}`;

    beforeAll(async () => {
      home = mkdtempSync(path.join(tmpdir(), 'hangar-session-home-'));
      work = workspace({
        'build/Dockerfile': [
          `FROM ${BASE}`,
          'RUN ["/bin/busybox", "mkdir", "-p", "/app"]',
          'COPY . /app/',
          '',
        ].join('\n'),
        '.dockerignore': 'secret.txt\n*.log\n',
        'secret.txt': 'not for the image\n',
        'debug.log': 'not for the image either\n',
        'src/a.txt': 'a1\n',
        'src/b.txt': 'b1\n',
      });
      dirs.push(home, work);
      core = await createCore({ host: daemon.host, env: { HANGAR_HOME: home }, origin: 'cli' });
      await core.ready();
      spec = artifactSpec({ name, context: work, dockerfile: 'build/Dockerfile' });
    });
    afterAll(async () => {
      await core?.close();
    });

    const files = async (tag: string) =>
      (await busybox(tag, 'find', '/app', '-type', 'f')).trim().split('\n').sort();

    it('builds the hashed files, with the Dockerfile from a folder, and nothing .dockerignored', async () => {
      const localSources = async () =>
        (await rawBuildCache(daemon.socketPath)).filter((r) =>
          /^local source for context/.test(r.Description),
        ).length;
      const before = await localSources();
      const o = await built(core, spec, { network: 'none' });
      expect(o).toMatchObject({ status: 'MISS', built: true, builder: 'buildkit' });
      // The context of a new folder arrived through a session, as the daemon's own record says.
      expect(await localSources()).toBeGreaterThan(before);
      const record = await request(core, 'builds:get', o.buildRecordId!);
      expect(record.warnings.filter((w) => /request's body/.test(w))).toEqual([]);
      // `.dockerignore` goes as docker build sends it: it does not exclude itself.
      expect(await files(o.tags[0]!)).toEqual([
        '/app/.dockerignore',
        '/app/build/Dockerfile',
        '/app/src/a.txt',
        '/app/src/b.txt',
      ]);
    });

    it('after one edit, the steps before the COPY are cached and the image has the edit', async () => {
      writeFileSync(path.join(work, 'src/a.txt'), 'a2\n');
      const o = await built(core, spec, { network: 'none' });
      const own = o.steps.filter((s) => s.dockerfile);
      expect(own.map((s) => [s.name.replace(/^\[stage-0 /, '['), s.cached])).toEqual([
        [`[1/3] FROM docker.io/${BASE}`, false],
        [expect.stringMatching(/^\[2\/3\] RUN /), true],
        ['[3/3] COPY . /app/', false],
      ]);
      expect(await busybox(o.tags[0]!, 'cat', '/app/src/a.txt')).toBe('a2\n');
    });
  });
});
