/**
 * Reads a `docker save` stream (Docker's legacy layout, its OCI layout, and Podman's) once, front to
 * back: JSON files (manifest.json, image configs) are kept, and every layer blob is indexed as it
 * passes (gunzipped when its first bytes are gzip's magic), with the sha256 of its uncompressed
 * tar as its diff id. A blob named by a diff id the caller already holds is skipped unread.
 *
 * The result holds only whole layers: a stream that ends early or is not a tar rejects with an
 * error in words, and nothing half-read is returned.
 */
import { extract } from 'tar-stream';
import { HangarError } from '../../../shared/errors.js';
import type { LayerIndex } from '../../../shared/layers.js';
import { archiveKind } from '../images/image-transfer.js';
import { indexLayer } from './index-layer.js';

/** JSON files larger than this are not configs or manifests, and are not kept. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

export interface SaveContents {
  /** Every JSON file of the archive (manifest.json, configs, index.json), by entry name. */
  json: Map<string, unknown>;
  /** Indexed layers, by the archive entry name that held them. */
  layersByEntry: Map<string, LayerIndex>;
  /** Entry names skipped because they name a diff id in `known`, with that diff id. */
  skipped: Map<string, string>;
}

export interface ReadSaveOptions {
  /** Diff ids (`sha256:…`) already indexed: a blob named by one is not indexed again. */
  known?: ReadonlySet<string>;
  /** The diff id of a legacy layer name (a v1 id) read before, if any. */
  legacyDiffId?: (v1Id: string) => string | null;
  signal?: AbortSignal;
  /** Called with the bytes of the archive read so far. */
  onBytes?: (bytes: number) => void;
  /** Called when a layer has been indexed. */
  onLayer?: (layer: LayerIndex) => void;
}

/**
 * Bytes the archive's parser takes ahead of what has been indexed: enough that the engine keeps
 * writing while a layer's entries are hashed, instead of stopping at every chunk.
 */
const OUTER_BUFFER = 4 * 1024 * 1024;

/**
 * The diff id a layer's name spells: Docker's OCI layout (`blobs/sha256/<hex>`, the digest of an
 * uncompressed blob) and Podman's archive (`<hex>.tar`). Docker's legacy layout names a layer by
 * its v1 id (`<hex>/layer.tar`), which is no diff id: see `legacyLayerName`.
 */
export function digestInName(name: string): string | null {
  const m = /^(?:blobs\/sha256\/([0-9a-f]{64})|([0-9a-f]{64})\.tar)$/.exec(name);
  const hex = m?.[1] ?? m?.[2];
  return hex ? `sha256:${hex}` : null;
}

/**
 * The v1 id of a layer in Docker's legacy layout (`<hex>/layer.tar`), or null. A v1 id covers the
 * layer's chain (its content and everything below), so once read it can stand for its diff id.
 */
export function legacyLayerName(name: string): string | null {
  return /^([0-9a-f]{64})\/layer\.tar$/.exec(name)?.[1] ?? null;
}

/** Bytes read from the front of an entry to tell what it is: a tar block, `ustar` at 257–262. */
const SNIFF_BYTES = 512;

/**
 * Reads at least `SNIFF_BYTES` of an entry (all of it when shorter) and hands back the chunks, those
 * first: an entry's first chunk can be a few bytes where the archive's chunks happen to split it.
 */
async function peek(
  source: AsyncIterable<Buffer>,
): Promise<{ first: Buffer; rest: AsyncIterator<Buffer> }> {
  const it = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let have = 0;
  while (have < SNIFF_BYTES) {
    const r = await it.next();
    if (r.done) break;
    head.push(r.value);
    have += r.value.length;
  }
  return { first: head.length === 1 ? (head[0] as Buffer) : Buffer.concat(head), rest: it };
}

/** The chunks of an entry, `first` (already read) first, without a generator per chunk. */
function replay(first: Buffer, rest: AsyncIterator<Buffer>): AsyncIterable<Buffer> {
  let sent = first.length === 0;
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        if (sent) return rest.next();
        sent = true;
        return Promise.resolve({ done: false, value: first });
      },
    }),
  };
}

/** Turns a failure of the stream into an error in words (or CANCELLED). */
export function saveReadError(err: unknown, what: string, signal?: AbortSignal): HangarError {
  if (signal?.aborted) return new HangarError('CANCELLED', 'Cancelled.');
  if (err instanceof HangarError) return err;
  const said = err instanceof Error ? err.message : String(err);
  return new HangarError(
    'INTERNAL',
    `Could not read the saved image ${what}: the stream from the engine ended early or is not a valid tar (${said}). Nothing from this read was stored.`,
    said,
  );
}

/** Reads a whole `docker save` stream. */
export async function readSave(
  source: NodeJS.ReadableStream,
  what: string,
  options: ReadSaveOptions = {},
): Promise<SaveContents> {
  const { known, signal, onBytes, onLayer, legacyDiffId } = options;
  const json = new Map<string, unknown>();
  const layersByEntry = new Map<string, LayerIndex>();
  const skipped = new Map<string, string>();
  let bytes = 0;
  const outer = extract({ highWaterMark: OUTER_BUFFER });
  // The archive's chunks as they arrive ('data', paused while the parser is full): an async
  // iterator over the response would join whatever it had buffered into a new Buffer each time.
  const feed = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const resume = () => source.resume();
      source.on('data', (chunk: Buffer) => {
        if (signal?.aborted) return reject(signal.reason);
        bytes += chunk.length;
        onBytes?.(bytes);
        if (!outer.write(chunk)) {
          source.pause();
          outer.once('drain', resume);
        }
      });
      source.once('end', () => {
        (outer as unknown as { end(): void }).end();
        resolve();
      });
      source.once('error', reject);
    });
  const consume = async (): Promise<void> => {
    for await (const entry of outer) {
      const { name, type, size } = entry.header;
      if (type !== 'file' && type !== 'contiguous-file') {
        entry.resume();
        continue;
      }
      const legacy = legacyLayerName(name);
      const named =
        digestInName(name) ?? (legacy !== null ? (legacyDiffId?.(legacy) ?? null) : null);
      if (named && known?.has(named)) {
        skipped.set(name, named);
        entry.resume();
        await new Promise<void>((resolve, reject) => {
          entry.once('end', resolve);
          entry.once('error', reject);
        });
        continue;
      }
      const { first, rest } = await peek(entry as AsyncIterable<Buffer>);
      const kind = archiveKind(first);
      if (kind === 'zstd') {
        throw new HangarError(
          'INTERNAL',
          `The saved image ${what} holds a zstd-compressed layer (${name}), which Hangar cannot read yet.`,
        );
      }
      if (kind === 'tar' || kind === 'gzip') {
        const layer = await indexLayer(replay(first, rest), kind === 'gzip', signal);
        layersByEntry.set(name, layer);
        onLayer?.(layer);
        continue;
      }
      const chunks: Buffer[] = [];
      let kept = 0;
      for await (const chunk of replay(first, rest)) {
        kept += chunk.length;
        if (kept <= MAX_JSON_BYTES) chunks.push(chunk);
      }
      if (size > MAX_JSON_BYTES || (first[0] !== 0x7b /* { */ && first[0] !== 0x5b) /* [ */)
        continue;
      try {
        json.set(name, JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        // not JSON after all (a VERSION file, a `repositories` oddity): not needed
      }
    }
  };
  try {
    const fail = (err: unknown) => {
      outer.destroy(err instanceof Error ? err : new Error(String(err)));
      (source as { destroy?: () => void }).destroy?.();
      throw err;
    };
    await Promise.all([feed().catch(fail), consume().catch(fail)]);
  } catch (err) {
    throw saveReadError(err, what, signal);
  }
  return { json, layersByEntry, skipped };
}
