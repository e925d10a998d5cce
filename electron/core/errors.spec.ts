import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isConnectionError, toHangarError } from './errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'hangar-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The error of connecting to a unix socket. */
function connectError(socketPath: string): Promise<Error> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    socket.on('error', resolve);
    socket.on('connect', () => {
      socket.destroy();
      resolve(new Error('connected'));
    });
  });
}

/** Root reads every file: a real "permission denied" needs a process that is not root. */
const canDropRoot = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

/** The error `nobody` gets reading `file`, in a child process, rebuilt with Node's own fields. */
function readAsNobody(file: string): NodeJS.ErrnoException {
  const script = `try { require('fs').readFileSync(${JSON.stringify(file)}); } catch (e) { process.stdout.write(JSON.stringify({ ...e, message: e.message })); }`;
  const r = spawnSync(
    'setpriv',
    ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, '-e', script],
    { encoding: 'utf8' },
  );
  const fields = JSON.parse(r.stdout) as NodeJS.ErrnoException;
  return Object.assign(new Error(fields.message), fields);
}

describe('toHangarError', () => {
  it('calls a socket that is not there the engine being unreachable', async () => {
    const err = await connectError(path.join(dir, 'no.sock'));
    expect(err).toMatchObject({ code: 'ENOENT', syscall: 'connect' });
    expect(isConnectionError(err)).toBe(true);
    expect(toHangarError(err)).toMatchObject({
      code: 'ENGINE_UNREACHABLE',
      message: 'Cannot reach the Docker engine.',
    });
  });

  it('names a file that does not exist, never the engine', async () => {
    const file = path.join(dir, 'missing.txt');
    const err: unknown = await readFile(file).catch((e: unknown) => e);
    expect(isConnectionError(err)).toBe(false);
    expect(toHangarError(err)).toMatchObject({
      code: 'NOT_FOUND',
      message: `Cannot read ${file}: it does not exist.`,
    });
  });

  it.skipIf(!canDropRoot)(
    'names an unreadable file and says permission denied, never the engine',
    () => {
      const file = path.join(dir, 'secret.txt');
      writeFileSync(file, 'x');
      chmodSync(file, 0o600);
      const err = readAsNobody(file);
      expect(err).toMatchObject({ code: 'EACCES', syscall: 'open', path: file });
      expect(isConnectionError(err)).toBe(false);
      expect(toHangarError(err)).toMatchObject({
        code: 'VALIDATION',
        message: `Cannot read ${file}: permission denied.`,
      });
    },
  );

  it('keeps the daemon’s own words for an API error', () => {
    const err = Object.assign(new Error('(HTTP code 404) no such image'), {
      statusCode: 404,
      json: { message: 'No such image: nope:1' },
    });
    expect(toHangarError(err)).toMatchObject({
      code: 'NOT_FOUND',
      message: 'No such image: nope:1',
    });
  });
});
