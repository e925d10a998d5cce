import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ignoreRules, walkContext, type ContextEntry } from '../../artifacts/context-walker.js';
import { DIFF_COPY, diffCopyHandler, selectEntries, statOf, type SyncReport } from './filesync.js';
import {
  decodePacket,
  encodePacket,
  GoMode,
  PacketType,
  type PacketMessage,
} from './fsutil-proto.js';
import { frameMessage, readMessages, serveGrpc } from './grpc-h2.js';

let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'hangar-filesync-')));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(files: Record<string, string>): ContextEntry[] {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  return walkContext(root, ignoreRules(''));
}

const NONE = { include: [], exclude: [] };

describe('selectEntries', () => {
  it('puts a folder right before what it holds, names in byte order (a/ before a.txt)', () => {
    const entries = write({ 'a.txt': '1', 'a/b': '2', B: '3', 'a/c/d': '4' });
    expect(selectEntries(entries, NONE).map((e) => e.rel)).toEqual([
      'B',
      'a',
      'a/b',
      'a/c',
      'a/c/d',
      'a.txt',
    ]);
  });

  it('keeps what the include patterns name, with the folders above it', () => {
    const entries = write({ 'build/Dockerfile': 'FROM x', 'build/other': '', 'src/a': '' });
    const picked = selectEntries(entries, {
      include: ['build/Dockerfile', 'build/Dockerfile.dockerignore'],
      exclude: [],
    });
    expect(picked.map((e) => e.rel)).toEqual(['build', 'build/Dockerfile']);
  });

  it('drops what the exclude patterns name, and adds a folder the list left out', () => {
    const entries = write({ 'keep/x': '', '.dockerignore': 'x', 'y.log': '' }).filter(
      (e) => e.rel !== 'keep',
    );
    const picked = selectEntries(entries, { include: [], exclude: ['*.log', '.dockerignore'] });
    expect(picked.map((e) => [e.rel, e.type])).toEqual([
      ['keep', 'dir'],
      ['keep/x', 'file'],
    ]);
  });
});

describe('statOf', () => {
  it("gives Go's file mode bits, owners 0:0 and the mtime in nanoseconds", () => {
    const entries = write({ 'd/f': 'abc' });
    symlinkSync('f', path.join(root, 'd/l'));
    const all = walkContext(root, ignoreRules(''));
    const byRel = new Map(all.map((e) => [e.rel, e]));
    const dir = statOf(byRel.get('d')!);
    expect(dir.mode).toBe((GoMode.dir | (byRel.get('d')!.mode & 0o777)) >>> 0);
    const link = statOf(byRel.get('d/l')!);
    expect(link).toMatchObject({ linkname: 'f', size: 0 });
    expect(link.mode & GoMode.symlink).toBe(GoMode.symlink);
    const file = statOf({ ...byRel.get('d/f')!, mode: 0o4755, mtimeMs: 1_700_000_000_123.5 });
    expect(file).toMatchObject({ path: 'd/f', uid: 0, gid: 0, size: 3 });
    expect(file.mode).toBe((GoMode.setuid | 0o755) >>> 0);
    expect(file.modTime).toBe('1700000000123500000');
    expect(entries).toHaveLength(2);
  });
});

describe('readMessages', () => {
  it('splits messages across chunk boundaries and refuses a cut-off one', async () => {
    const framed = Buffer.concat([
      frameMessage(Buffer.from('one')),
      frameMessage(Buffer.from('two!')),
    ]);
    const chunks = async function* (parts: Buffer[]) {
      yield* parts;
    };
    const got: string[] = [];
    for await (const m of readMessages(
      chunks([framed.subarray(0, 4), framed.subarray(4, 10), framed.subarray(10)]),
    )) {
      got.push(Buffer.from(m).toString());
    }
    expect(got).toEqual(['one', 'two!']);
    await expect(async () => {
      for await (const m of readMessages(chunks([framed.subarray(0, 6)]))) void m;
    }).rejects.toThrow(/ended inside a message/);
  });

  it('joins a large message from many chunks, with the next message in its last chunk', async () => {
    const big = Buffer.alloc(300_000);
    for (let i = 0; i < big.length; i++) big[i] = i % 251;
    const framed = Buffer.concat([frameMessage(big), frameMessage(Buffer.from('next'))]);
    const parts: Buffer[] = [];
    for (let at = 0; at < framed.length; at += 16_384) parts.push(framed.subarray(at, at + 16_384));
    const chunks = async function* (list: Buffer[]) {
      yield* list;
    };
    const got: Buffer[] = [];
    for await (const m of readMessages(chunks(parts))) got.push(Buffer.from(m));
    expect(got).toHaveLength(2);
    expect(got[0]?.equals(big)).toBe(true);
    expect(got[1]?.toString()).toBe('next');
    await expect(async () => {
      for await (const m of readMessages(chunks(parts.slice(0, 5)))) void m;
    }).rejects.toThrow(/ended inside a message/);
  });
});

/** Calls DiffCopy over a real HTTP/2 connection as the daemon does; `ask` picks the REQs. */
async function diffCopy(
  entries: readonly ContextEntry[],
  metadata: Record<string, string>,
  ask: (stats: PacketMessage[]) => number[],
) {
  const reports: SyncReport[] = [];
  const handlers = new Map([
    [DIFF_COPY, diffCopyHandler(new Map([['context', { root, entries }]]), (r) => reports.push(r))],
  ]);
  const server = net.createServer((socket) => serveGrpc(socket, handlers, () => undefined));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  const client = http2.connect(`http://127.0.0.1:${port}`);
  try {
    const stream = client.request({
      ':method': 'POST',
      ':path': DIFF_COPY,
      'content-type': 'application/grpc',
      te: 'trailers',
      ...metadata,
    });
    const trailers = new Promise<http2.IncomingHttpHeaders>((r) => stream.on('trailers', r));
    const stats: PacketMessage[] = [];
    const data = new Map<number, Buffer[]>();
    let fin = false;
    for await (const bytes of readMessages(
      stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>,
    )) {
      const p = decodePacket(bytes);
      if (p.type === PacketType.STAT && p.stat) stats.push(p);
      else if (p.type === PacketType.STAT) {
        const wanted = ask(stats);
        for (const id of wanted)
          stream.write(frameMessage(encodePacket({ type: PacketType.REQ, ID: id })));
        if (wanted.length === 0) stream.write(frameMessage(encodePacket({ type: PacketType.FIN })));
      } else if (p.type === PacketType.DATA) {
        const list = data.get(p.ID ?? 0) ?? [];
        list.push(Buffer.from(p.data ?? []));
        data.set(p.ID ?? 0, list);
        const ended = (p.data ?? []).length === 0;
        if (ended && [...data.keys()].length === ask(stats).length) {
          stream.write(frameMessage(encodePacket({ type: PacketType.FIN })));
        }
      } else if (p.type === PacketType.FIN) {
        fin = true;
        stream.end();
      }
    }
    return { stats, data, fin, trailers: await trailers, reports };
  } finally {
    client.close();
    server.close();
  }
}

describe('DiffCopy over HTTP/2', () => {
  it('sends the stats, then the files asked for, answers FIN and ends with grpc-status 0', async () => {
    const entries = write({ 'src/a.txt': 'hello', 'b.txt': 'bee' });
    const out = await diffCopy(entries, { 'dir-name': 'context' }, (stats) =>
      stats.flatMap((p, i) => (p.stat?.path === 'src/a.txt' ? [i] : [])),
    );
    expect(out.stats.map((p) => p.stat?.path)).toEqual(['b.txt', 'src', 'src/a.txt']);
    expect(
      [...out.data.entries()].map(([id, parts]) => [id, Buffer.concat(parts).toString()]),
    ).toEqual([[2, 'hello']]);
    expect(out.fin).toBe(true);
    expect(out.trailers['grpc-status']).toBe('0');
    expect(out.reports).toEqual([{ dirName: 'context', stats: 3, files: 1, bytes: 5 }]);
  });

  it('ends with an error status for a folder it does not serve', async () => {
    const out = await diffCopy(write({ a: '' }), { 'dir-name': 'elsewhere' }, () => []);
    expect(out.stats).toEqual([]);
    expect(out.trailers['grpc-status']).toBe('2');
    expect(decodeURIComponent(String(out.trailers['grpc-message']))).toMatch(
      /no access allowed to dir "elsewhere"/,
    );
  });
});
