import { describe, expect, it } from 'vitest';
import type { SystemDfAnswer } from '../engine/docker-client.js';
import { DiskUsageCache, sharedSizesOf } from './disk-usage.js';

function setup(options: { maxAgeMs?: number; minIntervalMs?: number } = {}) {
  const state = {
    now: 1_000_000,
    version: 1,
    calls: 0,
    answer: {
      LayersSize: 300,
      Images: [
        { Id: 'sha256:a', SharedSize: 100 },
        { Id: 'sha256:b', SharedSize: 0 },
      ],
    } as SystemDfAnswer,
    fail: null as Error | null,
    gate: null as Promise<void> | null,
  };
  const cache = new DiskUsageCache(
    {
      client: () => ({
        df: async () => {
          state.calls++;
          if (state.gate) await state.gate;
          if (state.fail) throw state.fail;
          return state.answer;
        },
      }),
      indexVersion: () => state.version,
    },
    { maxAgeMs: 60_000, minIntervalMs: 5_000, ...options, now: () => state.now },
  );
  return { cache, state };
}

describe('sharedSizesOf', () => {
  it('keeps known figures by id and drops unknown ones', () => {
    expect(
      sharedSizesOf({
        Images: [
          { Id: 'sha256:a', SharedSize: 5 },
          { Id: 'sha256:b', SharedSize: -1 },
          { SharedSize: 3 },
        ],
      }),
    ).toEqual({ 'sha256:a': 5 });
    expect(sharedSizesOf({ Images: null })).toEqual({});
  });
});

describe('DiskUsageCache', () => {
  it('asks the daemon once, then answers from the cache while nothing changed', async () => {
    const { cache, state } = setup();
    const first = await cache.get();
    expect(first).toMatchObject({
      layersSize: 300,
      sharedSize: { 'sha256:a': 100, 'sha256:b': 0 },
      indexVersion: 1,
      estimated: false,
      estimateReason: null,
      computedAt: 1_000_000,
    });
    state.now += 30_000;
    await cache.get();
    expect(state.calls).toBe(1);
  });

  it('recomputes when the figures are older than maxAgeMs', async () => {
    const { cache, state } = setup();
    await cache.get();
    state.now += 60_001;
    await cache.get();
    expect(state.calls).toBe(2);
  });

  it('after an index change, answers estimated until minIntervalMs passed, then recomputes', async () => {
    const { cache, state } = setup();
    await cache.get();
    state.version = 2;
    state.now += 1_000;
    const early = await cache.get();
    expect(state.calls).toBe(1);
    expect(early.estimated).toBe(true);
    expect(early.estimateReason).toMatch(/changed/);
    expect(early.refreshableAt).toBe(1_005_000);
    state.now += 4_000;
    const fresh = await cache.get();
    expect(state.calls).toBe(2);
    expect(fresh).toMatchObject({ estimated: false, indexVersion: 2, refreshableAt: null });
  });

  it('refresh: true asks the daemon at once', async () => {
    const { cache, state } = setup();
    await cache.get();
    await cache.get({ refresh: true });
    expect(state.calls).toBe(2);
  });

  it('shares one daemon call between requests that arrive while it runs', async () => {
    const { cache, state } = setup();
    let open!: () => void;
    state.gate = new Promise((r) => (open = r));
    const a = cache.get();
    const b = cache.get({ refresh: true });
    open();
    expect(await a).toEqual(await b);
    expect(state.calls).toBe(1);
  });

  it('marks figures taken while the index moved on as estimated', async () => {
    const { cache, state } = setup();
    let open!: () => void;
    state.gate = new Promise((r) => (open = r));
    const pending = cache.get();
    state.version = 7;
    open();
    expect(await pending).toMatchObject({ indexVersion: 1, estimated: true });
  });

  it('throws when the daemon fails and nothing is cached', async () => {
    const { cache, state } = setup();
    state.fail = new Error('connect ENOENT');
    await expect(cache.get()).rejects.toThrow('connect ENOENT');
  });

  it('keeps the older figures, marked, when a recomputation fails', async () => {
    const { cache, state } = setup();
    await cache.get();
    state.fail = new Error('connect ECONNREFUSED');
    const answer = await cache.get({ refresh: true });
    expect(answer).toMatchObject({ layersSize: 300, estimated: true });
    expect(answer.estimateReason).toMatch(/ECONNREFUSED/);
  });
});
