/**
 * An Engine API request upgraded to HTTP/2 without TLS (h2c), as the docker CLI and buildx open
 * BuildKit's endpoints: `POST /session` (the build's client serves the daemon) and `POST /grpc`
 * (the daemon's BuildKit serves the client). Only plain connections are dialled: a Unix socket, or
 * TCP without TLS. An engine reached over SSH (its connections are ssh sessions) or TLS gets
 * `H2cUnavailableError`, as does an engine that answers the request instead of upgrading it.
 */
import http, { type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export class H2cUnavailableError extends Error {}

/** The engine answered instead of upgrading: its status and words. */
export class H2cRefusedError extends H2cUnavailableError {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`the engine refused the upgrade (${status}): ${body}`);
  }
}

interface Dial {
  socketPath?: string;
  host?: string;
  port?: number;
}

/** Where a docker-modem's connection goes, when it is a plain one. */
function dialOf(modem: unknown): Dial {
  const m = (modem ?? {}) as Record<string, unknown>;
  if (typeof m.socketPath === 'string' && m.socketPath !== '') return { socketPath: m.socketPath };
  // An engine over SSH has an agent of its own (its connections are ssh sessions), TLS `https`.
  const plain = m.protocol === 'http' || m.protocol === undefined;
  if (plain && typeof m.host === 'string' && m.agent === undefined) {
    return { host: m.host, port: Number(m.port ?? 2375) };
  }
  throw new H2cUnavailableError('the engine connection is not a plain socket');
}

/**
 * Sends `POST path` with `headers` on the connection `modem` (an engine client's docker-modem)
 * describes and resolves with the upgraded socket, ready for HTTP/2.
 */
export function upgradeToH2c(
  modem: unknown,
  path: string,
  headers: http.OutgoingHttpHeaders,
  signal?: AbortSignal,
): Promise<Duplex> {
  return new Promise<Duplex>((resolve, reject) => {
    // Thrown in here, a connection that is not plain rejects like a refused upgrade.
    const dial = dialOf(modem);
    const req = http.request({
      ...dial,
      method: 'POST',
      path,
      headers: { ...headers, Connection: 'Upgrade', Upgrade: 'h2c' },
      signal,
    });
    req.on('upgrade', (_res: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    req.on('response', (res: IncomingMessage) => {
      const body: Buffer[] = [];
      res.on('data', (c: Buffer) => body.push(c));
      res.on('end', () =>
        reject(new H2cRefusedError(res.statusCode ?? 0, Buffer.concat(body).toString().trim())),
      );
    });
    req.on('error', (err) => reject(new H2cUnavailableError(err.message)));
    req.end();
  });
}
