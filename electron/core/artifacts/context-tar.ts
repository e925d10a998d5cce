/**
 * The build context as a tar stream, made from exactly the entries that were hashed (what
 * `.dockerignore` keeps), with backpressure. Owners are 0:0 as the docker CLI sends them; symlinks
 * go as links. The Dockerfile and `.dockerignore` always go (the daemon needs them, and drops them
 * from COPY when they are excluded), like the docker CLI does. Files up to 1 MiB are read whole
 * and synchronously, in slices of a few milliseconds with a yield between them, as the hasher reads
 * (a context is mostly small files: a read stream, or promise-based reads, per file cost more than
 * their bytes); larger ones are streamed.
 */
import { closeSync, createReadStream, lstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pack as tarPack, type Header, type Pack } from 'tar-stream';
import { HangarError } from '../../../shared/errors.js';
import type { ContextEntry } from './context-walker.js';
import { SyncSlices } from './file-digests.js';

export interface ContextTarInput {
  root: string;
  entries: readonly ContextEntry[];
  /** Relative paths sent even when excluded (the Dockerfile, `.dockerignore`). */
  alwaysSend: readonly string[];
  signal?: AbortSignal;
}

/** Files up to this size are read whole; larger ones are streamed. */
export const WHOLE_FILE_MAX = 1024 * 1024;

type TarSink = ReturnType<Pack['entry']>;

function headerOf(e: ContextEntry): Partial<Header> & Pick<Header, 'name'> {
  const mtime = new Date(Math.floor(e.mtimeMs));
  const common = { name: e.rel, mode: e.mode, mtime, uid: 0, gid: 0 };
  if (e.type === 'dir') return { ...common, type: 'directory' };
  if (e.type === 'symlink') return { ...common, type: 'symlink', linkname: e.linkTarget ?? '' };
  return { ...common, type: 'file', size: e.size };
}

export function sizeMismatch(): Error {
  return new Error('size mismatch');
}

/** The first `size` bytes of a file; fails when it has fewer (it shrank since it was listed). */
export function readWholeSync(abs: string, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  const fd = openSync(abs, 'r');
  try {
    let got = 0;
    while (got < size) {
      const n = readSync(fd, buffer, got, size - got, got);
      if (n === 0) throw sizeMismatch();
      got += n;
    }
    return buffer;
  } finally {
    closeSync(fd);
  }
}

function isWhole(e: ContextEntry): boolean {
  return e.type === 'file' && e.size <= WHOLE_FILE_MAX;
}

function waitFor(sink: TarSink, event: 'drain'): Promise<void> {
  return new Promise((resolve) => sink.once(event, () => resolve()));
}

/** Adds an entry whose content (if any) is in memory; resolves once the pack took it. */
function addWhole(pack: Pack, e: ContextEntry, content: Buffer | null): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (err?: Error | null) => (err ? reject(err) : resolve());
    if (content === null) pack.entry(headerOf(e), done).on('error', () => undefined);
    else pack.entry(headerOf(e), content, done).on('error', () => undefined);
  });
}

/** Adds a large file, streamed with backpressure. */
async function addStreamed(pack: Pack, e: ContextEntry, signal?: AbortSignal): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const sink = pack.entry(headerOf(e), (err?: Error | null) => (err ? reject(err) : resolve()));
    // Failures reach us through the callback or our own read; the sink's event is not the report.
    sink.on('error', () => undefined);
    void (async () => {
      try {
        let sent = 0;
        const file = createReadStream(e.abs, {
          start: 0,
          end: e.size - 1,
          signal,
          highWaterMark: WHOLE_FILE_MAX,
        });
        for await (const chunk of file) {
          sent += (chunk as Buffer).byteLength;
          if (!sink.write(chunk as Buffer)) await waitFor(sink, 'drain');
        }
        if (sent !== e.size) throw sizeMismatch();
        sink.end(null);
      } catch (err) {
        // The caller destroys the whole pack with an error that names the file.
        reject(err as Error);
      }
    })();
  });
}

/** The extra entries to send: `alwaysSend` paths that the walk excluded. */
export function alwaysSentExtras(input: Omit<ContextTarInput, 'signal'>): ContextEntry[] {
  const listed = new Set(input.entries.map((e) => e.rel));
  const out: ContextEntry[] = [];
  for (const rel of input.alwaysSend) {
    if (listed.has(rel)) continue;
    const abs = path.join(input.root, ...rel.split('/'));
    try {
      const st = lstatSync(abs);
      if (!st.isFile()) continue;
      out.push({
        rel,
        abs,
        type: 'file',
        mode: st.mode & 0o7777,
        size: st.size,
        mtimeMs: st.mtimeMs,
        ino: st.ino,
        linkTarget: null,
      });
    } catch {
      // not there: nothing to send
    }
  }
  return out;
}

/** A Node readable of the context tar; it errors (naming the file) if a file changes meanwhile. */
export function contextTar(input: ContextTarInput): Readable {
  const pack = tarPack();
  void (async () => {
    let current = '';
    try {
      const all = [...input.entries, ...alwaysSentExtras(input)];
      const slices = new SyncSlices(input.signal);
      for (const e of all) {
        current = e.rel;
        if (e.type !== 'file') await addWhole(pack, e, null);
        else if (e.size === 0) await addWhole(pack, e, Buffer.alloc(0));
        else if (isWhole(e)) {
          await slices.next();
          await addWhole(pack, e, readWholeSync(e.abs, e.size));
        } else await addStreamed(pack, e, input.signal);
      }
      pack.finalize();
    } catch (err) {
      const why = (err as Error).message;
      pack.destroy(
        /size mismatch/i.test(why)
          ? new HangarError(
              'CONFLICT_IN_USE',
              `${current} changed while the build context was being sent; build again.`,
            )
          : new HangarError('INTERNAL', `Cannot send ${current} in the build context: ${why}`),
      );
    }
  })();
  return Readable.from(pack);
}
