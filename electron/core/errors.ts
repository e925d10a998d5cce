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

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOENT',
  'EACCES',
  'EPERM',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ENOTSOCK',
]);

/** The daemon's own message from a modem error (`{"message": "..."}` body), when there is one. */
export function daemonMessage(err: DockerModemError): string | undefined {
  const json = err.json;
  if (json && typeof json === 'object' && 'message' in json) {
    const m = (json as { message: unknown }).message;
    if (typeof m === 'string' && m.length > 0) return m;
  }
  return undefined;
}

export function isConnectionError(err: unknown): boolean {
  const code = (err as DockerModemError | null)?.code;
  return typeof code === 'string' && CONNECTION_CODES.has(code);
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
