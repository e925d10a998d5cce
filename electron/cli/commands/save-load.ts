/**
 * `hangar save IMAGE… -o FILE` (`-o -` for stdout) and `hangar load FILE`: images in and out as
 * a `docker save` archive, streamed (never held whole in memory), with progress on stderr; the
 * same `saveToFile` and `loadFromFile` as the desktop app's Save… and Load… tasks.
 */
import { statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { HangarError } from '../../../shared/errors.js';
import type { Core } from '../../core/core.js';
import type { ImageTransfer } from '../../core/images/image-transfer.js';
import { loadFromFile, saveToFile, saveToStream } from '../../core/images/transfer-files.js';
import { CliError, UsageError } from '../errors.js';
import { humanSize } from '../format.js';
import type { CliDeps } from '../io.js';
import { openCore, requireEngine } from './common.js';
import { defineCommand, type CommonOptions } from './types.js';

export interface SaveCommand {
  images: string[];
  output: string;
  json: boolean;
}

export interface LoadCommand {
  file: string;
  json: boolean;
}

function transferOf(core: Core): ImageTransfer {
  if (!core.transfer) throw new CliError('This core cannot save or load images.', 'INTERNAL', 1);
  return core.transfer;
}

/** Prints `N MB of M MB` on stderr every 10 %, or every 10 MB when the total is unknown. */
function byteReporter(deps: Pick<CliDeps, 'stderr'>, verb: string, total: number | null) {
  let next = 0;
  return (bytes: number) => {
    if (bytes < next) return;
    if (total !== null && total > 0) {
      const percent = Math.min(100, Math.floor((bytes / total) * 100));
      deps.stderr.write(`${verb} ${humanSize(bytes)} of ${humanSize(total)} (${percent}%)\n`);
      next = bytes + total / 10;
    } else {
      deps.stderr.write(`${verb} ${humanSize(bytes)}\n`);
      next = bytes + 10_000_000;
    }
  };
}

export const saveCommand = defineCommand({
  name: 'save',
  summary: 'Save images to a tar archive (docker save), streamed to a file or stdout.',
  usage: 'IMAGE… -o FILE|- [--json]',
  details: [
    '  -o, --output FILE   Where the archive goes; - writes it to stdout',
    '  --json              Print {file, images, bytes} (not with -o -)',
  ].join('\n'),
  options: { output: { type: 'string', short: 'o' }, json: { type: 'boolean' } },
  parse: (values, positionals): SaveCommand => {
    if (positionals.length === 0) throw new UsageError('save needs at least one IMAGE');
    if (values.output === undefined || values.output === '') {
      throw new UsageError('save needs -o FILE (or -o - for stdout)');
    }
    if (values.output === '-' && values.json) {
      throw new UsageError('--json cannot share stdout with the archive (-o -)');
    }
    return { images: positionals, output: values.output, json: values.json ?? false };
  },
  run: async (cmd: SaveCommand & CommonOptions, deps: CliDeps) => {
    const stop = deps.waitForStop();
    const core = await openCore(cmd.host, deps);
    const abort = new AbortController();
    void stop.then(() => abort.abort(new HangarError('CANCELLED', 'Cancelled.')));
    const toFile = cmd.output !== '-';
    try {
      await requireEngine(core);
      const transfer = transferOf(core);
      let report = (_bytes: number): void => {};
      const onStart = (approx: number) => {
        report = byteReporter(deps, 'Saved', approx > 0 ? approx : null);
      };
      const progress = { signal: abort.signal, onStart, onBytes: (n: number) => report(n) };
      let saved: { ids: string[]; bytes: number };
      try {
        saved = toFile
          ? await saveToFile(transfer, cmd.images, cmd.output, progress)
          : await saveToStream(transfer, cmd.images, () => deps.stdout as unknown as Writable, {
              ...progress,
              end: false,
            });
      } catch (err) {
        if (abort.signal.aborted) throw new CliError('the save was cancelled', 'CANCELLED', 130);
        throw err;
      }
      const { bytes } = saved;
      if (toFile) {
        deps.stderr.write(
          `Saved ${cmd.images.join(', ')} to ${cmd.output} (${humanSize(bytes)})\n`,
        );
        if (cmd.json) {
          deps.stdout.write(
            `${JSON.stringify({ file: cmd.output, images: cmd.images, ids: saved.ids, bytes }, null, 2)}\n`,
          );
        }
      }
      return 0;
    } finally {
      await core.close();
    }
  },
});

export const loadCommand = defineCommand({
  name: 'load',
  summary: 'Load images from a tar archive (docker load), streamed from the file.',
  usage: 'FILE [--json]',
  details: '  --json   Print {tags, ids, bytes}: what the engine loaded',
  options: { json: { type: 'boolean' } },
  parse: (values, positionals): LoadCommand => {
    const [file, extra] = positionals;
    if (file === undefined) throw new UsageError('load needs a FILE');
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    return { file, json: values.json ?? false };
  },
  run: async (cmd: LoadCommand & CommonOptions, deps: CliDeps) => {
    // Read before connecting: a missing or unreadable file is named as such.
    statSync(cmd.file);
    const stop = deps.waitForStop();
    const core = await openCore(cmd.host, deps);
    const abort = new AbortController();
    void stop.then(() => abort.abort(new HangarError('CANCELLED', 'Cancelled.')));
    try {
      await requireEngine(core);
      let report = (_bytes: number): void => {};
      let lastMessage = '';
      const r = await loadFromFile(transferOf(core), cmd.file, {
        signal: abort.signal,
        onStart: (size) => {
          report = byteReporter(deps, 'Sent', size);
        },
        onProgress: (p) => {
          report(p.sent);
          if (p.message !== lastMessage && p.message.startsWith('Loaded')) {
            deps.stderr.write(`${p.message}\n`);
          }
          lastMessage = p.message;
        },
      });
      deps.stdout.write(
        cmd.json
          ? `${JSON.stringify(r, null, 2)}\n`
          : `Loaded ${[...r.tags, ...r.ids].join(', ')} from ${cmd.file} (${humanSize(r.bytes)})\n`,
      );
      return 0;
    } catch (err) {
      if (abort.signal.aborted) throw new CliError('the load was cancelled', 'CANCELLED', 130);
      throw err;
    } finally {
      await core.close();
    }
  },
});
