/**
 * The `hangar` CLI entry: wires the real core, web host and terminal into `run()`. `bin/hangar.mjs`
 * imports this (bundled as dist/cli/hangar.mjs, or the source through tsx) and calls `main()`;
 * running the bundle directly (`node dist/cli/hangar.mjs …`) works too.
 */
import './quiet-warnings.js';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebHost } from '../web/server.js';
import type { CliDeps } from './io.js';
import { run } from './run.js';
import { ask, findPackageRoot, isInteractive, openBrowser, waitForStop } from './system.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export function realDeps(): CliDeps {
  return {
    // Loaded on first use: `--help` and bad flags answer without loading the core.
    createCore: async (options) => (await import('../core/core.js')).createCore(options),
    startWebHost,
    stdout: process.stdout,
    stderr: process.stderr,
    waitForStop,
    openBrowser,
    now: () => Date.now(),
    packageRoot: findPackageRoot(here),
    isInteractive,
    ask,
  };
}

/** Runs the CLI; resolves with the exit code. */
export function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  // A reader that went away (`hangar events | head -1`) is a normal end, not a crash.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  return run(argv, realDeps(), Boolean(process.env.HANGAR_DEBUG));
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
