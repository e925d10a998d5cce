/**
 * `GET /api/events`: every core event as a server-sent event (`event: <channel>`, `data: <json>`),
 * with a comment line as heartbeat so proxies and idle timers keep the stream open.
 *
 * A client that stops reading is dropped: once a write finds the response's buffer over its
 * high-water mark, the client has `stallMs` to drain it, and the buffer may never pass
 * `maxBufferedBytes`. Dropping destroys the connection, which frees what was buffered for it; a
 * browser's `EventSource` opens a new stream by itself.
 */
import type { ServerResponse } from 'node:http';
import { isEventChannel, type EventChannel } from '../../shared/contract.js';
import type { Core } from '../core/core.js';
import { API_HEADERS } from './http-io.js';

export const DEFAULT_HEARTBEAT_MS = 15_000;

export interface EventStreamLimits {
  /** Milliseconds between heartbeats. */
  heartbeatMs: number;
  /** How long a client may leave its buffer over the high-water mark before it is dropped. */
  stallMs: number;
  /** Buffered bytes past which a client is dropped at once. */
  maxBufferedBytes: number;
}

export const DEFAULT_STREAM_LIMITS: EventStreamLimits = {
  heartbeatMs: DEFAULT_HEARTBEAT_MS,
  stallMs: 2 * DEFAULT_HEARTBEAT_MS,
  maxBufferedBytes: 16 * 1024 * 1024,
};

/** One SSE frame. JSON has no raw newlines, so `data:` is always one line. */
export function sseFrame(event: EventChannel, payload: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
}

export class EventStreamSession {
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private stall: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    core: Pick<Core, 'subscribe'>,
    private readonly limits: EventStreamLimits,
    private readonly onClose: (session: EventStreamSession) => void,
  ) {
    res.writeHead(200, {
      ...API_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.on('close', () => this.close());
    res.on('drain', () => this.drained());
    this.unsubscribe = core.subscribe((event, payload) => {
      if (isEventChannel(event)) this.write(sseFrame(event, payload));
    });
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), limits.heartbeatMs);
    this.write(': connected\n\n');
  }

  /** Whether the session has ended (closed by either side, or dropped). */
  get isClosed(): boolean {
    return this.closed;
  }

  private write(chunk: string): void {
    if (this.closed || this.res.writableEnded) return;
    const flushed = this.res.write(chunk);
    if (this.res.writableLength > this.limits.maxBufferedBytes) return this.drop();
    if (!flushed && this.stall === null) {
      this.stall = setTimeout(() => this.drop(), this.limits.stallMs);
    }
  }

  private drained(): void {
    if (this.stall !== null) clearTimeout(this.stall);
    this.stall = null;
  }

  /** Ends a client that does not read: the connection goes, and its buffer with it. */
  private drop(): void {
    this.res.destroy();
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.drained();
    this.unsubscribe();
    if (!this.res.writableEnded && !this.res.destroyed) this.res.end();
    this.onClose(this);
  }
}
