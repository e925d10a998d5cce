import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { HangarError } from '../../../shared/errors.js';
import type { EngineKind, EngineStatus, IndexDelta } from '../../../shared/model.js';
import type { DockerClient, ImageInspectEntry, ImageListEntry } from '../engine/docker-client.js';
import type { EngineSource } from '../engine/engine-source.js';
import { IndexService } from './index-service.js';

const hex = (c: string) => c.repeat(64);

function listEntry(id: string, tags: string[]): ImageListEntry {
  return { Id: `sha256:${id}`, RepoTags: tags, RepoDigests: [], Created: 1, Size: 10 };
}

function inspectEntry(id: string, tags: string[]): ImageInspectEntry {
  return {
    Id: `sha256:${id}`,
    RepoTags: tags,
    RepoDigests: [],
    Created: '1970-01-01T00:00:01Z',
    Size: 10,
  };
}

/**
 * An engine that answers the index's calls from memory, as `answerImages` says, and streams the
 * events a test writes. Inspects answer from `images` (404 when absent).
 */
class FakeEngine implements EngineSource {
  readonly listImagesCalls: unknown[] = [];
  /** How many image inspects the index asked for. */
  imageInspects = 0;
  answerImages: (opts: { all?: boolean; digests?: boolean }) => unknown = () =>
    [...this.images.entries()].map(([id, tags]) => listEntry(id, tags));
  answerContainers: () => unknown = () => [];
  /** image hex id → tags */
  readonly images = new Map<string, string[]>();
  events = new PassThrough();
  readonly failures: unknown[] = [];

  constructor(private readonly kind: EngineKind = 'docker') {}

  status(): EngineStatus {
    return {
      state: 'reachable',
      endpoint: { host: 'unix:///fake.sock', source: '--host', tls: false },
      kind: this.kind,
      version: '4.3.1',
      apiVersion: '1.41',
      os: 'linux',
      arch: 'amd64',
    };
  }

  onStatus(): () => void {
    return () => undefined;
  }

  client(): DockerClient {
    const notFound = () => Object.assign(new Error('no such image'), { statusCode: 404 });
    const fake = {
      listImages: async (opts: { all?: boolean; digests?: boolean }) => {
        this.listImagesCalls.push(opts);
        return this.answerImages(opts);
      },
      listContainers: async () => this.answerContainers(),
      getImage: (ref: string) => ({
        inspect: async () => {
          this.imageInspects++;
          const id = ref.replace(/^sha256:/, '');
          const tags = this.images.get(id);
          if (!tags) throw notFound();
          return inspectEntry(id, tags);
        },
      }),
      getContainer: () => ({
        inspect: async () => {
          throw notFound();
        },
      }),
    };
    // Only the calls the index makes: the rest of a client is left out.
    return fake as unknown as DockerClient;
  }

  eventsClient(): DockerClient {
    const fake = { getEvents: async () => this.events };
    return fake as unknown as DockerClient;
  }

  reportFailure(err: unknown): void {
    this.failures.push(err);
  }

  emit(event: object): void {
    this.events.write(`${JSON.stringify(event)}\n`);
  }
}

/** Polls (no timing asserted) until `check` holds; the test fails by its own expectation after. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
}

const services: IndexService[] = [];
function start(engine: FakeEngine): IndexService {
  const service = new IndexService(engine, { reconnectDelayMs: { initial: 5, max: 20 } });
  services.push(service);
  service.start();
  return service;
}

afterEach(() => {
  for (const s of services.splice(0)) s.stop();
});

/** Podman 4.3: `GET /images/json?all=true&digests=true` is a 200 with an empty body. */
function podmanListing(engine: FakeEngine) {
  engine.answerImages = (opts) =>
    opts.digests
      ? Buffer.alloc(0)
      : [...engine.images.entries()].map(([id, tags]) => listEntry(id, tags));
}

describe('IndexService full load', () => {
  it('lists Podman images: it never asks for digests, which Podman answers with an empty body', async () => {
    const engine = new FakeEngine('podman');
    engine.images.set(hex('a'), ['localhost/seed/a:1']);
    engine.images.set(hex('b'), []);
    podmanListing(engine);
    const service = start(engine);
    await service.ready();
    expect(engine.listImagesCalls).toEqual([{ all: true }]);
    expect(service.snapshot().images.map((r) => [r.id, r.repoTags])).toEqual([
      [`sha256:${hex('a')}`, ['localhost/seed/a:1']],
      [`sha256:${hex('b')}`, []],
    ]);
  });

  it.each([
    [
      'an empty body',
      Buffer.alloc(0),
      'Podman answered GET /images/json with an empty body, not a list of images.',
    ],
    [
      'text that is not JSON',
      Buffer.from('<html>proxy error</html>'),
      'Podman answered GET /images/json with text that is not JSON ("<html>proxy error</html>"), not a list of images.',
    ],
    [
      'a JSON object',
      { message: 'ok' },
      'Podman answered GET /images/json with a JSON object, not a list of images.',
    ],
    [
      'an entry without an id',
      [listEntry(hex('a'), []), { RepoTags: ['x:1'] }],
      'Podman answered GET /images/json with an array whose entry 2 of 2 has no Id, not a list of images.',
    ],
  ])(
    'turns an image listing that is %s into an error in words, never "no images"',
    async (_what, answer, message) => {
      const engine = new FakeEngine('podman');
      engine.answerImages = () => answer;
      const service = start(engine);
      await service.ready();
      expect(() => service.snapshot()).toThrow(HangarError);
      expect(() => service.snapshot()).toThrow(message);
      try {
        service.snapshot();
      } catch (err) {
        expect((err as HangarError).code).toBe('INTERNAL');
      }
      expect(service.status().staleSince).not.toBeNull();
      expect(service.status().loadedAt).toBeNull();
    },
  );

  it('checks the container listing the same way', async () => {
    const engine = new FakeEngine('docker');
    engine.answerContainers = () => Buffer.alloc(0);
    const service = start(engine);
    await service.ready();
    expect(() => service.snapshot()).toThrow(
      'Docker answered GET /containers/json with an empty body, not a list of containers.',
    );
    engine.answerContainers = () => [{ Id: 'c1', Names: ['/web'] }];
    await until(() => engine.listImagesCalls.length >= 2);
    expect(() => service.snapshot()).toThrow(
      'Docker answered GET /containers/json with an array whose entry 1 of 1 has no ImageID, not a list of containers.',
    );
  });

  it('keeps the reason until a later load succeeds, retrying with backoff rather than at once', async () => {
    const engine = new FakeEngine('podman');
    engine.images.set(hex('a'), ['a:1']);
    engine.answerImages = () => Buffer.alloc(0);
    const service = start(engine);
    await service.ready();
    expect(() => service.snapshot()).toThrow(/empty body/);
    podmanListing(engine);
    await until(() => service.status().loadedAt !== null);
    const snapshot = service.snapshot();
    expect(snapshot.images.map((r) => r.id)).toEqual([`sha256:${hex('a')}`]);
    expect(snapshot.staleSince).toBeNull();
  });

  it('a daemon error on the listing is the error, in the daemon’s words', async () => {
    const engine = new FakeEngine('docker');
    engine.answerImages = () => {
      throw Object.assign(new Error('(HTTP code 500) server error'), {
        statusCode: 500,
        json: { message: 'layer store is broken' },
      });
    };
    const service = start(engine);
    await service.ready();
    expect(() => service.snapshot()).toThrow('layer store is broken');
  });
});

describe('IndexService on Podman events', () => {
  it('keeps an image whose delete event followed an untag that left it other names', async () => {
    const engine = new FakeEngine('podman');
    engine.images.set(hex('a'), ['localhost/a:1', 'localhost/b:1']);
    const service = start(engine);
    await service.ready();
    engine.images.set(hex('a'), ['localhost/b:1']);
    const actor = { ID: hex('a'), Attributes: { name: 'localhost/a:1' } };
    engine.emit({ Type: 'image', Action: 'untag', Actor: actor });
    engine.emit({ Type: 'image', Action: 'delete', Actor: actor });
    await until(() => service.snapshot().images[0]?.repoTags.length === 1);
    expect(service.snapshot().images.map((r) => [r.id, r.repoTags])).toEqual([
      [`sha256:${hex('a')}`, ['localhost/b:1']],
    ]);
    // A delete that did delete: the inspect says so.
    engine.images.delete(hex('a'));
    engine.emit({ Type: 'image', Action: 'delete', Actor: actor });
    await until(() => service.snapshot().images.length === 0);
    expect(service.snapshot().images).toEqual([]);
  });

  it('reloads after a load, whose event names the archive and not the images', async () => {
    const engine = new FakeEngine('podman');
    const service = start(engine);
    await service.ready();
    expect(service.snapshot().images).toEqual([]);
    engine.images.set(hex('c'), ['localhost/c:1']);
    engine.emit({
      Type: 'image',
      Action: 'loadfromarchive',
      Actor: { ID: '', Attributes: { name: '/tmp/seed.tar' } },
    });
    await until(() => service.snapshot().images.length === 1);
    expect(service.snapshot().images.map((r) => r.repoTags)).toEqual([['localhost/c:1']]);
    expect(engine.listImagesCalls).toHaveLength(2);
  });
});

describe('IndexService on a burst of changes', () => {
  /** The n-th image's hex id. */
  const nth = (n: number) => n.toString(16).padStart(64, '0');

  /** `n` new images in the engine and one `tag` event each, written in one go (as a burst). */
  function burst(engine: FakeEngine, from: number, n: number): void {
    for (let i = from; i < from + n; i++) {
      engine.images.set(nth(i), [`burst/app:${i}`]);
      engine.emit({ Type: 'image', Action: 'tag', Actor: { ID: nth(i), Attributes: {} } });
    }
  }

  async function started(engine: FakeEngine) {
    engine.images.set(hex('a'), ['base:1']);
    const service = start(engine);
    await service.ready();
    expect(engine.listImagesCalls).toHaveLength(1);
    const deltas: IndexDelta[] = [];
    service.onDelta((d) => deltas.push(d));
    return { service, deltas };
  }

  it('applies more than 200 changes that arrive together by one full reload, not an inspect each', async () => {
    const engine = new FakeEngine();
    const { service, deltas } = await started(engine);
    burst(engine, 1, 201);
    await until(() => service.snapshot().images.length === 202);
    expect(service.snapshot().images).toHaveLength(202);
    expect(engine.listImagesCalls).toHaveLength(2);
    expect(engine.imageInspects).toBe(0);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]?.upserts).toHaveLength(201);
  });

  it('applies 200 changes, the threshold, one by one', async () => {
    const engine = new FakeEngine();
    const { service } = await started(engine);
    burst(engine, 1, 200);
    await until(() => service.snapshot().images.length === 201);
    expect(service.snapshot().images).toHaveLength(201);
    expect(engine.listImagesCalls).toHaveLength(1);
    expect(engine.imageInspects).toBe(200);
  });

  it('counts changes by what they touch: many events on a few images are no burst', async () => {
    const engine = new FakeEngine();
    const { service } = await started(engine);
    engine.images.set(hex('a'), ['base:1', 'base:2']);
    const actor = { ID: hex('a'), Attributes: {} };
    for (let i = 0; i < 300; i++) engine.emit({ Type: 'image', Action: 'tag', Actor: actor });
    await until(() => service.snapshot().images[0]?.repoTags.length === 2);
    expect(service.snapshot().images[0]?.repoTags).toEqual(['base:1', 'base:2']);
    expect(engine.listImagesCalls).toHaveLength(1);
    expect(engine.imageInspects).toBe(1);
  });

  it('keeps what arrives during the burst’s reload and applies it after', async () => {
    const engine = new FakeEngine();
    const { service } = await started(engine);
    // The reload's listing is taken at once but answers only when released, after a new tag.
    let release: () => void = () => undefined;
    const answer = engine.answerImages;
    engine.answerImages = (opts) => {
      const listing = answer(opts);
      return new Promise((resolve) => (release = () => resolve(listing)));
    };
    burst(engine, 1, 250);
    await until(() => engine.listImagesCalls.length === 2);
    engine.answerImages = answer;
    engine.images.set(nth(1), ['burst/app:1', 'burst/app:late']);
    engine.emit({ Type: 'image', Action: 'tag', Actor: { ID: nth(1), Attributes: {} } });
    await new Promise((r) => setImmediate(r));
    release();
    const late = () => service.snapshot().images.find((r) => r.id === `sha256:${nth(1)}`);
    await until(() => late()?.repoTags.length === 2);
    expect(late()?.repoTags).toEqual(['burst/app:1', 'burst/app:late']);
    expect(service.snapshot().images).toHaveLength(251);
    expect(engine.listImagesCalls).toHaveLength(2);
  });

  it('a burst whose reload loses the connection goes stale, tells the engine, and reloads on reconnect', async () => {
    const engine = new FakeEngine();
    const { service } = await started(engine);
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const answer = engine.answerImages;
    engine.answerImages = () => {
      engine.answerImages = answer;
      throw refused;
    };
    const stale: Array<number | null> = [];
    service.onStatus((s) => stale.push(s.staleSince));
    burst(engine, 1, 300);
    await until(() => engine.failures.length > 0);
    expect(engine.failures).toContain(refused);
    await until(() => stale.some((since) => since !== null));
    expect(stale.some((since) => since !== null)).toBe(true);
    await until(() => service.snapshot().images.length === 301);
    expect(service.snapshot().images).toHaveLength(301);
    expect(service.status().staleSince).toBeNull();
    expect(engine.listImagesCalls).toHaveLength(3);
  });

  it('a burst whose reload gets a daemon error keeps the last index, stale, until a later reload succeeds', async () => {
    const engine = new FakeEngine();
    const { service } = await started(engine);
    const answer = engine.answerImages;
    let failed = false;
    engine.answerImages = () => {
      failed = true;
      throw Object.assign(new Error('(HTTP code 500) server error'), {
        statusCode: 500,
        json: { message: 'layer store is broken' },
      });
    };
    burst(engine, 1, 300);
    await until(() => failed);
    await until(() => service.status().staleSince !== null);
    const stale = service.snapshot();
    expect(stale.staleSince).not.toBeNull();
    expect(stale.images).toHaveLength(1);
    engine.answerImages = answer;
    await until(() => service.status().staleSince === null);
    expect(service.snapshot().images).toHaveLength(301);
  });
});

describe('IndexService.refreshImages', () => {
  it('holds an image made a moment ago once it resolves, before any event names it', async () => {
    const engine = new FakeEngine();
    engine.images.set(hex('a'), ['app:1']);
    const service = start(engine);
    await service.ready();
    const deltas: IndexDelta[] = [];
    service.onDelta((d) => deltas.push(d));

    engine.images.set(hex('b'), ['app:2']); // built: its event has not arrived
    await service.refreshImages([`sha256:${hex('b')}`]);
    expect(service.index.get(`sha256:${hex('b')}`)?.repoTags).toEqual(['app:2']);
    expect(deltas.map((d) => d.upserts.map((u) => u.id))).toEqual([[`sha256:${hex('b')}`]]);
  });

  it('answers at once, asking nothing, when there is nothing to refresh or no live index', async () => {
    const engine = new FakeEngine();
    const idle = new IndexService(engine);
    services.push(idle);
    await idle.refreshImages([`sha256:${hex('c')}`]); // never started: not live
    expect(engine.imageInspects).toBe(0);
    const service = start(engine);
    await service.ready();
    await service.refreshImages([]);
    expect(engine.imageInspects).toBe(0);
  });
});
