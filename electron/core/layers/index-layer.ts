/**
 * Indexes one layer tar as its bytes pass: every entry's path, type, mode, size, link target and
 * a digest of its content, and the whiteouts (`.wh.NAME`, `.wh..wh..opq`) as removals; the
 * sha256 of the whole (uncompressed) tar is the layer's diff id.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createGunzip } from 'node:zlib';
import { extract, type Header } from 'tar-stream';
import type {
  LayerEntry,
  LayerEntryType,
  LayerIndex,
  LayerRemoval,
} from '../../../shared/layers.js';

/** Bytes the layer's parser takes ahead of the entry being hashed. */
const INNER_BUFFER = 1024 * 1024;

function cleanPath(name: string): string {
  let p = name;
  while (p.startsWith('./')) p = p.slice(2);
  while (p.startsWith('/')) p = p.slice(1);
  while (p.endsWith('/')) p = p.slice(0, -1);
  return p === '.' ? '' : p;
}

function typeOf(header: Header): LayerEntryType {
  switch (header.type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'dir';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'other';
  }
}

/** Indexes one layer tar (its bytes, gzipped when `compressed`, arrive through `input`). */
export async function indexLayer(
  input: AsyncIterable<Buffer>,
  compressed: boolean,
  signal?: AbortSignal,
): Promise<LayerIndex> {
  const hash = createHash('sha256');
  let tarSize = 0;
  const inner = extract({ highWaterMark: INNER_BUFFER });
  const entries: LayerEntry[] = [];
  const removals: LayerRemoval[] = [];
  // Entries through tar-stream's `entry` event: each file's bytes go into its hash as they come,
  // and the next header is parsed once the entry has ended (no promise per entry or chunk).
  const consumed = new Promise<void>((resolve, reject) => {
    let open = 0;
    let closed = false;
    const settle = () => {
      if (closed && open === 0) resolve();
    };
    inner.on('entry', (header, stream, next) => {
      const path = cleanPath(header.name);
      const slash = path.lastIndexOf('/');
      const base = path.slice(slash + 1);
      open++;
      stream.on('error', reject);
      if (path === '' || base.startsWith('.wh.')) {
        const dir = slash < 0 ? '' : path.slice(0, slash);
        if (base === '.wh..wh..opq') removals.push({ kind: 'opaque', path: dir });
        else if (base.startsWith('.wh.') && !base.startsWith('.wh..wh.')) {
          const name = base.slice(4);
          removals.push({ kind: 'whiteout', path: dir === '' ? name : `${dir}/${name}` });
        }
        stream.on('end', () => {
          open--;
          next();
        });
        stream.resume();
        return;
      }
      const type = typeOf(header);
      const fh = type === 'file' ? createHash('sha256') : null;
      if (fh) stream.on('data', (chunk: unknown) => void fh.update(chunk as Buffer));
      stream.on('end', () => {
        entries.push({
          path,
          type,
          mode: header.mode & 0o7777,
          size: type === 'file' ? header.size : 0,
          link:
            type === 'symlink'
              ? header.linkname
              : type === 'hardlink'
                ? cleanPath(header.linkname)
                : null,
          digest: fh ? fh.digest('hex').slice(0, 16) : null,
        });
        open--;
        next();
        settle();
      });
      if (!fh) stream.resume();
    });
    inner.on('error', reject);
    inner.on('close', () => {
      closed = true;
      settle();
    });
  });
  // The tar's bytes go straight into the hash and the parser (no intermediate streams).
  const write = async (chunk: Buffer): Promise<void> => {
    signal?.throwIfAborted();
    hash.update(chunk);
    tarSize += chunk.length;
    if (!inner.write(chunk)) await once(inner, 'drain');
  };
  const feed = async (): Promise<void> => {
    if (!compressed) {
      for await (const chunk of input) await write(chunk);
    } else {
      const gunzip = createGunzip();
      const pump = (async () => {
        for await (const chunk of input) {
          if (!gunzip.write(chunk)) await once(gunzip, 'drain');
        }
        gunzip.end();
      })();
      pump.catch((err: unknown) =>
        gunzip.destroy(err instanceof Error ? err : new Error(String(err))),
      );
      for await (const chunk of gunzip as AsyncIterable<Buffer>) await write(chunk);
      await pump;
    }
    // streamx types `end`'s argument as required; with none it ends without writing.
    (inner as unknown as { end(): void }).end();
  };
  const fail = (err: unknown) => {
    inner.destroy(err instanceof Error ? err : new Error(String(err)));
    throw err;
  };
  await Promise.all([feed().catch(fail), consumed.catch(fail)]);
  return { diffId: `sha256:${hash.digest('hex')}`, tarSize, entries, removals };
}
