import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventSink } from '../../shared/contract.js';
import { EventStreamSession, sseFrame, type EventStreamLimits } from './event-stream.js';

/** A core that only lets sessions subscribe, and sends events to them. */
class FakeCore {
  readonly sinks = new Set<EventSink>();
  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }
  /** A 64 KiB `index:delta`, `n` times. */
  flood(n: number): void {
    const payload = { version: 1, upserts: [], removals: ['x'.repeat(64 * 1024)] };
    for (let i = 0; i < n; i++) for (const sink of this.sinks) sink('index:delta', payload);
  }
}

interface Opened {
  session: EventStreamSession;
  res: ServerResponse;
}

let server: Server | null = null;
let client: Socket | null = null;

afterEach(async () => {
  client?.destroy();
  client = null;
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A session on a real connection whose client sends its request and then never reads. */
async function openToNonReader(core: FakeCore, limits: EventStreamLimits) {
  const closed: EventStreamSession[] = [];
  const opened = new Promise<Opened>((resolve) => {
    server = createServer((_req, res) => {
      resolve({ session: new EventStreamSession(res, core, limits, (s) => closed.push(s)), res });
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server?.address() as AddressInfo;
  client = connect(port, '127.0.0.1', () => {
    client?.write('GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    client?.pause();
  });
  return { ...(await opened), closed };
}

describe('EventStreamSession', () => {
  it('frames an event as one event line and one data line', () => {
    expect(sseFrame('index:delta', { a: 'b\nc' })).toBe(
      'event: index:delta\ndata: {"a":"b\\nc"}\n\n',
    );
  });

  it('drops a client that leaves its buffer full past stallMs, and frees the buffer', async () => {
    const core = new FakeCore();
    const limits = { heartbeatMs: 60_000, stallMs: 50, maxBufferedBytes: 1024 ** 3 };
    const { session, res, closed } = await openToNonReader(core, limits);
    core.flood(200); // 12.5 MiB: more than the kernel's socket buffers take
    expect(res.writableLength).toBeGreaterThan(1024 * 1024);
    expect(session.isClosed).toBe(false);
    await expect.poll(() => session.isClosed).toBe(true);
    expect(res.destroyed).toBe(true);
    await expect.poll(() => res.writableLength).toBe(0);
    expect(core.sinks.size).toBe(0);
    expect(closed).toEqual([session]);
  });

  it('drops a client at once when its buffer passes maxBufferedBytes', async () => {
    const core = new FakeCore();
    const limits = { heartbeatMs: 60_000, stallMs: 60_000, maxBufferedBytes: 1024 * 1024 };
    const { session, res } = await openToNonReader(core, limits);
    core.flood(200);
    expect(session.isClosed).toBe(true);
    expect(res.destroyed).toBe(true);
    await expect.poll(() => res.writableLength).toBe(0);
    expect(core.sinks.size).toBe(0);
  });
});
