/**
 * The artifact cache as the benchmarks drive it: a real core service on the bench's daemon with a
 * store of its own, builds awaited to their outcome, and the raw baseline — a `POST /build` of
 * exactly the files Hangar hashed, as the docker CLI would send them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Dockerode from 'dockerode';
import type { ArtifactSpec, BuildOutcome } from '../shared/artifacts.js';
import { ArtifactService } from '../electron/core/artifacts/artifact-service.js';
import { contextTar } from '../electron/core/artifacts/context-tar.js';
import {
  hashWorkspace,
  type HashedWorkspace,
} from '../electron/core/artifacts/workspace-hasher.js';
import { Engine } from '../electron/core/engine/engine.js';
import { resolveEngine } from '../electron/core/engine/resolve.js';
import { IndexService } from '../electron/core/index/index-service.js';
import { RegistryCacheService } from '../electron/core/registry/cache-service.js';
import { HangarStore, StoreProvider } from '../electron/core/store/store.js';
import { TaskManager } from '../electron/core/tasks/task-manager.js';

export interface BenchCache {
  readonly engine: Engine;
  readonly index: IndexService;
  readonly store: StoreProvider;
  /** A build through the cache, to its outcome. */
  build(spec: ArtifactSpec): Promise<BuildOutcome>;
  /** The workspace as Hangar hashes it, from a side store (the service's memo stays cold). */
  hashed(spec: ArtifactSpec): Promise<HashedWorkspace>;
  /** `POST /build` of exactly the hashed files, drained to its end. */
  rawBuild(hashed: HashedWorkspace, options: Dockerode.ImageBuildOptions): Promise<void>;
  close(): void;
}

export async function openBenchCache(host: string): Promise<BenchCache> {
  const home = mkdtempSync(path.join(tmpdir(), 'hangar-bench-home-'));
  const engine = new Engine(resolveEngine({ flagHost: host, env: {} }));
  await engine.start();
  const index = new IndexService(engine);
  index.start();
  await index.ready();
  const tasks = new TaskManager();
  const store = new StoreProvider(path.join(home, 'hangar.db'));
  const service = new ArtifactService({
    engine,
    index,
    tasks,
    store,
    registry: new RegistryCacheService(),
  });
  return {
    engine,
    index,
    store,
    async build(spec) {
      const done = await tasks.wait((await service.build(spec)).id);
      if (done.kind !== 'build' || !done.result) throw new Error(done.error?.message ?? 'failed');
      return done.result;
    },
    async hashed(spec) {
      const side = HangarStore.open(path.join(home, 'side.db'));
      try {
        return await hashWorkspace(side, spec);
      } finally {
        side.close();
      }
    },
    async rawBuild(hashed, options) {
      const tar = contextTar({
        root: hashed.root,
        entries: hashed.entries,
        alwaysSend: ['Dockerfile'],
      });
      const stream = await engine.eventsClient().buildImage(tar, options);
      for await (const _ of stream as AsyncIterable<Buffer>) {
        // drain: the daemon answers step by step
      }
    },
    close() {
      service.close();
      index.stop();
      engine.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
