/**
 * Serving the built renderer from a folder, for the web host (and the path check for Electron's
 * `app://` protocol): content types by extension, `index.html` for a folder, and no way out of the
 * folder (`..`, encoded separators, NUL bytes, symlinks pointing elsewhere).
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root + path.sep);
}

/**
 * Maps a URL pathname (still percent-encoded) to a file under `root`, or null when it would leave
 * `root` or cannot be decoded. A pathname ending in `/` means that folder's `index.html`.
 * Purely lexical: `serveStatic` also checks the real path, for symlinks.
 */
export function resolveStaticPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return null;
  if (decoded.endsWith('/')) decoded += 'index.html';
  const base = path.resolve(root);
  const resolved = path.resolve(base, `.${decoded}`);
  return isInside(base, resolved) && resolved !== base ? resolved : null;
}

export type StaticOutcome = 'served' | 'not-found' | 'forbidden';

/**
 * Streams the file a pathname names, with its content type. Answers nothing itself when the file
 * is missing or outside the root: the caller decides what those look like.
 */
export async function serveStatic(
  root: string,
  pathname: string,
  res: ServerResponse,
  headOnly: boolean,
  headers: Readonly<Record<string, string>>,
): Promise<StaticOutcome> {
  const candidate = resolveStaticPath(root, pathname);
  if (candidate === null) return 'forbidden';
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = await Promise.all([realpath(candidate), realpath(root)]);
  } catch {
    return 'not-found';
  }
  if (!isInside(realRoot, real)) return 'forbidden';
  const info = await stat(real).catch(() => null);
  if (info === null || !info.isFile()) return 'not-found';
  res.writeHead(200, {
    ...headers,
    'Content-Type': contentTypeOf(real),
    'Content-Length': String(info.size),
  });
  if (headOnly) {
    res.end();
    return 'served';
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(real);
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    stream.on('end', resolve);
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
  return 'served';
}
