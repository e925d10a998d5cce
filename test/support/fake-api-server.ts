// Test support for the engine specs (not used at run time): a small HTTP server on a unix
// socket or a loopback TLS port that answers like an engine, so the Engine's logic runs against
// real sockets and the real dockerode without a daemon.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface FakeAnswer {
  status: number;
  body?: unknown;
  /** Send the headers and keep the response open (an idle stream). */
  holdOpen?: boolean;
}

/** `'hang'`: never answer. */
export type FakeHandler = (method: string, path: string) => FakeAnswer | 'hang';

/** Answers `/_ping` and `/version` from `version`, and `[]` for any versioned images listing. */
export function engineLike(version: unknown): FakeHandler {
  return (_method, path) => {
    const bare = path.replace(/^\/v\d+\.\d+/, '').split('?')[0];
    if (bare === '/_ping') return { status: 200, body: 'OK' };
    if (bare === '/version') return { status: 200, body: version };
    if (bare === '/images/json') return { status: 200, body: [] };
    if (bare === '/events') return { status: 200, holdOpen: true };
    return { status: 404, body: { message: 'page not found' } };
  };
}

export const notAnEngine: FakeHandler = () => ({ status: 404, body: '404 page not found\n' });

export class FakeApiServer {
  /** `METHOD path` of every request, in order. */
  readonly requests: string[] = [];
  private readonly server: http.Server;

  constructor(
    public handler: FakeHandler,
    tls?: { cert: string; key: string },
  ) {
    const listener: http.RequestListener = (req, res) => this.answer(req, res);
    this.server = tls ? https.createServer(tls, listener) : http.createServer(listener);
  }

  /** Listens on a unix socket path, or on 127.0.0.1 with a free port when none is given. */
  async listen(socketPath?: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      const done = (): void => {
        this.server.off('error', reject);
        resolve();
      };
      if (socketPath) this.server.listen(socketPath, done);
      else this.server.listen(0, '127.0.0.1', done);
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Stops listening (a unix socket file is removed) and cuts every open connection. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  count(path: string): number {
    return this.requests.filter((r) => r.endsWith(` ${path}`)).length;
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    this.requests.push(`${method} ${path}`);
    const answer = this.handler(method, path);
    if (answer === 'hang') return;
    const json = typeof answer.body !== 'string';
    res.writeHead(answer.status, {
      'Content-Type': json ? 'application/json' : 'text/plain; charset=utf-8',
    });
    if (answer.holdOpen) {
      res.flushHeaders();
      return;
    }
    res.end(json ? JSON.stringify(answer.body ?? {}) : (answer.body as string));
  }
}
