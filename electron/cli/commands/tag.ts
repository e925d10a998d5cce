/** `hangar tag SOURCE TARGET` and `hangar untag REF`. */
import { request } from '../core-client.js';
import { UsageError } from '../errors.js';
import { shortId } from '../format.js';
import type { CliDeps } from '../io.js';
import { openCore, requireEngine } from './common.js';
import { defineCommand, type CommonOptions } from './types.js';

export interface TagCommand {
  source: string;
  target: string;
  json: boolean;
}

export interface UntagCommand {
  tag: string;
  json: boolean;
}

export const tagCommand = defineCommand({
  name: 'tag',
  summary: 'Add a tag to an image (the name is checked by the reference grammar first).',
  usage: 'SOURCE TARGET [--json]',
  details: '  --json   Print {id, tag, full, movedFrom}',
  options: { json: { type: 'boolean' } },
  parse: (values, positionals): TagCommand => {
    const [source, target, extra] = positionals;
    if (source === undefined || target === undefined) {
      throw new UsageError('tag needs SOURCE and TARGET');
    }
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    return { source, target, json: values.json ?? false };
  },
  run: async (cmd: TagCommand & CommonOptions, deps: CliDeps) => {
    const core = await openCore(cmd.host, deps);
    try {
      await requireEngine(core);
      const r = await request(core, 'images:tag', cmd.source, cmd.target);
      deps.stdout.write(
        cmd.json
          ? `${JSON.stringify(r, null, 2)}\n`
          : `Tagged ${shortId(r.id)} as ${r.tag}${r.movedFrom ? ` (moved from ${shortId(r.movedFrom)})` : ''}\n`,
      );
      return 0;
    } finally {
      await core.close();
    }
  },
});

export const untagCommand = defineCommand({
  name: 'untag',
  summary: 'Remove one tag and keep the image (its last tag: it becomes dangling).',
  usage: 'REF [--json]',
  details: '  --json   Print {tag, id, untagged, remainingTags, becameDangling}',
  options: { json: { type: 'boolean' } },
  parse: (values, positionals): UntagCommand => {
    const [tag, extra] = positionals;
    if (tag === undefined) throw new UsageError('untag needs a REF');
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    return { tag, json: values.json ?? false };
  },
  run: async (cmd: UntagCommand & CommonOptions, deps: CliDeps) => {
    const core = await openCore(cmd.host, deps);
    try {
      await requireEngine(core);
      const r = await request(core, 'images:untag', cmd.tag);
      if (cmd.json) deps.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      else {
        for (const u of r.untagged) deps.stdout.write(`Untagged: ${u}\n`);
        if (r.becameDangling) deps.stdout.write(`Image ${shortId(r.id)} is now dangling.\n`);
      }
      return 0;
    } finally {
      await core.close();
    }
  },
});
