/** Parses the command line, runs one command, and turns every outcome into an exit code. */
import { commandUsage, globalUsage, parseCli } from './args.js';
import { COMMANDS } from './commands/index.js';
import type { AnyCommand } from './commands/types.js';
import { reportError } from './errors.js';
import type { CliDeps } from './io.js';

function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

export async function run(
  argv: readonly string[],
  deps: CliDeps,
  debug = false,
  commands: Readonly<Record<string, AnyCommand>> = COMMANDS,
): Promise<number> {
  // Whether the failure is also printed as JSON: the parsed command's --json, or before the
  // command line parses, a --json among the options.
  let json = wantsJson(argv);
  try {
    const invocation = parseCli(argv, commands);
    if (invocation.kind === 'command') json = (invocation.cmd as { json?: unknown }).json === true;
    if (invocation.kind === 'help') {
      const command = invocation.topic === undefined ? undefined : commands[invocation.topic];
      deps.stdout.write(command ? commandUsage(command) : globalUsage(commands));
      return 0;
    }
    const command = commands[invocation.name];
    if (command === undefined) throw new Error(`no command ${invocation.name}`);
    return await command.run(invocation.cmd, deps);
  } catch (err) {
    return reportError(err, { stderr: deps.stderr, stdout: deps.stdout, json }, debug);
  }
}
