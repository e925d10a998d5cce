import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { HangarError } from '../../shared/errors.js';
import { CliError, describeFailure, UsageError } from './errors.js';

function listen(server: Server, port: number): Promise<unknown> {
  return new Promise((resolve) => {
    server.once('error', resolve);
    server.listen(port, '127.0.0.1', () => resolve(null));
  });
}

describe('describeFailure', () => {
  it('keeps the code and exit code of the CLI’s own errors', () => {
    expect(describeFailure(new UsageError('bad flag'))).toEqual({
      error: { code: 'VALIDATION', message: 'bad flag' },
      line: 'bad flag',
      exitCode: 2,
    });
    expect(describeFailure(new CliError('stopped', 'CANCELLED', 130))).toMatchObject({
      error: { code: 'CANCELLED' },
      exitCode: 130,
    });
  });

  it('exits 1 for INTERNAL, 2 for every other code of the core', () => {
    expect(describeFailure(new HangarError('INTERNAL', 'x')).exitCode).toBe(1);
    expect(describeFailure(new HangarError('NOT_FOUND', 'x', 'd'))).toEqual({
      error: { code: 'NOT_FOUND', message: 'x', detail: 'd' },
      line: 'x (d)',
      exitCode: 2,
    });
  });

  it('names a file it could not read (exit 2), never the engine', async () => {
    const err: unknown = await readFile('/nonexistent/hangar/file.json').catch((e: unknown) => e);
    expect(describeFailure(err)).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'Cannot read /nonexistent/hangar/file.json: it does not exist.',
      },
      line: 'Cannot read /nonexistent/hangar/file.json: it does not exist.',
      exitCode: 2,
    });
  });

  it('says a port is in use', async () => {
    const first = createServer();
    const second = createServer();
    try {
      expect(await listen(first, 0)).toBeNull();
      const port = (first.address() as { port: number }).port;
      const err = await listen(second, port);
      expect(describeFailure(err)).toMatchObject({
        line: `cannot listen on 127.0.0.1:${port}: the port is in use`,
        exitCode: 2,
      });
    } finally {
      first.close();
      second.close();
    }
  });

  it('calls anything else unexpected (exit 1)', () => {
    expect(describeFailure(new TypeError('boom'))).toEqual({
      error: { code: 'INTERNAL', message: 'boom' },
      line: 'unexpected error: boom',
      exitCode: 1,
    });
  });
});
