/**
 * `hangar outdated [--json]`: whether each tag here is the registry's tag of today. Exits 1 when
 * any tag has an update available (for scripts), 0 otherwise, unknowns included.
 */
import type { UpdateStatus } from '../../../shared/updates.js';
import { request } from '../core-client.js';
import { UsageError } from '../errors.js';
import { humanAge } from '../format.js';
import type { CliDeps } from '../io.js';
import { openCore, requireEngine } from './common.js';
import { defineCommand, type CommonOptions } from './types.js';

export interface OutdatedCommand {
  tags: string[];
  json: boolean;
}

const WORDS: Record<UpdateStatus['state'], string> = {
  upToDate: 'up to date',
  updateAvailable: 'update available',
  unknown: 'unknown',
};

/**
 * One line per tag: `TAG  STATE`, aligned, with why for an unknown and, for an update available,
 * how long ago the registry's image was built when that was learnt.
 */
export function outdatedText(statuses: readonly UpdateStatus[], nowMs = Date.now()): string {
  if (statuses.length === 0) return 'No tagged images.\n';
  const width = Math.max(...statuses.map((s) => s.tag.length));
  return statuses
    .map((s) => {
      const state = WORDS[s.state];
      const built = s.remoteCreated === null ? NaN : Date.parse(s.remoteCreated) / 1000;
      const why =
        s.state === 'unknown' && s.reason
          ? `: ${s.reason}`
          : s.state === 'updateAvailable' && Number.isFinite(built)
            ? ` (built ${humanAge(built, nowMs)})`
            : '';
      return `${s.tag.padEnd(width)}  ${state}${why}\n`;
    })
    .join('');
}

export const outdatedCommand = defineCommand({
  name: 'outdated',
  summary: 'Say which tags have a newer image in their registry (exit 1 when any has).',
  usage: '[TAG…] [--json]',
  details:
    '  --json   Print [{tag, imageId, state, reason, localDigests, remoteDigest, remoteCreated, checkedAt}]',
  options: { json: { type: 'boolean' } },
  parse: (values, positionals): OutdatedCommand => {
    for (const p of positionals)
      if (p.startsWith('-')) throw new UsageError(`unknown option '${p}'`);
    return { tags: positionals, json: values.json ?? false };
  },
  run: async (cmd: OutdatedCommand & CommonOptions, deps: CliDeps) => {
    const core = await openCore(cmd.host, deps);
    try {
      await requireEngine(core);
      const statuses = await request(
        core,
        'images:updates',
        cmd.tags.length > 0 ? { tags: cmd.tags, refresh: true } : { refresh: true },
      );
      deps.stdout.write(
        cmd.json ? `${JSON.stringify(statuses, null, 2)}\n` : outdatedText(statuses),
      );
      return statuses.some((s) => s.state === 'updateAvailable') ? 1 : 0;
    } finally {
      await core.close();
    }
  },
});
