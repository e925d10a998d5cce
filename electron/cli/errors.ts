/**
 * Expected failures of the CLI: one line on stderr (`hangar: <reason>`) and an exit code; with
 * `--json`, also `{"error": {"code", "message", "detail"?}}` on stdout (the codes of
 * shared/errors.ts), so a script can branch on the kind of failure.
 */
import { HangarError, type ErrorCode, type IpcError } from '../../shared/errors.js';
import { fileError } from '../core/errors.js';
import type { Output } from './io.js';

export class CliError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode = 'VALIDATION',
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A bad command line. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 'VALIDATION', 2);
    this.name = 'UsageError';
  }
}

/** What a failure prints and the exit code it gives. */
export interface Failure {
  error: IpcError;
  /** The line on stderr, without `hangar: ` and the newline. */
  line: string;
  exitCode: number;
}

function errnoField(err: unknown, field: 'code' | 'syscall'): string | undefined {
  const value = (err as Record<string, unknown> | null)?.[field];
  return typeof value === 'string' ? value : undefined;
}

function fromHangarError(err: HangarError): Failure {
  return {
    error: err.toJSON(),
    line: err.detail ? `${err.message} (${err.detail})` : err.message,
    exitCode: err.code === 'INTERNAL' ? 1 : 2,
  };
}

export function describeFailure(err: unknown): Failure {
  if (err instanceof CliError) {
    return {
      error: { code: err.code, message: err.message },
      line: err.message,
      exitCode: err.exitCode,
    };
  }
  if (err instanceof HangarError) return fromHangarError(err);
  const code = errnoField(err, 'code');
  const syscall = errnoField(err, 'syscall');
  // Only a server's listen() gives EADDRINUSE; EACCES is a port's only when listen() said it.
  if (code === 'EADDRINUSE' || (code === 'EACCES' && syscall === 'listen')) {
    const port = (err as { port?: unknown }).port;
    const message = `cannot listen on 127.0.0.1${typeof port === 'number' ? `:${port}` : ''}: ${code === 'EADDRINUSE' ? 'the port is in use' : 'permission denied'}`;
    return { error: { code: 'VALIDATION', message }, line: message, exitCode: 2 };
  }
  const file = fileError(err);
  if (file) return fromHangarError(file);
  const message = err instanceof Error ? err.message : String(err);
  return {
    error: { code: 'INTERNAL', message },
    line: `unexpected error: ${message}`,
    exitCode: 1,
  };
}

/** `{"error": {…}}` on one line: a whole-output parser and a line reader both take it. */
export function errorJson(error: IpcError): string {
  return `${JSON.stringify({ error })}\n`;
}

/**
 * Prints one line for an error (and with `json`, its JSON on `stdout`) and returns the exit code.
 * Stack traces only with HANGAR_DEBUG.
 */
export function reportError(
  err: unknown,
  out: { stderr: Output; stdout: Output; json: boolean },
  debug = false,
): number {
  const failure = describeFailure(err);
  out.stderr.write(`hangar: ${failure.line}\n`);
  const expected = err instanceof CliError || err instanceof HangarError;
  if (debug && !expected && err instanceof Error && err.stack) out.stderr.write(`${err.stack}\n`);
  if (out.json) out.stdout.write(errorJson(failure.error));
  return failure.exitCode;
}
