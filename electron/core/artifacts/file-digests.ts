/**
 * Content digests of a context's files: memoized ones (same path, size, mtime and inode as when
 * they were hashed) are taken as they are; the rest are read and hashed, streamed through one
 * reused buffer. Reads are synchronous in slices of a few milliseconds with a yield between them:
 * on 10,000 small files that is 2.5× faster than promise-based reads (each costs four thread-pool
 * round trips), and the event loop still answers between slices.
 *
 * A file modified within the racy window before hashing began is not memoized: a second change
 * within the file system's timestamp granularity could otherwise go unseen.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { FileStamp, MemoRow } from '../store/memo-repo.js';
import { sha256 } from './artifact-key.js';
import type { ContextEntry } from './context-walker.js';

/** Coarse file system clocks (ext3, HFS+, FAT) count in seconds; stay clear of them. */
export const RACY_WINDOW_MS = 2_000;
/** Longest stretch of synchronous reading before yielding to the event loop. */
const SLICE_MS = 8;
const BUFFER_BYTES = 1024 * 1024;

export interface DigestOptions {
  /** Unix ms when hashing began (for the racy window). */
  startedAt: number;
  signal?: AbortSignal;
}

export interface DigestResult {
  /** Per entry, in order: content for files, the link target for symlinks, '' for folders. */
  digests: string[];
  /** Rows to memoize (files read now, outside the racy window). */
  fresh: MemoRow[];
  filesRead: number;
  bytesRead: number;
}

export function stampOf(e: ContextEntry): FileStamp {
  return { size: e.size, mtimeMs: e.mtimeMs, ino: e.ino };
}

let shared: Buffer | null = null;

/** sha256 of a file's content, read through one reused buffer; returns [hex, bytes read]. */
export function hashFileSync(abs: string): [string, number] {
  shared ??= Buffer.allocUnsafe(BUFFER_BYTES);
  const buf = shared;
  const h = createHash('sha256');
  const fd = openSync(abs, 'r');
  let total = 0;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
    }
  } finally {
    closeSync(fd);
  }
  return [h.digest('hex'), total];
}

/** Big files are read asynchronously (large reads, so few round trips), never blocking long. */
const BIG_FILE_BYTES = 16 * 1024 * 1024;

async function hashFileAsync(abs: string, signal?: AbortSignal): Promise<[string, number]> {
  const h = createHash('sha256');
  const buf = Buffer.allocUnsafe(4 * BUFFER_BYTES);
  const file = await open(abs, 'r');
  let total = 0;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await file.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
      total += bytesRead;
    }
  } finally {
    await file.close();
  }
  return [h.digest('hex'), total];
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Synchronous work in slices: `next()` returns at once within a slice of `SLICE_MS`, and past it
 * yields to the event loop (then fails if `signal` was aborted) and starts a new slice.
 */
export class SyncSlices {
  private start = performance.now();

  constructor(private readonly signal?: AbortSignal) {}

  async next(): Promise<void> {
    if (performance.now() - this.start <= SLICE_MS) return;
    await yieldToLoop();
    this.signal?.throwIfAborted();
    this.start = performance.now();
  }
}

export async function digestEntries(
  entries: readonly ContextEntry[],
  memo: ReadonlyMap<string, MemoRow>,
  options: DigestOptions,
): Promise<DigestResult> {
  const digests: string[] = new Array<string>(entries.length);
  const fresh: MemoRow[] = [];
  const racyFrom = options.startedAt - RACY_WINDOW_MS;
  let filesRead = 0;
  let bytesRead = 0;
  const slices = new SyncSlices(options.signal);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as ContextEntry;
    if (e.type === 'dir') {
      digests[i] = '';
      continue;
    }
    if (e.type === 'symlink') {
      digests[i] = sha256(`link\0${e.linkTarget ?? ''}`);
      continue;
    }
    const m = memo.get(e.abs);
    if (m && m.size === e.size && m.mtimeMs === e.mtimeMs && m.ino === e.ino) {
      digests[i] = m.digest;
      continue;
    }
    await slices.next();
    const [digest, n] =
      e.size > BIG_FILE_BYTES ? await hashFileAsync(e.abs, options.signal) : hashFileSync(e.abs);
    filesRead++;
    bytesRead += n;
    digests[i] = digest;
    // A file whose size changed while it was read is hashed as read but not memoized.
    if (e.mtimeMs < racyFrom && n === e.size) fresh.push({ path: e.abs, digest, ...stampOf(e) });
  }
  return { digests, fresh, filesRead, bytesRead };
}
