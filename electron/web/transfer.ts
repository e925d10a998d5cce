/**
 * Save and load through the web host: `GET /api/images/save?names=…` answers the `docker save`
 * archive as a download, and `POST /api/images/load` takes an archive as the raw request body.
 * Both stream (the archive is never held whole in memory), both stop the engine's side when the
 * client goes away, and both come after the same token and Host/Origin checks as every request.
 * An upload over the size limit is refused: by its Content-Length before a byte is read, or once
 * that many bytes have come when it has none.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HangarError } from '../../shared/errors.js';
import { imageIdOrRef } from '../../shared/channels/common.js';
import { MAX_SAVE_NAMES } from '../../shared/desktop.js';
import type { ImageTransfer } from '../core/images/image-transfer.js';
import { archiveFileName } from '../core/images/transfer-files.js';
import { toIpcError } from '../core/errors.js';
import { API_HEADERS, sendError, sendJson } from './http-io.js';

/** The largest archive `POST /api/images/load` takes by default: 8 GiB. */
export const DEFAULT_UPLOAD_LIMIT = 8 * 1024 ** 3;

function sizeWords(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  if (gib >= 1 && Number.isInteger(gib)) return `${gib} GiB`;
  const mib = bytes / 1024 ** 2;
  if (mib >= 1 && Number.isInteger(mib)) return `${mib} MiB`;
  return `${bytes} bytes`;
}

function failureStatus(err: HangarError): number {
  if (err.code === 'NOT_FOUND') return 404;
  if (err.code === 'VALIDATION' || err.code === 'INVALID_REFERENCE') return 400;
  if (err.code === 'ENGINE_UNREACHABLE') return 503;
  return 500;
}

/** `GET /api/images/save?names=a&names=b`: the archive as an attachment. */
export async function serveSave(
  transfer: ImageTransfer,
  url: URL,
  res: ServerResponse,
): Promise<void> {
  const names = url.searchParams.getAll('names');
  if (names.length === 0 || names.length > MAX_SAVE_NAMES) {
    return sendError(
      res,
      400,
      'VALIDATION',
      `Name 1 to ${MAX_SAVE_NAMES} images: ?names=app:1&names=…`,
    );
  }
  for (const name of names) {
    const checked = imageIdOrRef.safeParse(name);
    if (!checked.success) {
      return sendError(
        res,
        400,
        'VALIDATION',
        checked.error.issues[0]?.message ?? 'Bad image name.',
      );
    }
  }
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  let saved;
  try {
    saved = await transfer.save(names, abort.signal);
  } catch (err) {
    const e = toIpcError(err);
    return sendError(res, failureStatus(new HangarError(e.code, e.message)), e.code, e.message);
  }
  const filename = archiveFileName(names);
  res.writeHead(200, {
    ...API_HEADERS,
    'Content-Type': 'application/x-tar',
    'Content-Disposition': `attachment; filename="${filename}"`,
  });
  try {
    await pipeline(saved.stream, res, { signal: abort.signal });
  } catch {
    // The client went away or the engine's stream broke: the download ends short, which the
    // browser shows as failed; nothing else is to be done.
    res.destroy();
  }
}

/** `POST /api/images/load`: the raw body is the archive; answers an `IpcResult` of `LoadResult`. */
export async function serveLoad(
  transfer: ImageTransfer,
  limit: number,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const tooLarge = `An image archive sent to the web host is at most ${sizeWords(limit)} (hangar web --upload-limit).`;
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return sendError(res, 413, 'VALIDATION', tooLarge, { Connection: 'close' });
  }
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  let received = 0;
  let over = false;
  const guard = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      if (received > limit) {
        over = true;
        abort.abort();
        done(new HangarError('VALIDATION', tooLarge));
        return;
      }
      done(null, chunk);
    },
  });
  req.on('error', (err) => guard.destroy(err));
  req.pipe(guard);
  try {
    const result = await transfer.load(guard, 'The uploaded file', { signal: abort.signal });
    sendJson(res, 200, { ok: true, value: result });
  } catch (err) {
    if (res.headersSent || res.destroyed) return;
    if (over) return sendError(res, 413, 'VALIDATION', tooLarge, { Connection: 'close' });
    const e = toIpcError(err);
    sendError(res, failureStatus(new HangarError(e.code, e.message)), e.code, e.message);
  }
}
