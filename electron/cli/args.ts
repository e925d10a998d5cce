/**
 * The command line: `hangar <command> [options]`, parsed with `node:util` `parseArgs` against the
 * options of the command named (see `commands/index.ts`), plus the global `--host` and `--help`.
 * Generic: no command is known here by name.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { COMMANDS } from './commands/index.js';
import type { AnyCommand, CommonOptions } from './commands/types.js';
import { UsageError } from './errors.js';

export type CliInvocation =
  /** Global help (no topic) or one command's help. */
  { kind: 'help'; topic?: string } | { kind: 'command'; name: string; cmd: object & CommonOptions };

const GLOBAL_OPTIONS = {
  host: { type: 'string', short: 'H' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsOptionsConfig;

/** Engine address schemes the docker CLI (and dockerode) understand. */
const HOST_SCHEMES = ['unix', 'tcp', 'ssh', 'npipe', 'http', 'https'];

function commandList(commands: Readonly<Record<string, AnyCommand>>): string {
  const names = Object.keys(commands);
  return names.length <= 1
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

export function globalUsage(commands: Readonly<Record<string, AnyCommand>> = COMMANDS): string {
  const rows = Object.values(commands).map((c) => [`${c.name} ${c.usage}`.trim(), c.summary]);
  const width = Math.min(40, rows.reduce((w, [left = '']) => Math.max(w, left.length), 0) + 3);
  const lines = rows.map(([left = '', summary = '']) =>
    left.length + 3 > width
      ? `  ${left}\n  ${' '.repeat(width)}${summary}`
      : `  ${left.padEnd(width)}${summary}`,
  );
  return `Usage: hangar <command> [options]

Commands:
${lines.join('\n')}

Options:
  -H, --host URL   Docker engine to use (unix://, tcp://, ssh://, npipe://); default: like docker
  -h, --help       Show this help (hangar <command> --help for one command)
`;
}

export function commandUsage(command: AnyCommand): string {
  const details = command.details ? `\nOptions:\n${command.details.replace(/\n*$/, '\n')}` : '';
  return `Usage: hangar ${`${command.name} ${command.usage}`.trim()}

${command.summary}
${details}
Global options:
  -H, --host URL   Docker engine to use (unix://, tcp://, ssh://, npipe://); default: like docker
  -h, --help       Show this help
`;
}

/** parseArgs' own messages are long and suggest `--`; keep the one fact that matters. */
function shortParseError(err: unknown, command: string, others: readonly AnyCommand[]): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown }).code;
  // "Option '-H, --host <value>' argument missing" → --host; "Unknown option '-x'" → -x.
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const option = /--[\w-]+/.exec(quoted)?.[0] ?? /-\w/.exec(quoted)?.[0];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    const known = others.some((c) => optionKnown(c.options, option));
    return known ? `'${command}' does not take ${option}` : `unknown option ${option}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return /argument missing/.test(message)
      ? `option ${option} needs a value`
      : `option ${option} takes no value`;
  }
  return message.split('. ')[0] ?? message;
}

function optionKnown(options: ParseArgsOptionsConfig, flag: string): boolean {
  if (flag.startsWith('--')) return Object.hasOwn(options, flag.slice(2));
  return Object.values(options).some((o) => o.short === flag.slice(1));
}

export function checkHost(host: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(host)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    throw new UsageError(`--host must be a URL such as unix:///var/run/docker.sock, not '${host}'`);
  }
  if (!HOST_SCHEMES.includes(scheme)) {
    throw new UsageError(
      `unsupported --host scheme '${scheme}://' (use ${HOST_SCHEMES.map((s) => `${s}://`).join(', ')})`,
    );
  }
  return host;
}

/** The long name of the option `arg` names when that option takes a value (`--limit`, `-t`). */
function valueOption(arg: string, options: ParseArgsOptionsConfig): string | undefined {
  if (arg.startsWith('--')) {
    const name = arg.slice(2);
    return Object.hasOwn(options, name) && options[name]?.type === 'string' ? name : undefined;
  }
  if (arg.length !== 2 || !arg.startsWith('-')) return undefined;
  const found = Object.entries(options).find(([, o]) => o.short === arg[1]);
  return found?.[1].type === 'string' ? found[0] : undefined;
}

/**
 * An option that takes a value takes the next word whatever it starts with, as the docker CLI's
 * options do: `--limit -1` becomes `--limit=-1`, so the command's own check says what is wrong with
 * `-1` (parseArgs alone would refuse it as an option given where a value belongs).
 */
function joinDashValues(argv: readonly string[], options: ParseArgsOptionsConfig): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') return out.concat(argv.slice(i));
    const name = valueOption(arg, options);
    const next = argv[i + 1];
    if (name !== undefined && next !== undefined && next.startsWith('-')) {
      out.push(`--${name}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** The first positional argument, skipping the global options (`--host` takes a value). */
function findCommandWord(argv: readonly string[]): string | undefined {
  const { tokens } = parseArgs({
    args: [...argv],
    options: GLOBAL_OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === 'option-terminator') return undefined;
    if (token.kind === 'positional') return token.value;
  }
  return undefined;
}

export function parseCli(
  argv: readonly string[],
  commands: Readonly<Record<string, AnyCommand>> = COMMANDS,
): CliInvocation {
  const word = findCommandWord(argv);
  const command = word !== undefined && Object.hasOwn(commands, word) ? commands[word] : undefined;
  const options = { ...(command?.options ?? {}), ...GLOBAL_OPTIONS };
  let parsed;
  try {
    parsed = parseArgs({
      args: joinDashValues(argv, options),
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    const others = Object.values(commands).filter((c) => c !== command);
    throw new UsageError(shortParseError(err, word ?? '', others));
  }
  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;

  if (first === 'help' || (values.help && first === undefined)) {
    const [topic, ...extra] = first === 'help' ? rest : [];
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    if (topic !== undefined && !Object.hasOwn(commands, topic)) {
      throw new UsageError(`unknown command '${topic}'`);
    }
    return topic === undefined ? { kind: 'help' } : { kind: 'help', topic };
  }
  if (first === undefined) {
    throw new UsageError(`missing command: ${commandList(commands)} (see hangar --help)`);
  }
  if (command === undefined) throw new UsageError(`unknown command '${first}' (see hangar --help)`);
  if (values.help) return { kind: 'help', topic: command.name };

  const { host, help: _help, ...own } = values as Record<string, unknown>;
  const cmd: object & CommonOptions = command.parse(own, rest);
  return {
    kind: 'command',
    name: command.name,
    cmd: typeof host === 'string' ? { ...cmd, host: checkHost(host) } : cmd,
  };
}
