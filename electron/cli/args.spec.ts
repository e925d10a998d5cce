import { describe, expect, it } from 'vitest';
import { checkHost, parseCli, parsePort } from './args.js';
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
      name: 'images',
      json: false,
      dangling: false,
      all: false,
    });
    expect(parseCli(['images', '--json', '--dangling', '-a'])).toEqual({
      name: 'images',
      json: true,
      dangling: true,
      all: true,
    });
  });

  it('takes --host before or after the command', () => {
    const host = 'unix:///tmp/d/docker.sock';
    expect(parseCli(['--host', host, 'events', '--json'])).toEqual({
      name: 'events',
      host,
      json: true,
    });
    expect(parseCli(['images', `--host=${host}`])).toMatchObject({ name: 'images', host });
    expect(parseCli(['images', '-H', 'tcp://10.0.0.2:2376'])).toMatchObject({
      host: 'tcp://10.0.0.2:2376',
    });
  });

  it('parses web: random port by default, --port, --no-open and --static', () => {
    expect(parseCli(['web'])).toEqual({ name: 'web', port: 0, open: true });
    expect(parseCli(['web', '--port', '8080', '--no-open', '--static', 'out'])).toEqual({
      name: 'web',
      port: 8080,
      open: false,
      staticDir: 'out',
    });
  });

  it('answers help for --help, -h and help <command>', () => {
    expect(parseCli(['--help'])).toEqual({ name: 'help' });
    expect(parseCli(['images', '-h'])).toEqual({ name: 'help' });
    expect(parseCli(['help', 'web'])).toEqual({ name: 'help' });
  });

  it('reports bad command lines in one short sentence', () => {
    expect(usageError([])).toMatch(/missing command/);
    expect(usageError(['prune'])).toBe("unknown command 'prune' (see hangar --help)");
    expect(usageError(['images', '--bogus'])).toBe('unknown option --bogus');
    expect(usageError(['images', '--host'])).toBe('option --host needs a value');
    expect(usageError(['images', '--json=yes'])).toBe('option --json takes no value');
    expect(usageError(['events', '--dangling'])).toBe("'events' does not take --dangling");
    expect(usageError(['images', '--port', '1'])).toBe("'images' does not take --port");
    expect(usageError(['images', 'nginx'])).toBe("unexpected argument 'nginx'");
    expect(usageError(['help', 'nope'])).toBe("unknown command 'nope'");
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
