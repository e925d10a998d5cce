/**
 * The build context as a tar stream, made from exactly the entries that were hashed (what
 * `.dockerignore` keeps), with backpressure. Owners are 0:0 as the docker CLI sends them; symlinks
 * go as links. The Dockerfile and `.dockerignore` always go (the daemon needs them, and drops them
 * from COPY when they are excluded), like the docker CLI does. Small files are read whole, a few
 * ahead of the one being sent (one open and one read each: a context is mostly small files, and a
 * stream per file costs more than its bytes); large ones are streamed.
 */
import { createReadStream, lstatSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pack as tarPack, type Header, type Pack } from 'tar-stream';
import { HangarError } from '../../../shared/errors.js';
import type { ContextEntry } from './context-walker.js';

export interface ContextTarInput {
  root: string;
  entries: readonly ContextEntry[];
  /** Relative paths sent even when excluded (the Dockerfile, `.dockerignore`). */
  alwaysSend: readonly string[];
  signal?: AbortSignal;
}

/** Files up to this size are read whole; larger ones are streamed. */
const WHOLE_FILE_MAX = 1024 * 1024;
/** How many whole-file reads run ahead of the entry being sent. */
const READ_AHEAD = 16;

type TarSink = ReturnType<Pack['entry']>;

function headerOf(e: ContextEntry): Partial<Header> & Pick<Header, 'name'> {
  const mtime = new Date(Math.floor(e.mtimeMs));
  const common = { name: e.rel, mode: e.mode, mtime, uid: 0, gid: 0 };
  if (e.type === 'dir') return { ...common, type: 'directory' };
  if (e.type === 'symlink') return { ...common, type: 'symlink', linkname: e.linkTarget ?? '' };
  return { ...common, type: 'file', size: e.size };
}

function sizeMismatch(): Error {
  return new Error('size mismatch');
}

/** The first `size` bytes of a file; fails when it has fewer (it shrank since it was listed). */
async function readWhole(abs: string, size: number, signal?: AbortSignal): Promise<Buffer> {
  signal?.throwIfAborted();
  const buffer = Buffer.allocUnsafe(size);
  const file = await open(abs, 'r');
  try {
    let got = 0;
    while (got < size) {
      const { bytesRead } = await file.read(buffer, got, size - got, got);
      if (bytesRead === 0) throw sizeMismatch();
      got += bytesRead;
    }
    return buffer;
  } finally {
    await file.close();
  }
}

function isWhole(e: ContextEntry): boolean {
  return e.type === 'file' && e.size <= WHOLE_FILE_MAX;
}

/** Whole-file reads started ahead, in the entries' order. */
class ReadAhead {
  private readonly reads = new Map<number, Promise<Buffer>>();
  /** Entries before this index have had their read started (or need none). */
  private scanned = 0;

  constructor(
    private readonly entries: readonly ContextEntry[],
    private readonly signal?: AbortSignal,
  ) {}

  /** The content of entry `i` (a whole file), starting the reads of the next few. */
  take(i: number): Promise<Buffer> {
    for (; this.scanned < this.entries.length && this.reads.size < READ_AHEAD; this.scanned++) {
      const e = this.entries[this.scanned];
      if (!e || !isWhole(e) || e.size === 0) continue;
      const read = readWhole(e.abs, e.size, this.signal);
      read.catch(() => undefined); // reported when its entry is sent
      this.reads.set(this.scanned, read);
    }
    const read = this.reads.get(i);
    this.reads.delete(i);
    const e = this.entries[i];
    return read ?? (e ? readWhole(e.abs, e.size, this.signal) : Promise.reject(sizeMismatch()));
  }
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
function extras(input: ContextTarInput): ContextEntry[] {
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
      const all = [...input.entries, ...extras(input)];
      const ahead = new ReadAhead(all, input.signal);
      for (const [i, e] of all.entries()) {
        current = e.rel;
        if (e.type !== 'file') await addWhole(pack, e, null);
        else if (e.size === 0) await addWhole(pack, e, Buffer.alloc(0));
        else if (isWhole(e)) await addWhole(pack, e, await ahead.take(i));
        else await addStreamed(pack, e, input.signal);
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
