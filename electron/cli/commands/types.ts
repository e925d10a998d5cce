/**
 * The shape of a CLI command. Each command lives in its own module and is listed once in
 * `commands/index.ts`; `args.ts` and `run.ts` know nothing about any particular command.
 */
import type { ParseArgsOptionsConfig } from 'node:util';
import type { CliDeps } from '../io.js';

/** The value `parseArgs` gives for one option config (absent when not given). */
type OptionValue<O> = O extends { type: 'string'; multiple: true }
  ? string[]
  : O extends { type: 'string' }
    ? string
    : O extends { type: 'boolean'; multiple: true }
      ? boolean[]
      : boolean;

/** What `parseArgs` returns in `values` for a command's options (global ones excluded). */
export type OptionValues<O extends ParseArgsOptionsConfig> = {
  -readonly [K in keyof O]?: OptionValue<O[K]>;
};

/** Options every command takes, filled in by the generic parser. */
export interface CommonOptions {
  /** `--host`: the engine address, passed to the core as `CoreOptions.host`. */
  host?: string;
}

export interface CommandModule<O extends ParseArgsOptionsConfig, Cmd> {
  name: string;
  /** One line for `hangar --help`. */
  summary: string;
  /** The synopsis after the command name, e.g. `[--all] [--json]`. */
  usage: string;
  /** Extra lines for `hangar <command> --help` (option descriptions, examples). */
  details?: string;
  /** `node:util` `parseArgs` option config of this command (`--host`/`--help` are global). */
  options: O;
  /** Builds the command from the parsed flags and positionals; throws `UsageError`. */
  parse(values: OptionValues<O>, positionals: string[]): Cmd;
  /** Runs the command; resolves with the exit code. */
  run(cmd: Cmd & CommonOptions, deps: CliDeps): Promise<number>;
}

/** A command with its types erased, as the registry holds it. */
export interface AnyCommand {
  name: string;
  summary: string;
  usage: string;
  details?: string;
  options: ParseArgsOptionsConfig;
  parse(values: Record<string, unknown>, positionals: string[]): object;
  run(cmd: object, deps: CliDeps): Promise<number>;
}

/** Type-checks a command module where it is written and erases its types for the registry. */
export function defineCommand<const O extends ParseArgsOptionsConfig, Cmd extends object>(
  command: CommandModule<O, Cmd>,
): CommandModule<O, Cmd> & AnyCommand {
  return command as CommandModule<O, Cmd> & AnyCommand;
}
