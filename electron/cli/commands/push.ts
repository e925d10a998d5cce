/** `hangar push REF [--json]`: progress on stderr, the result on stdout. */
import type { TaskInfo } from '../../../shared/tasks.js';
import { request } from '../core-client.js';
import { CliError, UsageError } from '../errors.js';
import { humanSize } from '../format.js';
import type { CliDeps } from '../io.js';
import { openCore, requireEngine } from './common.js';
import { followCancellable } from './tasks.js';
import { defineCommand, type CommonOptions } from './types.js';

export interface PushCommand {
  ref: string;
  json: boolean;
}

/** Prints a line when a layer changes status, and the overall percent every 10 points. */
export function progressPrinter(deps: Pick<CliDeps, 'stderr'>): (t: TaskInfo) => void {
  const statuses = new Map<string, string>();
  let lastPercent = -10;
  let lastMessage = '';
  return (t) => {
    if (t.progress.message !== lastMessage && t.progress.items.length === 0) {
      lastMessage = t.progress.message;
      deps.stderr.write(`${lastMessage}\n`);
    }
    for (const item of t.progress.items) {
      if (statuses.get(item.id) === item.status) continue;
      statuses.set(item.id, item.status);
      const size = item.total === null ? '' : ` ${humanSize(item.total)}`;
      deps.stderr.write(`${item.id}: ${item.status}${size}\n`);
    }
    const percent = t.progress.percent;
    if (percent !== null && percent >= lastPercent + 10 && percent < 100) {
      lastPercent = percent - (percent % 10);
      deps.stderr.write(`${percent}%\n`);
    }
  };
}

export const pushCommand = defineCommand({
  name: 'push',
  summary: 'Push an image to its registry, with credentials like the docker CLI.',
  usage: 'REF [--json]',
  details: '  --json   Print {ref, registry, repository, tag, digest, size, alreadyPushed, layers}',
  options: { json: { type: 'boolean' } },
  parse: (values, positionals): PushCommand => {
    const [ref, extra] = positionals;
    if (ref === undefined) throw new UsageError('push needs a REF');
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    return { ref, json: values.json ?? false };
  },
  run: async (cmd: PushCommand & CommonOptions, deps: CliDeps) => {
    const stop = deps.waitForStop();
    const core = await openCore(cmd.host, deps);
    try {
      await requireEngine(core);
      const task = await followCancellable(
        core,
        stop,
        () => request(core, 'images:push', cmd.ref),
        progressPrinter(deps),
      );
      if (task.state === 'cancelled' || !task.result)
        throw new CliError('the push was cancelled', 'CANCELLED');
      const r = task.result;
      deps.stdout.write(
        cmd.json
          ? `${JSON.stringify(r, null, 2)}\n`
          : r.alreadyPushed
            ? `${r.ref} is already pushed: ${r.digest}\n`
            : `Pushed ${r.ref}: digest ${r.digest}${r.size === null ? '' : ` size ${r.size}`}\n`,
      );
      return 0;
    } finally {
      await core.close();
    }
  },
});
