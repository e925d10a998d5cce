/**
 * `GET /system/df`, one request at a time. The daemon computes one disk usage at a time and answers
 * a request that arrives meanwhile with a 500, "a disk usage operation is already running" (Docker
 * 20.10). So Hangar's own requests on one client wait for each other (the images' disk usage, the
 * prune's measure and, on an engine BuildKit's own call cannot reach, the build cache listing all
 * read it, and a build or a prune refreshes more than one), and a request that meets another
 * tool's (`docker system df`) is sent again after a short wait, for up to `DISK_USAGE_PATIENCE_MS`.
 */
import { HangarError } from '../../../shared/errors.js';
import { daemonMessage } from '../errors.js';

/** The daemon's words while it computes another disk usage. */
export const DISK_USAGE_BUSY = 'a disk usage operation is already running';

export const DISK_USAGE_PATIENCE_MS = 30_000;

/** The waits between tries while the daemon is busy: short first, then every second. */
const WAITS_MS = [50, 100, 200, 400, 800];

/** The last request queued per client: the next one starts once it has ended. */
const queues = new WeakMap<object, Promise<void>>();

export function isDiskUsageBusy(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false;
  const said = daemonMessage(err) ?? (err as { message?: unknown }).message;
  return typeof said === 'string' && said.includes(DISK_USAGE_BUSY);
}

export interface DiskUsageTurnOptions {
  patienceMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `ask` (a `/system/df` request on `client`) once the client's earlier ones have ended. */
export async function diskUsageTurn<T>(
  client: object,
  ask: () => Promise<T>,
  options: DiskUsageTurnOptions = {},
): Promise<T> {
  const before = queues.get(client) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((resolve) => {
    done = resolve;
  });
  queues.set(client, mine);
  try {
    await before;
    return await askPatiently(ask, options);
  } finally {
    done();
    if (queues.get(client) === mine) queues.delete(client);
  }
}

async function askPatiently<T>(ask: () => Promise<T>, options: DiskUsageTurnOptions): Promise<T> {
  const { patienceMs = DISK_USAGE_PATIENCE_MS, sleep = pause, now = Date.now } = options;
  const started = now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await ask();
    } catch (err) {
      if (!isDiskUsageBusy(err)) throw err;
      const wait = WAITS_MS[attempt] ?? 1_000;
      if (now() - started + wait > patienceMs) {
        throw new HangarError(
          'INTERNAL',
          `The engine was still computing its disk usage for another request (such as docker system df) after ${Math.round(patienceMs / 1000)} s. Try again once it has finished.`,
        );
      }
      await sleep(wait);
    }
  }
}
