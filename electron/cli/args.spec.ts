import { describe, expect, it } from 'vitest';
import { checkHost, commandUsage, globalUsage, parseCli } from './args.js';
import { parsePort } from './commands/common.js';
import { COMMANDS } from './commands/index.js';
import { defineCommand } from './commands/types.js';
import { UsageError } from './errors.js';

function usageError(argv: string[]): string {
  try {
    parseCli(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

describe('parseCli', () => {
  it('parses images with its flags and defaults', () => {
    expect(parseCli(['images'])).toEqual({
      kind: 'command',
      name: 'images',
      cmd: { json: false, dangling: false, all: false },
    });
    expect(parseCli(['images', '--json', '--dangling', '-a'])).toEqual({
      kind: 'command',
      name: 'images',
      cmd: { json: true, dangling: true, all: true },
    });
  });

  it('takes --host before or after the command', () => {
    const host = 'unix:///tmp/d/docker.sock';
    expect(parseCli(['--host', host, 'events', '--json'])).toEqual({
      kind: 'command',
      name: 'events',
      cmd: { host, json: true },
    });
    expect(parseCli(['images', `--host=${host}`])).toMatchObject({ cmd: { host } });
    expect(parseCli(['-H', 'tcp://10.0.0.2:2376', 'images'])).toMatchObject({
      name: 'images',
      cmd: { host: 'tcp://10.0.0.2:2376' },
    });
  });

  it('parses web: random port by default, --port, --no-open and --static', () => {
    expect(parseCli(['web'])).toMatchObject({ cmd: { port: 0, open: true } });
    expect(parseCli(['web', '--port', '8080', '--no-open', '--static', 'out'])).toEqual({
      kind: 'command',
      name: 'web',
      cmd: { port: 8080, open: false, staticDir: 'out' },
    });
  });

  it('parses web --upload-limit as a size and names the flag when it is not one', () => {
    expect(parseCli(['web', '--upload-limit', '2GiB'])).toMatchObject({
      cmd: { uploadLimit: 2 * 1024 ** 3 },
    });
    expect(() => parseCli(['web', '--upload-limit', 'lots'])).toThrow(
      "--upload-limit is a size such as 10GB, 500MB or 2GiB, not 'lots'",
    );
  });

  it('answers global help for --help and -h, and one command’s help for <command> -h', () => {
    expect(parseCli(['--help'])).toEqual({ kind: 'help' });
    expect(parseCli(['-h'])).toEqual({ kind: 'help' });
    expect(parseCli(['help'])).toEqual({ kind: 'help' });
    expect(parseCli(['images', '-h'])).toEqual({ kind: 'help', topic: 'images' });
    expect(parseCli(['help', 'web'])).toEqual({ kind: 'help', topic: 'web' });
  });

  it('reports bad command lines in one short sentence', () => {
    expect(usageError([])).toMatch(
      /^missing command: images, events.* (or )?web.* \(see hangar --help\)$/,
    );
    expect(usageError(['bogus'])).toBe("unknown command 'bogus' (see hangar --help)");
    expect(usageError(['images', '--bogus'])).toBe('unknown option --bogus');
    expect(usageError(['images', '--host'])).toBe('option --host needs a value');
    expect(usageError(['images', '--json=yes'])).toBe('option --json takes no value');
    expect(usageError(['events', '--dangling'])).toBe("'events' does not take --dangling");
    expect(usageError(['images', '--port', '1'])).toBe("'images' does not take --port");
    expect(usageError(['images', 'nginx'])).toBe("unexpected argument 'nginx'");
    expect(usageError(['help', 'nope'])).toBe("unknown command 'nope'");
    expect(usageError(['help', 'web', 'x'])).toBe("unexpected argument 'x'");
    expect(usageError(['web', '--port', 'x'])).toMatch(/^--port must be a number/);
    expect(usageError(['images', '--host', 'nope'])).toMatch(/^--host must be a URL/);
  });

  it('takes a value that starts with a dash as the value, and says what is wrong with it', () => {
    expect(usageError(['cache', 'enforce', '--max-size', '-5'])).toBe(
      "--max-size is a size such as 10GB, 500MB or 2GiB, not '-5'",
    );
    expect(usageError(['history', '--limit', '-1'])).toBe(
      "--limit is a whole number of at least 1, not '-1'",
    );
    expect(usageError(['prune', '--until', '-1h'])).toMatch(/^--until '-1h' is not a time\./);
    expect(() => parseCli(['build', '.', '-t', '-x'])).toThrow("'-x' is not an image name");
    expect(usageError(['web', '--port', '-1'])).toBe(
      "--port must be a number from 0 to 65535, not '-1'",
    );
    expect(usageError(['images', '-H', '-x'])).toMatch(/^--host must be a URL .*, not '-x'$/);
    // A flag after a flag that needs a value is that value too: the check names it.
    expect(usageError(['history', '--limit', '--json'])).toBe(
      "--limit is a whole number of at least 1, not '--json'",
    );
    // After `--`, nothing is an option.
    expect(usageError(['history', '--limit', '5', '--', '-x'])).toMatch(
      /unknown history subcommand '-x'/,
    );
  });
});

describe('the command registry', () => {
  const echo = defineCommand({
    name: 'echo',
    summary: 'Print the words.',
    usage: 'WORD... [--loud]',
    details: '  --loud   Upper case',
    options: { loud: { type: 'boolean' }, times: { type: 'string', multiple: true } },
    parse: (values, positionals) => {
      if (positionals.length === 0) throw new UsageError('echo needs a WORD');
      return { words: positionals, loud: values.loud ?? false, times: values.times ?? [] };
    },
    run: async () => 0,
  });
  const registry = { ...COMMANDS, echo };

  it('parses a registered command with its own options and positionals', () => {
    expect(
      parseCli(['echo', 'a', 'b', '--loud', '--times', '1', '--times', '2'], registry),
    ).toEqual({
      kind: 'command',
      name: 'echo',
      cmd: { words: ['a', 'b'], loud: true, times: ['1', '2'] },
    });
    expect(() => parseCli(['echo'], registry)).toThrow('echo needs a WORD');
    expect(() => parseCli(['images', '--loud'], registry)).toThrow("'images' does not take --loud");
    expect(() => parseCli(['echo', '--json', 'a'], registry)).toThrow(
      "'echo' does not take --json",
    );
  });

  it('lists every command in the global help and renders one command’s help', () => {
    const help = globalUsage(registry);
    for (const name of Object.keys(registry)) expect(help).toContain(`\n  ${name} `);
    expect(help).toMatch(/echo WORD\.\.\. \[--loud\] +Print the words\./);
    const one = commandUsage(echo);
    expect(one).toMatch(/^Usage: hangar echo WORD\.\.\. \[--loud\]\n\nPrint the words\.\n/);
    expect(one).toContain('  --loud   Upper case');
    expect(one).toContain('--host URL');
  });
});

describe('checkHost', () => {
  it('accepts the engine schemes the docker CLI knows', () => {
    for (const h of [
      'unix:///var/run/docker.sock',
      'tcp://1.2.3.4:2375',
      'ssh://me@box',
      'npipe:////./pipe/docker_engine',
    ]) {
      expect(checkHost(h)).toBe(h);
    }
  });

  it('refuses unknown schemes and bare words', () => {
    expect(() => checkHost('ftp://x')).toThrow(/unsupported --host scheme 'ftp:\/\/'/);
    expect(() => checkHost('/var/run/docker.sock')).toThrow(UsageError);
    expect(() => checkHost('localhost:2375')).toThrow(UsageError);
  });
});

describe('parsePort', () => {
  it('accepts 0 to 65535 only', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('65535')).toBe(65535);
    for (const bad of ['65536', '-1', '8o8o', '', '1.5', '123456']) {
      expect(() => parsePort(bad), bad).toThrow(UsageError);
    }
  });
});
