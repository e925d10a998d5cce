/**
 * Test doubles for the renderer's unit tests (never imported by the app): an in-memory
 * `Transport` whose answers the test scripts, and builders for model records.
 */
import type {
  Args,
  Channel,
  EventChannel,
  EventPayload,
  Result,
  Transport,
} from '../../shared/contract.js';
import { HangarError } from '../../shared/errors.js';
import type { LookupRecord } from '../../shared/history.js';
import type { ImageRecord, IndexSnapshot } from '../../shared/model.js';
import type { TaskInfo, TaskKind, TaskOf } from '../../shared/tasks.js';

type AnyHandler = (...args: unknown[]) => Promise<unknown>;

export class FakeTransport implements Transport {
  readonly calls: { channel: Channel; args: unknown[] }[] = [];
  private readonly handlers = new Map<Channel, AnyHandler>();
  private readonly listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();

  /** Scripts the answer of one channel. */
  handle<C extends Channel>(channel: C, handler: (...args: Args<C>) => Promise<Result<C>>): void {
    this.handlers.set(channel, handler as AnyHandler);
  }

  async invoke<C extends Channel>(channel: C, ...args: Args<C>): Promise<Result<C>> {
    this.calls.push({ channel, args });
    const handler = this.handlers.get(channel);
    if (!handler) throw new HangarError('INTERNAL', `No fake answer for ${channel}.`);
    return (await handler(...args)) as Result<C>;
  }

  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const wrapped = (payload: unknown): void => listener(payload as EventPayload<E>);
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(payload);
  }

  listenerCount(event: EventChannel): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  callsTo(channel: Channel): number {
    return this.calls.filter((c) => c.channel === channel).length;
  }
}

/** A promise with its resolve and reject at hand. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
}

/** `sha256:` + 64 hex made from a short seed, so tests can name images `a`, `b`… */
export function imageId(seed: string): string {
  const hex = Array.from(seed, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  return `sha256:${hex.padEnd(64, '0').slice(0, 64)}`;
}

export function makeImage(seed: string, overrides: Partial<ImageRecord> = {}): ImageRecord {
  return {
    id: imageId(seed),
    repoTags: [`${seed}:latest`],
    repoDigests: [],
    parentId: null,
    created: 1_700_000_000,
    size: 1_000_000,
    labels: {},
    containers: [],
    dangling: false,
    intermediate: false,
    ...overrides,
  };
}

export function makeSnapshot(version: number, images: ImageRecord[]): IndexSnapshot {
  return {
    version,
    images,
    totals: {
      images: images.length,
      tagged: images.filter((i) => i.repoTags.length > 0).length,
      dangling: images.filter((i) => i.dangling).length,
      intermediate: images.filter((i) => i.intermediate).length,
      inUse: images.filter((i) => i.containers.length > 0).length,
      size: images.reduce((n, i) => n + i.size, 0),
      danglingSize: 0,
    },
    staleSince: null,
    loadedAt: 1_700_000_000_000,
  };
}

/** A running task of `kind` as the core reports it. */
export function makeTask<K extends TaskKind>(
  kind: K,
  id: string,
  overrides: Partial<TaskOf<K>> = {},
): TaskOf<K> {
  const task = {
    id,
    kind: kind as TaskKind,
    title: `${kind} ${id}`,
    target: id,
    state: 'running',
    progress: { percent: null, message: 'Starting…', items: [] },
    startedAt: 1000,
    endedAt: null,
    error: null,
    result: null,
  } as TaskInfo;
  return { ...task, ...overrides } as TaskOf<K>;
}

/** A cache lookup of the history log: a local HIT of `app` at `at`. */
export function makeLookup(
  id: number,
  at: number,
  overrides: Partial<LookupRecord> = {},
): LookupRecord {
  return {
    id,
    at,
    artifact: 'app',
    key: `k${id}`,
    level: 'local',
    status: 'HIT',
    durationMs: 5,
    imageId: null,
    engine: null,
    origin: 'gui',
    reason: null,
    changedInputs: [],
    ...overrides,
  };
}
