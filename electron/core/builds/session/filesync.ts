/**
 * The sending side of fsutil's DiffCopy, as BuildKit's `moby.filesync.v1.FileSync/DiffCopy` calls
 * it: the call's metadata names a synced folder (`dir-name`) and may narrow it (`include-patterns`,
 * `followpaths`, `exclude-patterns`); the sender sends one STAT per entry in walk order (a folder
 * before what it holds, names in byte order within a folder), then an empty STAT; the receiver asks
 * for file contents by the STAT's index (REQ), each answered with DATA packets and an empty DATA;
 * the receiver's FIN is answered with FIN. What the daemon already holds from an earlier build of
 * the same shared key it does not ask for, so a cached rebuild sends only the STATs.
 *
 * A synced folder sends exactly its listed entries (the hashed workspace), plus the folders above
 * an entry that the list leaves out; owners are 0:0 as the docker CLI sends them.
 */
import { createReadStream } from 'node:fs';
import { readWholeSync, sizeMismatch, WHOLE_FILE_MAX } from '../../artifacts/context-tar.js';
import { SyncSlices } from '../../artifacts/file-digests.js';
import { ignoreRules } from '../../artifacts/ignore-rules.js';
import type { ContextEntry } from '../../artifacts/context-walker.js';
import {
  decodePacket,
  encodePacket,
  GoMode,
  PacketType,
  type PacketMessage,
  type StatMessage,
} from './fsutil-proto.js';
import type { GrpcCall, GrpcHandler } from './grpc-h2.js';

export const DIFF_COPY = '/moby.filesync.v1.FileSync/DiffCopy';

/** The bytes of file content per DATA packet (BuildKit's gRPC limit is 4 MiB a message). */
const CHUNK = 256 * 1024;

export interface SyncedDir {
  /** Relative `/`-separated paths are under this absolute folder. */
  root: string;
  entries: readonly ContextEntry[];
}

/** What the daemon asked for, per call. */
export interface SyncReport {
  dirName: string;
  stats: number;
  files: number;
  bytes: number;
}

/** Walk order: path segment by segment, byte order within a folder. */
export function walkOrder(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const x = as[i] ?? '';
    const y = bs[i] ?? '';
    if (x !== y) return Buffer.compare(Buffer.from(x), Buffer.from(y));
  }
  return as.length - bs.length;
}

function parentsOf(rel: string): string[] {
  const out: string[] = [];
  for (let i = rel.indexOf('/'); i !== -1; i = rel.indexOf('/', i + 1)) out.push(rel.slice(0, i));
  return out;
}

/**
 * The entries one call sends: those the include patterns and follow paths keep (all when there
 * are none) and the exclude patterns do not drop, with every folder above them, in walk order.
 */
export function selectEntries(
  entries: readonly ContextEntry[],
  patterns: { include: readonly string[]; exclude: readonly string[] },
): ContextEntry[] {
  const include = patterns.include.length > 0 ? ignoreRules(patterns.include.join('\n')) : null;
  const exclude = patterns.exclude.length > 0 ? ignoreRules(patterns.exclude.join('\n')) : null;
  const byRel = new Map(entries.map((e) => [e.rel, e]));
  const kept = new Map<string, ContextEntry>();
  for (const e of entries) {
    if (include && !include.ignores(e.rel)) continue;
    if (exclude?.ignores(e.rel)) continue;
    kept.set(e.rel, e);
  }
  for (const e of [...kept.values()]) {
    for (const dir of parentsOf(e.rel)) {
      if (kept.has(dir)) continue;
      const known = byRel.get(dir);
      kept.set(dir, known?.type === 'dir' ? known : syntheticDir(e, dir));
    }
  }
  return [...kept.values()].sort((a, b) => walkOrder(a.rel, b.rel));
}

function syntheticDir(child: ContextEntry, rel: string): ContextEntry {
  const abs = child.abs.slice(0, child.abs.length - (child.rel.length - rel.length));
  return { rel, abs, type: 'dir', mode: 0o755, size: 0, mtimeMs: 0, ino: 0, linkTarget: null };
}

function goMode(e: ContextEntry): number {
  let mode = e.mode & 0o777;
  if (e.mode & 0o4000) mode |= GoMode.setuid;
  if (e.mode & 0o2000) mode |= GoMode.setgid;
  if (e.mode & 0o1000) mode |= GoMode.sticky;
  if (e.type === 'dir') mode |= GoMode.dir;
  if (e.type === 'symlink') mode |= GoMode.symlink;
  return mode >>> 0;
}

/** Unix nanoseconds, as a decimal string (past 2^53). */
function modTimeNs(mtimeMs: number): string {
  const whole = Math.floor(mtimeMs);
  const fraction = Math.round((mtimeMs - whole) * 1e6);
  return (BigInt(whole) * 1_000_000n + BigInt(fraction)).toString();
}

export function statOf(e: ContextEntry): StatMessage {
  return {
    path: e.rel,
    mode: goMode(e),
    uid: 0,
    gid: 0,
    size: e.type === 'file' ? e.size : 0,
    modTime: modTimeNs(e.mtimeMs),
    linkname: e.type === 'symlink' ? (e.linkTarget ?? '') : '',
  };
}

function firstOf(call: GrpcCall, key: string): string | undefined {
  return call.metadata.get(key)?.[0];
}

function allOf(call: GrpcCall, key: string): string[] {
  return [...(call.metadata.get(key) ?? [])];
}

async function sendData(call: GrpcCall, id: number, content: Buffer): Promise<void> {
  for (let at = 0; at < content.byteLength; at += CHUNK) {
    const data = content.subarray(at, at + CHUNK);
    await call.send(encodePacket({ type: PacketType.DATA, ID: id, data }));
  }
}

/**
 * A file's content as DATA packets and the empty DATA that ends it. Files up to 1 MiB are read
 * whole and synchronously, in slices with a yield between them, as the context tar reads them;
 * larger ones are streamed.
 */
async function sendFile(
  call: GrpcCall,
  id: number,
  e: ContextEntry,
  slices: SyncSlices,
): Promise<number> {
  let sent = 0;
  try {
    if (e.size <= WHOLE_FILE_MAX) {
      await slices.next();
      const content = readWholeSync(e.abs, e.size);
      await sendData(call, id, content);
      sent = content.byteLength;
    } else {
      const file = createReadStream(e.abs, { start: 0, end: e.size - 1, highWaterMark: CHUNK });
      for await (const chunk of file) {
        sent += (chunk as Buffer).byteLength;
        await sendData(call, id, chunk as Buffer);
      }
      if (sent !== e.size) throw sizeMismatch();
    }
  } catch (err) {
    if ((err as Error).message !== sizeMismatch().message) throw err;
    throw new Error(`${e.rel} changed while the build context was being sent`, { cause: err });
  }
  await call.send(encodePacket({ type: PacketType.DATA, ID: id }));
  return sent;
}

/**
 * The DiffCopy handler for `dirs` (keyed by the names the daemon asks for: `context`,
 * `dockerfile`); `onReport` hears what each call sent.
 */
export function diffCopyHandler(
  dirs: ReadonlyMap<string, SyncedDir>,
  onReport: (report: SyncReport) => void,
): GrpcHandler {
  return async (call) => {
    const dirName = firstOf(call, 'dir-name') ?? '';
    const dir = dirs.get(dirName);
    if (!dir) throw new Error(`no access allowed to dir "${dirName}"`);
    const entries = selectEntries(dir.entries, {
      include: [...allOf(call, 'include-patterns'), ...allOf(call, 'followpaths')],
      exclude: allOf(call, 'exclude-patterns'),
    });
    const report: SyncReport = { dirName, stats: entries.length, files: 0, bytes: 0 };
    const slices = new SyncSlices();
    let queue = Promise.resolve();
    let fail: (err: unknown) => void = () => undefined;
    // A file that cannot be sent ends the call at once: the receiver would wait for it forever.
    const failed = new Promise<never>((_resolve, reject) => (fail = reject));
    failed.catch(() => undefined);
    const requests = (async () => {
      for await (const bytes of call.messages()) {
        const p: PacketMessage = decodePacket(bytes);
        if (p.type === PacketType.ERR) {
          throw new Error(`the daemon's receiver failed: ${Buffer.from(p.data ?? []).toString()}`);
        }
        if (p.type === PacketType.REQ) {
          const id = p.ID ?? 0;
          const e = entries[id];
          if (!e || e.type !== 'file')
            throw new Error(`the daemon asked for an unknown file ${id}`);
          queue = queue.then(async () => {
            report.bytes += await sendFile(call, id, e, slices);
            report.files++;
          });
          queue.catch(fail);
        }
        if (p.type === PacketType.FIN) {
          await queue;
          await call.send(encodePacket({ type: PacketType.FIN }));
          return;
        }
      }
      throw new Error('the daemon ended the file sync without FIN');
    })();
    const stats = (async () => {
      for (const e of entries) {
        await call.send(encodePacket({ type: PacketType.STAT, stat: statOf(e) }));
      }
      await call.send(encodePacket({ type: PacketType.STAT }));
    })();
    await Promise.race([Promise.all([stats, requests]), failed]);
    onReport(report);
  };
}
