/**
 * A raw HTTP client for the web host's tests: unlike `fetch`, it sends the path as written (no
 * `..` normalisation) and any `Host` or `Origin` header we choose.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

export function rawRequest(port: number, req: RawRequest = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: req.method ?? 'GET',
        path: req.path ?? '/',
        headers: req.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

export interface OpenStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** Resolves with everything received so far once it contains `text`. */
  waitFor(text: string, timeoutMs?: number): Promise<string>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens a long-lived response (SSE) and lets a test wait for text to arrive on it. */
export function openStream(port: number, path: string, headers: Record<string, string>) {
  return new Promise<OpenStream>((resolve, reject) => {
    const r = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let received = '';
      const waiters = new Set<() => void>();
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        received += c;
        for (const w of [...waiters]) w();
      });
      const ended = new Promise<void>((done) => res.on('close', () => done()));
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        ended,
        close: () => r.destroy(),
        waitFor(text, timeoutMs = 2000) {
          return new Promise<string>((ok, fail) => {
            const check = () => {
              if (!received.includes(text)) return;
              waiters.delete(check);
              clearTimeout(timer);
              ok(received);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`timed out waiting for ${JSON.stringify(text)}; got ${received}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
      });
    });
    r.on('error', reject);
    r.end();
  });
}
