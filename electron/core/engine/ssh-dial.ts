/**
 * The transport of `ssh://` engines, as the docker CLI does it: every connection is an ssh session
 * running `docker system dial-stdio` on the remote host, whose stdin and stdout carry the Engine
 * API's HTTP. It is handed to dockerode as the `agent` of a plain `http` client, so docker-modem
 * builds an ordinary `http://host:port/…` URL: its own ssh mode formats an invalid one (Node warns
 * DEP0170 with a garbled URL, and an IPv6 host fails outright), and gives the session no
 * `setTimeout`, which a call with a timeout needs.
 */
import http from 'node:http';
import os from 'node:os';
import type { Duplex } from 'node:stream';
import ssh2, { type ClientChannel } from 'ssh2';

export const DIAL_STDIO = 'docker system dial-stdio';

export interface SshTarget {
  host: string;
  port: number;
  /** Default: the local user, as ssh does. */
  username?: string;
  /** The ssh-agent socket (SSH_AUTH_SOCK) that holds the keys. */
  agent?: string;
}

type Callback = (err: Error | null, socket?: Duplex) => void;

/** An HTTP agent whose connections are ssh sessions to `target` (one session each, no reuse). */
export class SshDialAgent extends http.Agent {
  constructor(readonly target: SshTarget) {
    super({ keepAlive: false });
  }

  override createConnection(_options: unknown, callback: Callback): undefined {
    const client = new ssh2.Client();
    let channel: ClientChannel | null = null;
    let failed = false;
    const fail = (err: Error) => {
      client.end();
      if (channel) (channel as Duplex).destroy(err);
      else if (!failed) callback(err);
      failed = true;
    };
    client.on('error', fail);
    client.once('close', () => {
      if (!channel) fail(new Error('the ssh connection closed before the engine answered'));
    });
    client.once('ready', () => {
      client.exec(DIAL_STDIO, (err, stream) => {
        if (err) {
          fail(err);
          return;
        }
        channel = stream;
        stream.once('close', () => client.end());
        callback(null, withIdleTimeout(stream));
      });
    });
    try {
      client.connect({
        host: this.target.host,
        port: this.target.port,
        username: this.target.username ?? os.userInfo().username,
        agent: this.target.agent,
      });
    } catch (err) {
      fail(err instanceof Error ? err : new Error(String(err)));
    }
    return undefined;
  }
}

/**
 * Gives a session the idle timeout of a socket (`setTimeout(ms)`: a `timeout` event after `ms`
 * without data from the engine), which Node's HTTP client calls for a request with a timeout.
 */
function withIdleTimeout(stream: ClientChannel): Duplex {
  let idleMs = 0;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = idleMs > 0 ? setTimeout(() => stream.emit('timeout'), idleMs) : undefined;
  };
  let watching = false;
  const socketLike = stream as ClientChannel & { setTimeout(ms: number, cb?: () => void): Duplex };
  socketLike.setTimeout = (ms: number, cb?: () => void) => {
    idleMs = ms;
    if (cb) stream.once('timeout', cb);
    if (!watching && ms > 0) {
      watching = true;
      stream.on('data', arm);
      stream.once('close', () => clearTimeout(timer));
    }
    arm();
    return stream;
  };
  return stream;
}
