/**
 * A BuildKit session on the Engine API, as the docker CLI opens one: `POST /session` upgraded to
 * h2c, with the session's id, name and shared key and the gRPC methods it serves as
 * `X-Docker-Expose-Session-*` headers. The daemon then is the HTTP/2 client on that connection and
 * calls the build's client: FileSync/DiffCopy for the `context` and `dockerfile` folders, and
 * Health/Check while the session lives. A build names the session with
 * `remote=client-session&session=<id>` and sends no body. The shared key is the same for every
 * session of one context folder, so the daemon finds what an earlier build of that folder sent.
 *
 * Only plain connections are dialled (`upgradeToH2c`); any other engine connection is
 * `SessionUnavailableError`, as is an engine that refuses the upgrade.
 */
import { createHash, randomUUID } from 'node:crypto';
import { H2cRefusedError, H2cUnavailableError, upgradeToH2c } from '../../engine/h2c.js';
import { diffCopyHandler, DIFF_COPY, type SyncedDir, type SyncReport } from './filesync.js';
import { servingHealth } from './fsutil-proto.js';
import { serveGrpc, type GrpcHandler } from './grpc-h2.js';

const HEALTH_CHECK = '/grpc.health.v1.Health/Check';

/** The session could not be opened: the build goes another way. */
export class SessionUnavailableError extends Error {}

export interface BuildSession {
  id: string;
  /** What each DiffCopy call sent, in the order they ended. */
  reports: readonly SyncReport[];
  /** The first failure of a call the daemon made, if any. */
  failure(): Error | null;
  close(): void;
}

export interface SessionOptions {
  /** The engine client's docker-modem (its connection settings are read). */
  modem: unknown;
  /** Folders by the names the daemon asks for (`context`, `dockerfile`). */
  dirs: ReadonlyMap<string, SyncedDir>;
  /** Names the session in the daemon's logs. */
  name: string;
  /** The folder whose earlier uploads the daemon may reuse. */
  sharedKeyOf: string;
  signal: AbortSignal;
}

/** Opens a session serving `dirs`; resolves once the daemon has taken the connection. */
export async function openSession(options: SessionOptions): Promise<BuildSession> {
  const id = randomUUID();
  const sharedKey = createHash('sha256').update(`hangar:${options.sharedKeyOf}`).digest('hex');
  const reports: SyncReport[] = [];
  let firstFailure: Error | null = null;
  const handlers = new Map<string, GrpcHandler>([
    [DIFF_COPY, diffCopyHandler(options.dirs, (r) => reports.push(r))],
    [HEALTH_CHECK, (call) => call.send(servingHealth())],
  ]);
  const socket = await upgradeToH2c(
    options.modem,
    '/session',
    {
      'X-Docker-Expose-Session-Uuid': id,
      'X-Docker-Expose-Session-Name': options.name,
      'X-Docker-Expose-Session-Sharedkey': sharedKey,
      'X-Docker-Expose-Session-Grpc-Method': [...handlers.keys()],
    },
    options.signal,
  ).catch((err: unknown) => {
    if (err instanceof H2cRefusedError) {
      throw new SessionUnavailableError(
        `the engine refused a session (${err.status}): ${err.body}`,
      );
    }
    if (err instanceof H2cUnavailableError) throw new SessionUnavailableError(err.message);
    throw err;
  });
  const connection = serveGrpc(socket, handlers, (err) => (firstFailure ??= err));
  const onAbort = () => connection.close();
  options.signal.addEventListener('abort', onAbort, { once: true });
  void connection.closed.then(() => options.signal.removeEventListener('abort', onAbort));
  return {
    id,
    reports,
    failure: () => firstFailure,
    close: () => connection.close(),
  };
}
