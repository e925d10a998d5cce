import { describe, expect, it } from 'vitest';
import { DISK_USAGE_BUSY, diskUsageTurn, isDiskUsageBusy } from './disk-usage-turn.js';

/** The error docker-modem rejects with while the daemon computes another disk usage. */
const busy = () =>
  Object.assign(new Error(`(HTTP code 500) server error - ${DISK_USAGE_BUSY}`), {
    statusCode: 500,
    json: { message: DISK_USAGE_BUSY },
  });

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('diskUsageTurn', () => {
  it('runs the requests on one client one after the other, in the order asked', async () => {
    const client = {};
    const first = deferred<string>();
    const log: string[] = [];
    const a = diskUsageTurn(client, () => {
      log.push('a starts');
      return first.promise;
    });
    const b = diskUsageTurn(client, async () => {
      log.push('b starts');
      return 'b';
    });
    await tick();
    expect(log).toEqual(['a starts']);
    first.resolve('a');
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(log).toEqual(['a starts', 'b starts']);
  });

  it('does not hold one client’s requests behind another’s', async () => {
    const slow = deferred<string>();
    const a = diskUsageTurn({}, () => slow.promise);
    expect(await diskUsageTurn({}, async () => 'other client')).toBe('other client');
    slow.resolve('a');
    expect(await a).toBe('a');
  });

  it('asks again while another tool’s disk usage runs, with short waits first', async () => {
    const waits: number[] = [];
    let calls = 0;
    const answer = await diskUsageTurn(
      {},
      async () => {
        calls++;
        if (calls <= 3) throw busy();
        return 'figures';
      },
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(answer).toBe('figures');
    expect(waits).toEqual([50, 100, 200]);
  });

  it('gives up in words once the daemon stays busy past its patience', async () => {
    let t = 0;
    let calls = 0;
    const turn = diskUsageTurn(
      {},
      async () => {
        calls++;
        throw busy();
      },
      { patienceMs: 5_000, now: () => t, sleep: async (ms) => void (t += ms) },
    );
    await expect(turn).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringMatching(
        /still computing its disk usage for another request .* after 5 s/,
      ) as unknown,
    });
    // 50 + 100 + 200 + 400 + 800 + 1,000 × 3 = 4,550 ms waited: nine calls, then no tenth wait.
    expect(calls).toBe(9);
  });

  it('passes any other failure on at once, and the next request still runs', async () => {
    const client = {};
    let calls = 0;
    const failing = diskUsageTurn(client, async () => {
      calls++;
      throw Object.assign(new Error('(HTTP code 500) server error - boom'), {
        json: { message: 'boom' },
      });
    });
    const next = diskUsageTurn(client, async () => 'next');
    await expect(failing).rejects.toThrow('boom');
    expect(calls).toBe(1);
    expect(await next).toBe('next');
  });

  it('tells the busy answer by the daemon’s message or the modem’s text', () => {
    expect(isDiskUsageBusy(busy())).toBe(true);
    expect(isDiskUsageBusy(new Error(`server error - ${DISK_USAGE_BUSY}`))).toBe(true);
    expect(isDiskUsageBusy(new Error('connect ECONNREFUSED'))).toBe(false);
    expect(isDiskUsageBusy(null)).toBe(false);
    expect(isDiskUsageBusy('a string')).toBe(false);
  });
});
