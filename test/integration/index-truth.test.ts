/**
 * Index truth: after random changes made by another tool (the engine's own CLI), the index equals
 * what that CLI reports, with an engine restart in the middle of the stream. The same run goes
 * against a private dockerd (judged by the docker CLI) and, shorter, a private Podman service
 * (judged by the podman CLI on the service's storage). Seeded PRNG: a failure prints the seed so
 * the run can be replayed with HANGAR_TRUTH_SEED.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core.js';
import { startPrivateDaemon } from '../harness/daemon.js';
import type { OwnEngine } from '../harness/engine-handle.js';
import { busyboxImage, writeImageTarball } from '../harness/image-tar.js';
import { startPodmanService } from '../harness/podman.js';
import { eventually, indexView, oracleView, type OracleView } from '../support/oracle.js';

const OPS = Number(process.env.HANGAR_TRUTH_OPS ?? 320);
const PODMAN_OPS = Number(process.env.HANGAR_TRUTH_PODMAN_OPS ?? 120);
const BATCH = 10;
const SEED = Number(process.env.HANGAR_TRUTH_SEED ?? Date.now() % 1_000_000);

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ENGINES: Array<{ cli: string; ops: number; start: () => Promise<OwnEngine> }> = [
  { cli: 'docker', ops: OPS, start: () => startPrivateDaemon({ name: 'truth' }) },
  { cli: 'podman', ops: PODMAN_OPS, start: () => startPodmanService({ name: 'truth' }) },
];

describe.each(ENGINES)('index truth against the $cli CLI', ({ ops: OPS, start }) => {
  let daemon: OwnEngine;
  let core: Core;
  let work: string;
  const rand = mulberry32(SEED);
  const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(rand() * list.length)];
  const names = ['app', 'web', 'db', 'cache', 'lib/x', 'localhost:5000/team/api'];
  const tagName = () => `${pick(names)}:${pick(['v1', 'v2', 'latest', 'dev'])}`;
  let counter = 0;

  beforeAll(async () => {
    daemon = await start();
    work = await mkdtemp(join(tmpdir(), 'hangar-truth-'));
    await busyboxImage(daemon, 'busybox:truth');
    const seed = join(work, 'seed.tar');
    await writeImageTarball(
      seed,
      Array.from({ length: 30 }, (_, i) => ({
        tags: i % 5 === 0 ? [] : [`seed/${i % 7}:t${i}`],
        labels: { seed: String(i) },
      })),
    );
    await daemon.cli(['load', '-q', '-i', seed]);
    core = await createCore({ host: daemon.host });
    await core.ready();
  });

  afterAll(async () => {
    await core?.close();
    await daemon?.destroy();
  });

  // Targets are picked through the Engine API (cheaper than a CLI process per pick); the oracle
  // that judges the index stays the engine's CLI.
  const api = () => new Dockerode({ socketPath: daemon.socketPath, version: 'v1.41' });

  async function imageIds(): Promise<string[]> {
    return (await api().listImages({ all: true })).map((i) => i.Id);
  }

  async function containerIds(): Promise<string[]> {
    return (await api().listContainers({ all: true })).map((c) => c.Id);
  }

  async function tagsInUse(): Promise<string[]> {
    return (await api().listImages()).flatMap((i) =>
      (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
    );
  }

  /** One random outside operation; failures the CLI reports (conflicts) are part of the game. */
  async function randomOp(): Promise<string> {
    const r = rand();
    const allow = { allowFail: true };
    if (r < 0.2) {
      const id = pick(await imageIds());
      const t = tagName();
      if (id) await daemon.cli(['tag', id, t], allow);
      return `tag ${t}`;
    }
    if (r < 0.32) {
      const t = pick(await tagsInUse());
      if (t) await daemon.cli(['rmi', t], allow);
      return `untag ${t}`;
    }
    if (r < 0.42) {
      const id = pick(await imageIds());
      if (id) await daemon.cli(['rmi', ...(rand() < 0.5 ? ['-f'] : []), id], allow);
      return `rmi ${id}`;
    }
    if (r < 0.54) {
      const tar = join(work, `load-${counter++}.tar`);
      const n = 1 + Math.floor(rand() * 3);
      await writeImageTarball(
        tar,
        Array.from({ length: n }, () => ({ tags: rand() < 0.8 ? [tagName()] : [] })),
      );
      await daemon.cli(['load', '-q', '-i', tar]);
      return `load ${n}`;
    }
    if (r < 0.66) {
      const ctx = await mkdtemp(join(work, 'ctx-'));
      const steps = 1 + Math.floor(rand() * 3);
      const lines = ['FROM scratch'];
      for (let s = 0; s < steps; s++) {
        await writeFile(join(ctx, `f${s}`), `${counter++}-${s}`);
        lines.push(`COPY f${s} /f${s}`);
      }
      await writeFile(join(ctx, 'Dockerfile'), lines.join('\n') + '\n');
      const t = tagName();
      await daemon.cli(['build', '-q', '-t', t, ctx], {
        ...allow,
        env: { DOCKER_BUILDKIT: '0' },
      });
      return `build ${t}`;
    }
    if (r < 0.8) {
      const useBusybox = rand() < 0.5;
      const image = useBusybox ? 'busybox:truth' : pick(await imageIds());
      const name = `c${counter++}`;
      if (image) {
        await daemon.cli(
          ['create', '--network', 'none', '--name', name, image, '/bin/busybox', 'true'],
          allow,
        );
        if (useBusybox && rand() < 0.5) await daemon.cli(['start', '-a', name], allow);
      }
      return `create ${name}`;
    }
    if (r < 0.9) {
      const id = pick(await containerIds());
      if (id) await daemon.cli(['rm', '-f', id], allow);
      return `rm container`;
    }
    const id = pick(await imageIds());
    if (id) await daemon.cli(['rmi', '--no-prune', id], allow);
    return `rmi --no-prune`;
  }

  async function expectIndexEqualsOracle(context: string): Promise<void> {
    const oracle = await oracleView((a) => daemon.cli(a));
    const view = await eventually<OracleView>(
      async () => indexView((await core.handlers['images:snapshot']()).images),
      (v) => JSON.stringify(v) === JSON.stringify(oracle),
      3000,
    );
    expect(view, `${context} (seed ${SEED})`).toEqual(oracle);
  }

  it(`stays equal to the CLI over ${OPS} random operations and an engine restart`, async () => {
    await expectIndexEqualsOracle('after the cold load');
    const log: string[] = [];
    for (let done = 0; done < OPS;) {
      for (let i = 0; i < BATCH; i++, done++) log.push(await randomOp());
      if (done >= OPS / 2 && done < OPS / 2 + BATCH) {
        await daemon.restart();
        log.push('restart');
        // Changes right after the restart land before or during the index's reconnect.
        const survivor = pick(await imageIds());
        if (survivor) await daemon.cli(['tag', survivor, 'after/restart:1']);
      }
      await expectIndexEqualsOracle(`after ${done} ops: ${log.slice(-BATCH).join(', ')}`);
    }
    const snapshot = await core.handlers['images:snapshot']();
    expect(snapshot.staleSince).toBeNull();
    expect(snapshot.images.length).toBeGreaterThan(10);
  }, 900_000);
});
