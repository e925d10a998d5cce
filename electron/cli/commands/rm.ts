/** `hangar rm ID… [--force] [--no-prune] [--json]`: remove images, like `docker rmi`. */
import { request } from '../core-client.js';
import { UsageError } from '../errors.js';
import type { CliDeps } from '../io.js';
import { openCore, requireEngine } from './common.js';
import { defineCommand, type CommonOptions } from './types.js';

export interface RmCommand {
  images: string[];
  force: boolean;
  noprune: boolean;
  json: boolean;
}

export const rmCommand = defineCommand({
  name: 'rm',
  summary: 'Remove images by id or name (refuses one a container uses, unless --force).',
  usage: 'ID... [--force] [--no-prune] [--json]',
  details: `  -f, --force   Remove even if a stopped container uses it or it has several tags
  --no-prune    Keep untagged parents
  --json        Print one {input, ok, id, untagged, deleted} or {input, ok: false, error} each`,
  options: {
    force: { type: 'boolean', short: 'f' },
    'no-prune': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  parse: (values, positionals): RmCommand => {
    if (positionals.length === 0) throw new UsageError('rm needs at least one ID');
    return {
      images: positionals,
      force: values.force ?? false,
      noprune: values['no-prune'] ?? false,
      json: values.json ?? false,
    };
  },
  run: async (cmd: RmCommand & CommonOptions, deps: CliDeps) => {
    const core = await openCore(cmd.host, deps);
    try {
      await requireEngine(core);
      const outcomes = await request(core, 'images:remove', cmd.images, {
        force: cmd.force,
        noprune: cmd.noprune,
      });
      if (cmd.json) deps.stdout.write(`${JSON.stringify(outcomes, null, 2)}\n`);
      else {
        for (const o of outcomes) {
          if (!o.ok) {
            deps.stderr.write(`hangar: ${o.input}: ${o.error.message}\n`);
            continue;
          }
          for (const u of o.untagged) deps.stdout.write(`Untagged: ${u}\n`);
          for (const d of o.deleted) deps.stdout.write(`Deleted: ${d}\n`);
        }
      }
      return outcomes.every((o) => o.ok) ? 0 : 2;
    } finally {
      await core.close();
    }
  },
});
