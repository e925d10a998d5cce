/**
 * `GET /api/events`: every core event as a server-sent event (`event: <channel>`, `data: <json>`),
 * with a comment line as heartbeat so proxies and idle timers keep the stream open.
 */
import type { ServerResponse } from 'node:http';
import { isEventChannel, type EventChannel } from '../../shared/contract.js';
import type { Core } from '../core/core.js';
import { API_HEADERS } from './http-io.js';

export const DEFAULT_HEARTBEAT_MS = 15_000;

/** One SSE frame. JSON has no raw newlines, so `data:` is always one line. */
export function sseFrame(event: EventChannel, payload: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
}

export class EventStreamSession {
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    core: Pick<Core, 'subscribe'>,
    heartbeatMs: number,
    private readonly onClose: (session: EventStreamSession) => void,
  ) {
    res.writeHead(200, {
      ...API_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\n\n');
    this.unsubscribe = core.subscribe((event, payload) => {
      if (isEventChannel(event)) this.write(sseFrame(event, payload));
    });
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), heartbeatMs);
    res.on('close', () => this.close());
  }

  private write(chunk: string): void {
    if (!this.closed && !this.res.writableEnded) this.res.write(chunk);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.unsubscribe();
    if (!this.res.writableEnded) this.res.end();
    this.onClose(this);
  }
}
