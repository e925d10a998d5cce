/**
 * The loopback web host behind `hangar web`: the built renderer, `POST
 * /api/invoke/<channel>` for requests, `GET /api/events` (SSE) for events, and the save download
 * and load upload as streams, over the same core the Electron window uses. Plain `node:http`: a
 * handful of routes do not need a framework.
 *
 * Every request must come to a loopback name (DNS rebinding), from our own origin if it says one,
 * and carry the token: in the URL once (which trades it for an HttpOnly cookie), then as that
 * cookie or an `Authorization: Bearer` header.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { isChannel } from '../../shared/contract.js';
import { FTL_FILE_MAX_BYTES } from '../../shared/history.js';
import {
  EVENTS_PATH,
  INVOKE_PATH,
  LOAD_PATH,
  SAVE_PATH,
  TOKEN_PARAM,
} from '../../shared/web-protocol.js';
import type { Core } from '../core/core.js';
import { dispatch } from '../core/dispatch.js';
import { generateToken, judgeRequest } from './auth.js';
import {
  DEFAULT_STREAM_LIMITS,
  EventStreamSession,
  type EventStreamLimits,
} from './event-stream.js';
import {
  BodyError,
  SECURITY_HEADERS,
  readJsonBody,
  sendError,
  sendJson,
  sendText,
} from './http-io.js';
import { serveStatic } from './static-files.js';
import { DEFAULT_UPLOAD_LIMIT, serveLoad, serveSave } from './transfer.js';

export interface WebHostOptions {
  core: Pick<Core, 'handlers' | 'subscribe' | 'transfer'>;
  /** 0 or absent: any free port. */
  port?: number;
  /** Only loopback: the host never listens on another interface. */
  host?: '127.0.0.1';
  /** The built renderer (`dist/renderer`). */
  staticDir: string;
  /** Defaults to 32 random bytes; pass one only in tests. */
  token?: string;
  /** Milliseconds between SSE heartbeats (default 15 s). */
  heartbeatMs?: number;
  /** Event streams open at once (default 32); one more is refused with a 503. */
  maxEventStreams?: number;
  /** When a client that does not read its event stream is dropped (default: `DEFAULT_STREAM_LIMITS`). */
  streamLimits?: Partial<Omit<EventStreamLimits, 'heartbeatMs'>>;
  /** Largest accepted request body in bytes (default 1 MiB); `history:import` has its own. */
  bodyLimit?: number;
  /** Largest image archive `POST /api/images/load` takes, in bytes (default 8 GiB). */
  uploadLimit?: number;
}

export interface WebHost {
  /** The URL to open, with `?token=`. */
  url: string;
  /** Where the server listens, as `server.address()` says (127.0.0.1). */
  address: AddressInfo;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const NOT_BUILT_MESSAGE = 'The renderer is not built: run `npm run build`';

const MIB = 1024 * 1024;
const DEFAULT_BODY_LIMIT = MIB;
const IMPORT_CHANNEL = 'history:import';
/**
 * The largest `history:import` body: it carries whole FTL files as JSON strings, each up to the
 * `FTL_FILE_MAX_BYTES` the CLI takes too. Room for one file at that limit even if JSON escaping
 * doubles it, and the envelope.
 */
export const IMPORT_BODY_LIMIT = 2 * FTL_FILE_MAX_BYTES + MIB;

/** The largest body for `channel`, and the words of its 413. */
function bodyLimitFor(channel: string, general: number): { limit: number; tooLarge: string } {
  if (channel === IMPORT_CHANNEL) {
    return {
      limit: IMPORT_BODY_LIMIT,
      tooLarge: `An FTL import sent to the web host is at most ${IMPORT_BODY_LIMIT / MIB} MiB of JSON at once, and each file at most ${FTL_FILE_MAX_BYTES / MIB} MiB: import fewer or smaller files.`,
    };
  }
  const size = general % MIB === 0 ? `${general / MIB} MiB` : `${general} bytes`;
  return { limit: general, tooLarge: `A request to the web host is at most ${size}.` };
}
export const DEFAULT_MAX_EVENT_STREAMS = 32;
const STATIC_HEADERS = { ...SECURITY_HEADERS, 'Cache-Control': 'no-cache' };

interface Route {
  core: WebHostOptions['core'];
  staticDir: string;
  bodyLimit: number;
  uploadLimit: number;
  openStream(res: ServerResponse): void;
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  sendError(res, 405, 'VALIDATION', `Use ${allow} here.`, { Allow: allow });
}

async function invoke(
  route: Route,
  req: IncomingMessage,
  res: ServerResponse,
  rawChannel: string,
): Promise<void> {
  if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
  let channel: string;
  try {
    channel = decodeURIComponent(rawChannel);
  } catch {
    channel = rawChannel;
  }
  if (!isChannel(channel)) {
    return sendJson(res, 404, await dispatch(route.core.handlers, channel, []));
  }
  let body: unknown;
  try {
    const { limit, tooLarge } = bodyLimitFor(channel, route.bodyLimit);
    body = await readJsonBody(req, limit, tooLarge);
  } catch (err) {
    if (!(err instanceof BodyError)) throw err;
    const extra: Record<string, string> = err.status === 413 ? { Connection: 'close' } : {};
    return sendError(res, err.status, 'VALIDATION', err.message, extra);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return sendError(res, 400, 'VALIDATION', 'The body must be a JSON object: {"args": [...]}.');
  }
  const args = 'args' in body ? body.args : [];
  sendJson(res, 200, await dispatch(route.core.handlers, channel, args));
}

async function serveRenderer(
  route: Route,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
  const wantsIndex = pathname === '/' || pathname === '/index.html';
  if (wantsIndex && !existsSync(path.join(route.staticDir, 'index.html'))) {
    return sendText(res, 500, `${NOT_BUILT_MESSAGE}\n`);
  }
  const outcome = await serveStatic(
    route.staticDir,
    pathname,
    res,
    req.method === 'HEAD',
    STATIC_HEADERS,
  );
  if (outcome === 'not-found') sendText(res, 404, 'Not found.\n');
  else if (outcome === 'forbidden') sendText(res, 403, 'Forbidden.\n');
}

async function handle(
  route: Route,
  port: number,
  token: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    return sendError(res, 400, 'VALIDATION', 'Bad request URL.');
  }
  const method = req.method ?? 'GET';
  const verdict = judgeRequest({ method, url, headers: req.headers }, port, token);
  if (verdict.kind === 'deny') {
    return sendError(res, verdict.status, 'UNAUTHORIZED', verdict.message);
  }
  if (verdict.kind === 'enter') {
    res.writeHead(303, {
      ...SECURITY_HEADERS,
      'Cache-Control': 'no-store',
      'Set-Cookie': verdict.cookie,
      Location: verdict.location,
      'Content-Length': '0',
    });
    return void res.end();
  }
  const { pathname } = url;
  if (pathname.startsWith(INVOKE_PATH)) {
    return invoke(route, req, res, pathname.slice(INVOKE_PATH.length));
  }
  if (pathname === EVENTS_PATH) {
    if (method !== 'GET') return methodNotAllowed(res, 'GET');
    return route.openStream(res);
  }
  if (pathname === SAVE_PATH || pathname === LOAD_PATH) {
    const transfer = route.core.transfer;
    if (!transfer) return sendError(res, 404, 'NOT_FOUND', 'This host cannot save or load images.');
    if (pathname === SAVE_PATH) {
      if (method !== 'GET') return methodNotAllowed(res, 'GET');
      return serveSave(transfer, url, res);
    }
    if (method !== 'POST') return methodNotAllowed(res, 'POST');
    return serveLoad(transfer, route.uploadLimit, req, res);
  }
  if (pathname === '/api' || pathname.startsWith('/api/')) {
    return sendError(res, 404, 'NOT_FOUND', `No such endpoint: ${pathname}.`);
  }
  return serveRenderer(route, req, res, pathname);
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string) {
  return new Promise<AddressInfo>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? generateToken();
  const limits: EventStreamLimits = {
    ...DEFAULT_STREAM_LIMITS,
    ...options.streamLimits,
    heartbeatMs: options.heartbeatMs ?? DEFAULT_STREAM_LIMITS.heartbeatMs,
  };
  const maxStreams = options.maxEventStreams ?? DEFAULT_MAX_EVENT_STREAMS;
  const sessions = new Set<EventStreamSession>();
  const route: Route = {
    core: options.core,
    staticDir: path.resolve(options.staticDir),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    uploadLimit: options.uploadLimit ?? DEFAULT_UPLOAD_LIMIT,
    openStream(res) {
      if (sessions.size >= maxStreams) {
        return sendError(
          res,
          503,
          'CONFLICT_IN_USE',
          `Hangar's web host already serves ${maxStreams} event streams, one per open page: close some Hangar pages, then reload this one.`,
          { 'Retry-After': '5' },
        );
      }
      sessions.add(new EventStreamSession(res, options.core, limits, (s) => sessions.delete(s)));
    },
  };
  let port = 0;
  const server = createServer((req, res) => {
    handle(route, port, token, req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      const message = err instanceof Error ? err.message : String(err);
      sendError(res, 500, 'INTERNAL', message || 'Something went wrong.');
    });
  });
  const address = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  port = address.port;
  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/?${TOKEN_PARAM}=${token}`,
    address,
    port,
    token,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const session of [...sessions]) session.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
