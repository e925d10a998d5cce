/**
 * Images in and out of the engine without a registry: `docker save` (`GET /images/get?names=…`)
 * as a stream the caller writes where it wants (a file, stdout, an HTTP download), and `docker
 * load` (`POST /images/load`) from a stream (a file, an HTTP upload), both on the engine's client
 * without an idle timeout and never held whole in memory. A load reports the tags and ids the
 * engine says it loaded, and nothing else: a load that fails midway reports no image as loaded.
 */
import { PassThrough, Transform, type Readable } from 'node:stream';
import { HangarError } from '../../../shared/errors.js';
import type { LoadResult } from '../../../shared/actions.js';
import type { DockerClient } from '../engine/docker-client.js';
import { toHangarError } from '../errors.js';

export interface TransferDeps {
  /** The engine's client for ordinary calls. */
  client(): DockerClient;
  /** The engine's client without an idle timeout (a save or load can be quiet for long). */
  streamClient(): DockerClient;
}

export interface SaveStream {
  /** The archive: a tar, as `docker save` writes it. */
  stream: Readable;
  /** The images' sizes added up (shared layers counted once per image): for progress only. */
  approxBytes: number;
  /** The ids of the images asked for, in order. */
  ids: string[];
}

export interface LoadProgress {
  /** Bytes of the archive sent to the engine so far. */
  sent: number;
  /** One line: `Loading layer 3f2a…`, `Loaded image: app:1`. */
  message: string;
}

/** What an image archive starts with: a tar header (`ustar` at 257), or a compression docker load reads. */
export function archiveKind(head: Buffer): 'tar' | 'gzip' | 'bzip2' | 'xz' | 'zstd' | null {
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2';
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  if (head.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))) return 'zstd';
  return null;
}

export const NOT_AN_ARCHIVE =
  'is not an image archive: docker load takes the tar that docker save (or hangar save) writes, optionally gzip, bzip2, xz or zstd compressed.';

/** Opens `docker save` of `names` (ids or references, each checked to exist first). */
export async function openSave(
  deps: TransferDeps,
  names: readonly string[],
  signal?: AbortSignal,
): Promise<SaveStream> {
  if (names.length === 0) throw new HangarError('VALIDATION', 'Name at least one image to save.');
  const ids: string[] = [];
  let approxBytes = 0;
  for (const name of names) {
    try {
      const info = await deps.client().getImage(name).inspect();
      ids.push(info.Id ?? name);
      approxBytes += info.Size ?? 0;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) {
        throw new HangarError('NOT_FOUND', `No image ${name} to save.`);
      }
      throw toHangarError(err);
    }
  }
  let stream: NodeJS.ReadableStream;
  try {
    stream = await deps.streamClient().getImages({ names: [...names], abortSignal: signal });
  } catch (err) {
    throw toHangarError(err);
  }
  return { stream: stream as Readable, approxBytes, ids };
}

interface LoadLine {
  stream?: string;
  status?: string;
  id?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * Loads an archive into the engine. `source` is read once, as it comes; its first bytes must look
 * like an archive or nothing is sent. Resolves with what the engine loaded; a failure anywhere
 * (a truncated archive, an engine error inside the stream) throws and reports nothing loaded.
 */
export async function loadArchive(
  deps: TransferDeps,
  source: Readable,
  what: string,
  options: { signal?: AbortSignal; onProgress?: (p: LoadProgress) => void } = {},
): Promise<LoadResult> {
  const head = await peek(source, 512);
  if (archiveKind(head.bytes) === null) {
    source.destroy();
    throw new HangarError('VALIDATION', `${what} ${NOT_AN_ARCHIVE}`);
  }
  let sent = 0;
  let message = 'Sending the archive';
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      sent += chunk.length;
      options.onProgress?.({ sent, message });
      done(null, chunk);
    },
  });
  const body = head.rest.pipe(counter);
  head.rest.on('error', (err) => counter.destroy(err));
  let answer: NodeJS.ReadableStream;
  try {
    answer = await deps
      .streamClient()
      .loadImage(body, { quiet: false, abortSignal: options.signal });
  } catch (err) {
    options.signal?.throwIfAborted();
    throw loadError(what, toHangarError(err).message);
  }
  const tags: string[] = [];
  const ids: string[] = [];
  let error: string | null = null;
  let buffer = '';
  const feed = (text: string) => {
    if (!text.trim()) return;
    let line: LoadLine;
    try {
      line = JSON.parse(text) as LoadLine;
    } catch {
      return;
    }
    const err = line.errorDetail?.message ?? line.error;
    if (err) error = err;
    const said = (line.stream ?? '').trim();
    const tag = /^Loaded image: (.+)$/.exec(said);
    const id = /^Loaded image ID: (sha256:[a-f0-9]{64})$/.exec(said);
    if (tag?.[1]) tags.push(tag[1]);
    if (id?.[1]) ids.push(id[1]);
    if (said) message = said;
    else if (line.status) message = line.id ? `${line.status} ${line.id}` : line.status;
    options.onProgress?.({ sent, message });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      answer.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const l of lines) feed(l);
      });
      answer.on('end', () => resolve());
      answer.on('error', reject);
      counter.on('error', reject);
    });
  } catch (err) {
    options.signal?.throwIfAborted();
    throw loadError(what, err instanceof Error ? err.message : String(err));
  }
  feed(buffer);
  if (error !== null) throw loadError(what, error);
  if (tags.length === 0 && ids.length === 0) {
    throw new HangarError('VALIDATION', `${what} ${NOT_AN_ARCHIVE} The engine loaded nothing.`);
  }
  return { tags, ids, bytes: sent };
}

function loadError(what: string, said: string): HangarError {
  if (/manifest\.json|repositories|invalid tar header|unexpected EOF|archive\/tar/i.test(said)) {
    return new HangarError(
      'VALIDATION',
      `Loading ${what} failed: it is cut short or not an image archive (${said}). No image from it was loaded.`,
    );
  }
  return new HangarError(
    'INTERNAL',
    `Loading ${what} failed: ${said}. No image from it was loaded.`,
  );
}

/** Reads at least `n` bytes (or to the end) and gives them back with a stream of the whole. */
async function peek(source: Readable, n: number): Promise<{ bytes: Buffer; rest: Readable }> {
  const chunks: Buffer[] = [];
  let length = 0;
  await new Promise<void>((resolve, reject) => {
    const cleanup = () => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
    };
    const onData = (chunk: Buffer | string) => {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      chunks.push(buf);
      length += buf.length;
      if (length >= n) {
        source.pause();
        cleanup();
        resolve();
      }
    };
    const onEnd = () => {
      cleanup();
      resolve();
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    source.on('data', onData);
    source.on('end', onEnd);
    source.on('error', onError);
  });
  const bytes = Buffer.concat(chunks);
  const rest = new PassThrough();
  rest.write(bytes);
  if (source.readableEnded) rest.end();
  else {
    source.on('error', (err) => rest.destroy(err));
    source.pipe(rest);
  }
  return { bytes, rest };
}

/** Save and load as the core hands them to its hosts (the CLI, the web host). */
export interface ImageTransfer {
  save(names: readonly string[], signal?: AbortSignal): Promise<SaveStream>;
  load(
    source: Readable,
    what: string,
    options?: { signal?: AbortSignal; onProgress?: (p: LoadProgress) => void },
  ): Promise<LoadResult>;
}

export function imageTransfer(deps: TransferDeps): ImageTransfer {
  return {
    save: (names, signal) => openSave(deps, names, signal),
    load: (source, what, options) => loadArchive(deps, source, what, options),
  };
}
