/**
 * The command line: `hangar <images|events|web> [flags]`. Parsed with `node:util` `parseArgs`,
 * built into Node: three commands and a handful of flags need no argument-parsing dependency.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

interface Common {
  /** `--host`: the engine address, passed to the core as `CoreOptions.host`. */
  host?: string;
}

export type CliCommand =
  | { name: 'help' }
  | (Common & { name: 'images'; json: boolean; dangling: boolean; all: boolean })
  | (Common & { name: 'events'; json: boolean })
  | (Common & { name: 'web'; port: number; open: boolean; staticDir?: string });

export type CommandName = 'images' | 'events' | 'web';

const OPTIONS = {
  host: { type: 'string', short: 'H' },
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  dangling: { type: 'boolean' },
  all: { type: 'boolean', short: 'a' },
  port: { type: 'string', short: 'p' },
  'no-open': { type: 'boolean' },
  static: { type: 'string' },
} as const;

type OptionName = keyof typeof OPTIONS;

const GLOBAL_OPTIONS: readonly OptionName[] = ['host', 'help'];
const COMMAND_OPTIONS: Record<CommandName, readonly OptionName[]> = {
  images: ['json', 'dangling', 'all'],
  events: ['json'],
  web: ['port', 'no-open', 'static'],
};

/** Engine address schemes the docker CLI (and dockerode) understand. */
const HOST_SCHEMES = ['unix', 'tcp', 'ssh', 'npipe', 'http', 'https'];

export const USAGE = `Usage: hangar <command> [options]

Commands:
  images [--dangling] [--all] [--json]   List images (intermediate layers only with --all).
  events [--json]                        Print every change to the image index until Ctrl+C.
  web [--port N] [--no-open] [--static DIR]
                                         Serve the Hangar UI on 127.0.0.1 and open it.

Options:
  -H, --host URL   Docker engine to use (unix://, tcp://, ssh://, npipe://); default: like docker
  -h, --help       Show this help
`;

function isCommandName(value: string | undefined): value is CommandName {
  return value === 'images' || value === 'events' || value === 'web';
}

/** parseArgs' own messages are long and suggest `--`; keep the one fact that matters. */
function shortParseError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown }).code;
  // "Option '-H, --host <value>' argument missing" → --host; "Unknown option '-x'" → -x.
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const option = /--[\w-]+/.exec(quoted)?.[0] ?? /-\w/.exec(quoted)?.[0];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return /argument missing/.test(message)
      ? `option ${option} needs a value`
      : `option ${option} takes no value`;
  }
  return message.split('. ')[0] ?? message;
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

export function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw new UsageError(`--port must be a number from 0 to 65535, not '${text}'`);
  }
  return Number(text);
}

export function parseCli(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(shortParseError(err));
  }
  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;

  if (first === 'help' || (values.help && first === undefined)) {
    const [topic, ...extra] = first === 'help' ? rest : [];
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    if (topic !== undefined && !isCommandName(topic)) {
      throw new UsageError(`unknown command '${topic}'`);
    }
    return { name: 'help' };
  }
  if (first === undefined) {
    throw new UsageError('missing command: images, events or web (see hangar --help)');
  }
  if (!isCommandName(first)) throw new UsageError(`unknown command '${first}' (see hangar --help)`);
  if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`);
  if (values.help) return { name: 'help' };

  const allowed = [...GLOBAL_OPTIONS, ...COMMAND_OPTIONS[first]];
  for (const key of Object.keys(values) as OptionName[]) {
    if (!allowed.includes(key)) throw new UsageError(`'${first}' does not take --${key}`);
  }
  const common: Common = values.host === undefined ? {} : { host: checkHost(values.host) };
  switch (first) {
    case 'images':
      return {
        ...common,
        name: 'images',
        json: values.json ?? false,
        dangling: values.dangling ?? false,
        all: values.all ?? false,
      };
    case 'events':
      return { ...common, name: 'events', json: values.json ?? false };
    case 'web':
      return {
        ...common,
        name: 'web',
        port: values.port === undefined ? 0 : parsePort(values.port),
        open: !(values['no-open'] ?? false),
        ...(values.static === undefined ? {} : { staticDir: values.static }),
      };
  }
}
