/**
 * The build context as a tar stream, made from exactly the entries that were hashed (what
 * `.dockerignore` keeps), streamed file by file with backpressure. Owners are 0:0 as the docker
 * CLI sends them; symlinks go as links. The Dockerfile and `.dockerignore` always go (the daemon
 * needs them, and drops them from COPY when they are excluded), like the docker CLI does.
 */
import { createReadStream, lstatSync } from 'node:fs';
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

type TarSink = ReturnType<Pack['entry']>;

function headerOf(e: ContextEntry): Partial<Header> & Pick<Header, 'name'> {
  const mtime = new Date(Math.floor(e.mtimeMs));
  const common = { name: e.rel, mode: e.mode, mtime, uid: 0, gid: 0 };
  if (e.type === 'dir') return { ...common, type: 'directory' };
  if (e.type === 'symlink') return { ...common, type: 'symlink', linkname: e.linkTarget ?? '' };
  return { ...common, type: 'file', size: e.size };
}

function waitFor(sink: TarSink, event: 'drain'): Promise<void> {
  return new Promise((resolve) => sink.once(event, () => resolve()));
}

async function addEntry(pack: Pack, e: ContextEntry, signal?: AbortSignal): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const sink = pack.entry(headerOf(e), (err?: Error | null) => (err ? reject(err) : resolve()));
    // Failures reach us through the callback or our own read; the sink's event is not the report.
    sink.on('error', () => undefined);
    if (e.type !== 'file') return;
    void (async () => {
      try {
        let sent = 0;
        if (e.size > 0) {
          const file = createReadStream(e.abs, { start: 0, end: e.size - 1, signal });
          for await (const chunk of file) {
            sent += (chunk as Buffer).byteLength;
            if (!sink.write(chunk as Buffer)) await waitFor(sink, 'drain');
          }
        }
        if (sent !== e.size) throw new Error('size mismatch');
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
      for (const e of [...input.entries, ...extras(input)]) {
        current = e.rel;
        await addEntry(pack, e, input.signal);
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
