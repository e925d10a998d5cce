/** Steps every command shares: building the core and making sure the engine answers. */
import type { EngineStatus } from '../../../shared/model.js';
import type { Core } from '../../core/core.js';
import { request, unreachableReason } from '../core-client.js';
import { CliError, UsageError } from '../errors.js';
import type { CliDeps } from '../io.js';

/**
 * Builds the core for a command. Commands are `cli` (lookups recorded as such, no background
 * history work); `hangar web` serves the app and passes `gui`.
 */
export function openCore(
  host: string | undefined,
  deps: CliDeps,
  origin: 'gui' | 'cli' = 'cli',
): Promise<Core> {
  return deps.createCore(host === undefined ? { origin } : { host, origin });
}

/** Waits for the first connection attempt; an unreachable engine is an expected failure. */
export async function requireEngine(core: Core): Promise<EngineStatus> {
  await core.ready();
  const status = await request(core, 'engines:status');
  const reason = unreachableReason(status);
  if (reason !== null) throw new CliError(reason, 'ENGINE_UNREACHABLE');
  return status;
}

/** For commands that take no positional arguments. */
export function noPositionals(positionals: readonly string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
}

export function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw new UsageError(`--port must be a number from 0 to 65535, not '${text}'`);
  }
  return Number(text);
}

/**
 * Whether to go ahead with a deletion of `what`: yes with --yes; otherwise asked on the terminal
 * (after `show()` prints the details); without a terminal, refused (exit 2) naming what would go.
 */
export async function confirmDelete(
  deps: CliDeps,
  yes: boolean,
  what: string,
  show: () => void = () => {},
): Promise<boolean> {
  if (yes) return true;
  if (!deps.isInteractive?.() || !deps.ask) {
    throw new CliError(
      `refusing to delete ${what} without --yes: stdin is not a terminal (try --dry-run)`,
    );
  }
  show();
  const answer = await deps.ask(`Delete ${what}? [y/N] `);
  return /^y(es)?$/i.test(answer.trim());
}

/** What a deletion the user declined on the terminal ends with (exit 1). */
export function nothingDeleted(): CliError {
  return new CliError('nothing deleted', 'CANCELLED', 1);
}
