/**
 * `hangar web [--port N] [--no-open] [--static DIR] [--upload-limit SIZE]`: serves the UI on 127.0.0.1 with a fresh
 * token, prints the URL (with the token) as the first line of stdout, opens it, and runs until
 * SIGINT/SIGTERM.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CliDeps } from '../io.js';
import { parseSize } from './cache.js';
import { noPositionals, openCore, parsePort } from './common.js';
import { defineCommand, type CommonOptions } from './types.js';

export interface WebCommand {
  port: number;
  open: boolean;
  staticDir?: string;
  /** Largest image archive an upload (Load…) may be, in bytes; the host's default when absent. */
  uploadLimit?: number;
}

export const webCommand = defineCommand({
  name: 'web',
  summary: 'Serve the Hangar UI on 127.0.0.1 and open it.',
  usage: '[--port N] [--no-open] [--static DIR] [--upload-limit SIZE]',
  details: `  -p, --port N     Port on 127.0.0.1 (default: a free one)
  --no-open        Do not open a browser
  --static DIR     Serve the renderer build from DIR (default: dist/renderer)
  --upload-limit SIZE  Largest image archive an upload to the host may be (default 8GiB)`,
  options: {
    port: { type: 'string', short: 'p' },
    'no-open': { type: 'boolean' },
    static: { type: 'string' },
    'upload-limit': { type: 'string' },
  },
  parse: (values, positionals): WebCommand => {
    noPositionals(positionals);
    return {
      port: values.port === undefined ? 0 : parsePort(values.port),
      open: !(values['no-open'] ?? false),
      ...(values.static === undefined ? {} : { staticDir: values.static }),
      ...(values['upload-limit'] === undefined
        ? {}
        : { uploadLimit: parseSize(values['upload-limit'], '--upload-limit') }),
    };
  },
  run: runWeb,
});

async function runWeb(cmd: WebCommand & CommonOptions, deps: CliDeps): Promise<number> {
  const stop = deps.waitForStop();
  const staticDir = path.resolve(cmd.staticDir ?? path.join(deps.packageRoot, 'dist', 'renderer'));
  const core = await openCore(cmd.host, deps, 'gui');
  try {
    const host = await deps.startWebHost({
      core,
      port: cmd.port,
      host: '127.0.0.1',
      staticDir,
      ...(cmd.uploadLimit === undefined ? {} : { uploadLimit: cmd.uploadLimit }),
    });
    try {
      deps.stdout.write(`${host.url}\n`);
      if (!existsSync(path.join(staticDir, 'index.html'))) {
        deps.stderr.write(
          `hangar: warning: no renderer build in ${staticDir}: run \`npm run build\`\n`,
        );
      }
      deps.stderr.write(`Hangar is serving on 127.0.0.1:${host.port}. Press Ctrl+C to stop.\n`);
      if (cmd.open) deps.openBrowser(host.url);
      await stop;
      return 0;
    } finally {
      await host.close();
    }
  } finally {
    await core.close();
  }
}
