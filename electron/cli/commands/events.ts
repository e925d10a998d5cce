/**
 * `hangar events [--json]`: one line per index delta until SIGINT/SIGTERM. With `--json`, each line
 * is `{version, upserts, removals}` (upserts shaped like `images --json`); without, lines such as
 * `+ tag nginx:latest sha256:…` judged against the index as it was when the command started.
 */
import type { ImageRecord, IndexDelta } from '../../../shared/model.js';
import { onEvent, request } from '../core-client.js';
import { applyDelta, describeDelta, toDeltaJson } from '../format.js';
import type { CliDeps } from '../io.js';
import { noPositionals, openCore, requireEngine } from './common.js';
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
    const engine = await requireEngine(core);
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

async function followHuman(
  core: Awaited<ReturnType<CliDeps['createCore']>>,
  deps: CliDeps,
  offs: Array<() => void>,
): Promise<void> {
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
  // requireEngine() saw it reachable: report only changes from there.
  let lastState: string = 'reachable';
  offs.push(
    onEvent(core, 'engine:status', (status) => {
      if (status.state === lastState || status.state === 'connecting') return;
      lastState = status.state;
      deps.stderr.write(
        status.state === 'unreachable'
          ? `! engine unreachable: ${status.reason}\n`
          : `! engine reachable again (${status.endpoint.host})\n`,
      );
    }),
  );
  const snapshot = await request(core, 'images:snapshot');
  known = new Map(snapshot.images.map((r) => [r.id, r]));
  baseVersion = snapshot.version;
  for (const delta of pending.splice(0)) print(delta);
}
