/** Small helpers for answering and reading plain `node:http` requests. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorCode } from '../../shared/errors.js';
import { CONTENT_SECURITY_POLICY } from '../window-options.js';

/** Sent with every response. No CORS header is ever sent: other origins get nothing. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export const API_HEADERS: Readonly<Record<string, string>> = {
  ...SECURITY_HEADERS,
  'Cache-Control': 'no-store',
};

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extra: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...API_HEADERS,
    ...extra,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** An error answer in the same envelope as an `IpcResult` failure. */
export function sendError(
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
  extra: Readonly<Record<string, string>> = {},
): void {
  sendJson(res, status, { ok: false, error: { code, message } }, extra);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    ...API_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

export function isJsonContentType(header: string | undefined): boolean {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

/**
 * Reads a JSON body of at most `limit` bytes, stopping at the limit (a declared length over it is
 * refused before reading). Throws `BodyError` for anything else; `tooLarge` is the 413's words.
 */
export async function readJsonBody(
  req: IncomingMessage,
  limit: number,
  tooLarge = `The body is larger than ${limit} bytes.`,
): Promise<unknown> {
  if (!isJsonContentType(req.headers['content-type'])) {
    throw new BodyError(415, 'The body must be JSON (Content-Type: application/json).');
  }
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) throw new BodyError(413, tooLarge);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new BodyError(413, tooLarge);
    chunks.push(buf);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new BodyError(400, 'The body is not valid JSON.');
  }
}
