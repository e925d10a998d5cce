/** Maps anything thrown inside the core to the error envelope that crosses the boundary. */
import { HangarError, type IpcError } from '../../shared/errors.js';

/** The shape of errors dockerode (docker-modem) rejects with. */
interface DockerModemError {
  statusCode?: number;
  reason?: string;
  json?: unknown;
  code?: string;
  message?: string;
}

/** Codes only a connection gives. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'ENOTSOCK',
]);

/** Codes a socket and a file both give: the engine's own only when the call was `connect`. */
const SOCKET_OR_FILE_CODES = new Set(['ENOENT', 'EACCES', 'EPERM']);

/** System calls that write (the others that name a path read it). */
const WRITE_CALLS = new Set([
  'write',
  'mkdir',
  'rename',
  'unlink',
  'rmdir',
  'rm',
  'copyfile',
  'symlink',
  'link',
  'chmod',
  'chown',
  'utime',
  'futime',
]);

/** The fields of Node's system errors (`fs`, `net`). */
interface SystemError {
  code?: unknown;
  syscall?: unknown;
  path?: unknown;
  message?: unknown;
}

/** The daemon's own message from a modem error (`{"message": "..."}` body), when there is one. */
export function daemonMessage(err: DockerModemError): string | undefined {
  const json = err.json;
  if (json && typeof json === 'object' && 'message' in json) {
    const m = (json as { message: unknown }).message;
    if (typeof m === 'string' && m.length > 0) return m;
  }
  return undefined;
}

/** True for a failure to reach the engine: its socket or its host, never a file. */
export function isConnectionError(err: unknown): boolean {
  const e = err as SystemError | null;
  const code = e?.code;
  if (typeof code !== 'string') return false;
  if (CONNECTION_CODES.has(code)) return true;
  return SOCKET_OR_FILE_CODES.has(code) && e?.syscall === 'connect';
}

/**
 * A file or folder that could not be read or written, in words (`Cannot read /ctx/a.txt:
 * permission denied.`); null for anything that is not a file system error.
 */
export function fileError(err: unknown): HangarError | null {
  const e = err as SystemError | null;
  if (typeof e?.path !== 'string' || typeof e.syscall !== 'string' || typeof e.code !== 'string') {
    return null;
  }
  const verb = e.syscall.startsWith('spawn')
    ? 'run'
    : WRITE_CALLS.has(e.syscall)
      ? 'write'
      : 'read';
  const what = `Cannot ${verb} ${e.path}`;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return new HangarError('VALIDATION', `${what}: permission denied.`);
    case 'ENOENT':
      return new HangarError('NOT_FOUND', `${what}: it does not exist.`);
    case 'ENOTDIR':
      return new HangarError('VALIDATION', `${what}: a part of the path is not a folder.`);
    case 'EISDIR':
      return new HangarError('VALIDATION', `${what}: it is a folder.`);
    default:
      return new HangarError(
        'INTERNAL',
        `${what}.`,
        typeof e.message === 'string' ? e.message : e.code,
      );
  }
}

export function toHangarError(err: unknown): HangarError {
  if (err instanceof HangarError) return err;
  const e = (err ?? {}) as DockerModemError;
  const said = daemonMessage(e);
  if (isConnectionError(err)) {
    return new HangarError(
      'ENGINE_UNREACHABLE',
      'Cannot reach the Docker engine.',
      e.message ?? e.code,
    );
  }
  const file = fileError(err);
  if (file) return file;
  switch (e.statusCode) {
    case 404:
      return new HangarError('NOT_FOUND', said ?? 'Not found.');
    case 409:
      return new HangarError('CONFLICT_IN_USE', said ?? 'The engine refused: a conflict.');
    case 400:
    case 500:
      if (said && /invalid reference|invalid tag|must be lowercase/i.test(said)) {
        return new HangarError('INVALID_REFERENCE', said);
      }
  }
  const message = said ?? (err instanceof Error ? err.message : String(err));
  return new HangarError('INTERNAL', message || 'Something went wrong.');
}

export function toIpcError(err: unknown): IpcError {
  return toHangarError(err).toJSON();
}
