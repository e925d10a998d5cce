/** `hangar pull REF [--platform P] [--json]`: progress on stderr, the result on stdout. */
import { PLATFORM_RE } from '../../../shared/channels/actions.js';
import { HangarError } from '../../../shared/errors.js';
import { parseReference } from '../../../shared/reference.js';
import { request } from '../core-client.js';
import { CliError, UsageError } from '../errors.js';
import type { CliDeps } from '../io.js';
import { openCore, requireEngine } from './common.js';
import { progressPrinter } from './push.js';
import { followCancellable } from './tasks.js';
import { defineCommand, type CommonOptions } from './types.js';

export interface PullCommand {
  ref: string;
  platform: string | null;
  json: boolean;
}

export const pullCommand = defineCommand({
  name: 'pull',
  summary: 'Pull an image from its registry, with credentials like the docker CLI.',
  usage: 'REF [--platform OS/ARCH[/VARIANT]] [--json]',
  details: [
    '  --platform P   Pull this platform of a multi-platform image (linux/arm64)',
    '  --json         Print {reference, digest, imageId, tags, layers, layersPresent, upToDate, platform}',
  ].join('\n'),
  options: { platform: { type: 'string' }, json: { type: 'boolean' } },
  parse: (values, positionals): PullCommand => {
    const [ref, extra] = positionals;
    if (ref === undefined) throw new UsageError('pull needs a REF');
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    // Refused here, before the engine is even reached.
    const parsed = parseReference(ref);
    if (!parsed.ok) throw new HangarError('INVALID_REFERENCE', parsed.error);
    const platform = values.platform ?? null;
    if (platform !== null && !PLATFORM_RE.test(platform)) {
      throw new UsageError(
        `--platform is os/arch or os/arch/variant, like linux/arm64: ${platform}`,
      );
    }
    return { ref: parsed.ref.full, platform, json: values.json ?? false };
  },
  run: async (cmd: PullCommand & CommonOptions, deps: CliDeps) => {
    const stop = deps.waitForStop();
    if (!cmd.json) deps.stderr.write(`Pulling ${cmd.ref}\n`);
    const core = await openCore(cmd.host, deps);
    try {
      await requireEngine(core);
      const task = await followCancellable(
        core,
        stop,
        () => request(core, 'images:pull', cmd.ref, cmd.platform ? { platform: cmd.platform } : {}),
        progressPrinter(deps),
      );
      if (task.state === 'cancelled' || !task.result) {
        throw new CliError('the pull was cancelled', 'CANCELLED');
      }
      const r = task.result;
      deps.stdout.write(
        cmd.json
          ? `${JSON.stringify(r, null, 2)}\n`
          : r.upToDate
            ? `${r.reference} is up to date: image ${r.imageId}, digest ${r.digest}\n`
            : `Pulled ${r.reference}: image ${r.imageId}, digest ${r.digest}, ${r.layers} new ${r.layers === 1 ? 'layer' : 'layers'}, ${r.layersPresent} already here\n`,
      );
      return 0;
    } finally {
      await core.close();
    }
  },
});
