/**
 * `hangar events [--json]`: one line per index delta until SIGINT/SIGTERM. With `--json`, each line
 * is `{version, upserts, removals}` (upserts shaped like `images --json`); without, lines such as
 * `+ tag nginx:latest sha256:…` judged against the index as it was when the command started.
 * An engine that is away, when the command starts or later, is waited for.
 */
import type { EngineStatus, ImageRecord, IndexDelta } from '../../../shared/model.js';
import type { Core } from '../../core/core.js';
import { onEvent, request, unreachableReason } from '../core-client.js';
import { applyDelta, describeDelta, toDeltaJson } from '../format.js';
import type { CliDeps } from '../io.js';
import { noPositionals, openCore } from './common.js';
import { defineCommand, type CommonOptions } from './types.js';

export interface EventsCommand {
  json: boolean;
}

export const eventsCommand = defineCommand({
  name: 'events',
  summary: 'Print every change to the image index until Ctrl+C.',
  usage: '[--json]',
  details: '  --json   One JSON object per line: {version, upserts, removals}',
  options: { json: { type: 'boolean' } },
  parse: (values, positionals): EventsCommand => {
    noPositionals(positionals);
    return { json: values.json ?? false };
  },
  run: runEvents,
});

async function runEvents(cmd: EventsCommand & CommonOptions, deps: CliDeps): Promise<number> {
  const stop = deps.waitForStop();
  const core = await openCore(cmd.host, deps);
  const offs: Array<() => void> = [];
  try {
    await core.ready();
    // Held from the start: while the engine is away nothing else keeps the process running.
    offs.push(holdProcess());
    offs.push(await followEngine(core, deps));
    if (!(await untilLoaded(core, stop))) return 0;
    const engine = await request(core, 'engines:status');
    if (cmd.json) {
      offs.push(
        onEvent(core, 'index:delta', (delta) => {
          deps.stdout.write(`${JSON.stringify(toDeltaJson(delta))}\n`);
        }),
      );
    } else {
      await followHuman(core, deps, offs);
    }
    deps.stderr.write(`Watching the images at ${engine.endpoint.host}. Press Ctrl+C to stop.\n`);
    await stop;
    return 0;
  } finally {
    for (const off of offs) off();
    await core.close();
  }
}

/**
 * Keeps the process running until released. The engine's retry timer does not (a host that is
 * closing must not wait for it), so while the engine is away nothing else would.
 */
function holdProcess(): () => void {
  const hold = setInterval(() => {}, 2 ** 31 - 1);
  return () => clearInterval(hold);
}

/**
 * Resolves true once the index has loaded (at once when it has; else when the engine answers and
 * the load completes), false when the command is stopped first. A load that fails with the engine
 * reachable (a listing that is not what it should be) is that error.
 */
async function untilLoaded(core: Core, stop: Promise<void>): Promise<boolean> {
  let off = () => {};
  const loaded = new Promise<boolean>((resolve, reject) => {
    off = onEvent(core, 'index:status', (status) => {
      if (status.loadedAt !== null) resolve(true);
      else if (!status.loading) currentLoad(core).then((now) => now && resolve(true), reject);
    });
  });
  try {
    if (await currentLoad(core)) return true;
    return await Promise.race([loaded, stop.then(() => false)]);
  } finally {
    off();
  }
}

/**
 * True when the index has loaded; false while it has not (the engine away, or the load under
 * way); throws the load's own error when the engine answers but the load failed.
 */
async function currentLoad(core: Core): Promise<boolean> {
  try {
    return (await request(core, 'images:snapshot')).loadedAt !== null;
  } catch (err) {
    if (unreachableReason(await request(core, 'engines:status')) !== null) return false;
    throw err;
  }
}

/**
 * One stderr line each time the engine goes away (saying when it retries) and each time it comes
 * back (the index then reloads, and what changed meanwhile arrives as deltas); the retries in
 * between say nothing. An engine away when the command starts is said at once.
 */
async function followEngine(core: Core, deps: CliDeps): Promise<() => void> {
  let away = false;
  const note = (status: EngineStatus) => {
    if (status.state === 'unreachable' && !away) {
      away = true;
      const wait = status.retryAt === null ? null : Math.ceil((status.retryAt - deps.now()) / 1000);
      const retry =
        wait === null
          ? 'not retrying'
          : `retrying in ${Math.max(1, wait)} s, then less often until it answers`;
      deps.stderr.write(`! engine unreachable: ${status.reason}; ${retry}\n`);
    } else if (status.state === 'reachable' && away) {
      away = false;
      deps.stderr.write(
        `! engine reachable again at ${status.endpoint.host}: reloading the images\n`,
      );
    }
  };
  const off = onEvent(core, 'engine:status', note);
  // A change before the subscription is in the current status.
  note(await request(core, 'engines:status'));
  return off;
}

async function followHuman(core: Core, deps: CliDeps, offs: Array<() => void>): Promise<void> {
  // Subscribe first and hold deltas until the snapshot is known, so none is lost in between.
  let known: Map<string, ImageRecord> | null = null;
  let baseVersion = 0;
  const pending: IndexDelta[] = [];
  const print = (delta: IndexDelta) => {
    if (known === null || delta.version <= baseVersion) return;
    for (const line of describeDelta(known, delta)) deps.stdout.write(`${line}\n`);
    applyDelta(known, delta);
  };
  offs.push(onEvent(core, 'index:delta', (delta) => (known ? print(delta) : pending.push(delta))));
  const snapshot = await request(core, 'images:snapshot');
  known = new Map(snapshot.images.map((r) => [r.id, r]));
  baseVersion = snapshot.version;
  for (const delta of pending.splice(0)) print(delta);
}
