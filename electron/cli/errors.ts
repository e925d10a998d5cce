/** Expected failures of the CLI: one line on stderr (`hangar: <reason>`) and an exit code. */
import { HangarError } from '../../shared/errors.js';
import type { Output } from './io.js';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A bad command line. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

function errnoCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Prints one line for an error and returns the exit code. Stack traces only with HANGAR_DEBUG. */
export function reportError(err: unknown, stderr: Output, debug = false): number {
  if (err instanceof CliError) {
    stderr.write(`hangar: ${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof HangarError) {
    const detail = err.detail ? ` (${err.detail})` : '';
    stderr.write(`hangar: ${err.message}${detail}\n`);
    return err.code === 'INTERNAL' ? 1 : 2;
  }
  const code = errnoCode(err);
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    const port = (err as { port?: unknown }).port;
    stderr.write(
      `hangar: cannot listen on 127.0.0.1${typeof port === 'number' ? `:${port}` : ''}: ${code === 'EADDRINUSE' ? 'the port is in use' : 'permission denied'}\n`,
    );
    return 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  stderr.write(`hangar: unexpected error: ${message}\n`);
  if (debug && err instanceof Error && err.stack) stderr.write(`${err.stack}\n`);
  return 1;
}
