/**
 * The transport for the loopback web host (`hangar web`): requests are `POST`s answering an
 * `IpcResult`, events arrive over one shared `EventSource`. The session token is an HttpOnly
 * cookie the host set when the page was opened, so same-origin requests carry it by themselves.
 */
import type { LoadResult } from '../../shared/actions.js';
import type {
  Args,
  Channel,
  EventChannel,
  EventPayload,
  BrowserImageFiles,
  Result,
  Transport,
} from '../../shared/contract.js';
import { HangarError } from '../../shared/errors.js';
import { EVENTS_PATH, INVOKE_PATH, LOAD_PATH, SAVE_PATH } from '../../shared/web-protocol.js';
import { unwrapResult } from './envelope.js';

export interface ResponseLike {
  readonly status: number;
  readonly ok: boolean;
  json(): Promise<unknown>;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<ResponseLike>;

export interface MessageLike {
  readonly data: unknown;
}

/** The part of `EventSource` we use (so tests can hand in a fake). */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: MessageLike) => void): void;
  removeEventListener(type: string, listener: (event: MessageLike) => void): void;
  close(): void;
}

export interface WebTransportOptions {
  fetch: FetchLike;
  openEvents: (url: string) => EventSourceLike;
  /** Prefix for the host's paths; empty for the page's own origin. */
  baseUrl?: string;
  /**
   * An `EventSource` reconnects by itself after a dropped stream, but gives up for good when a
   * reconnect is answered with an error status. Then we open a new one after this delay.
   */
  reopenDelayMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  warn?: (message: string) => void;
}

/** `EventSource.CLOSED`, spelled out so this module needs no DOM at load time. */
const CLOSED = 2;

export const LOST_CONTACT_MESSAGE =
  "Lost contact with Hangar's web host. Is `hangar web` still running?";
export const REFUSED_MESSAGE =
  "Hangar's web host refused this page's session. Open the address `hangar web` printed again.";

type Wrapped = (payload: unknown) => void;

export class WebTransport implements Transport {
  private readonly baseUrl: string;
  private readonly reopenDelayMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly warn: (message: string) => void;
  private readonly listeners = new Map<EventChannel, Set<Wrapped>>();
  private readonly handlers = new Map<EventChannel, (event: MessageLike) => void>();
  private source: EventSourceLike | null = null;
  private reopenTimer: unknown = null;

  constructor(private readonly options: WebTransportOptions) {
    this.baseUrl = options.baseUrl ?? '';
    this.reopenDelayMs = options.reopenDelayMs ?? 5000;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer =
      options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.warn = options.warn ?? ((m) => console.warn(m));
  }

  /**
   * Save: a download of `GET SAVE_PATH?names=…` (the browser writes the file). Load: the file as
   * the raw body of `POST LOAD_PATH`, which the browser streams from disk; a file over the host's
   * upload limit is answered 413 with the limit in words.
   */
  readonly imageFiles: BrowserImageFiles = {
    via: 'browser',
    saveUrl: (names) => {
      const q = new URLSearchParams();
      for (const name of names) q.append('names', name);
      return `${this.baseUrl}${SAVE_PATH}?${q.toString()}`;
    },
    load: async (file) =>
      (await this.post(
        LOAD_PATH,
        'the image load',
        {
          'content-type': 'application/x-tar',
        },
        file,
      )) as LoadResult,
  };

  async invoke<C extends Channel>(channel: C, ...args: Args<C>): Promise<Result<C>> {
    // The core answers each channel with its contract's result type.
    return (await this.post(
      `${INVOKE_PATH}${channel}`,
      channel,
      { 'content-type': 'application/json' },
      JSON.stringify({ args }),
    )) as Result<C>;
  }

  /** A `POST` to the host, its `IpcResult` answer unwrapped; `what` names it in errors. */
  private async post(
    path: string,
    what: string,
    headers: Record<string, string>,
    payload: BodyInit,
  ): Promise<unknown> {
    let response: ResponseLike;
    try {
      response = await this.options.fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers,
        body: payload,
        credentials: 'same-origin',
      });
    } catch (err) {
      throw new HangarError('ENGINE_UNREACHABLE', LOST_CONTACT_MESSAGE, errorText(err));
    }
    if (response.status === 401 || response.status === 403) {
      throw new HangarError('UNAUTHORIZED', REFUSED_MESSAGE, `HTTP ${response.status}`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (err) {
      if (!response.ok) {
        throw new HangarError(
          'INTERNAL',
          `Hangar's web host answered ${what} with HTTP ${response.status}.`,
        );
      }
      throw new HangarError('ENGINE_UNREACHABLE', LOST_CONTACT_MESSAGE, errorText(err));
    }
    return unwrapResult(body, what);
  }

  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    // The host sends each event channel's contract payload.
    const wrapped: Wrapped = (payload) => listener(payload as EventPayload<E>);
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
      if (this.source) this.attach(this.source, event);
    }
    set.add(wrapped);
    if (!this.source && this.reopenTimer === null) this.open();

    return () => {
      const current = this.listeners.get(event);
      if (!current?.delete(wrapped) || current.size > 0) return;
      this.listeners.delete(event);
      const handler = this.handlers.get(event);
      if (handler && this.source) this.source.removeEventListener(event, handler);
      this.handlers.delete(event);
      if (this.listeners.size === 0) this.shutdown();
    };
  }

  /** Closes the event stream (listeners stay registered until they unsubscribe). */
  close(): void {
    this.shutdown();
  }

  private open(): void {
    const source = this.options.openEvents(`${this.baseUrl}${EVENTS_PATH}`);
    this.source = source;
    this.handlers.clear();
    for (const event of this.listeners.keys()) this.attach(source, event);
    source.addEventListener('error', () => this.onError(source));
  }

  private attach(source: EventSourceLike, event: EventChannel): void {
    const handler = (message: MessageLike): void => {
      let payload: unknown;
      try {
        payload = JSON.parse(String(message.data));
      } catch {
        this.warn(`Dropped a ${event} event whose data is not JSON.`);
        return;
      }
      for (const listener of [...(this.listeners.get(event) ?? [])]) listener(payload);
    };
    this.handlers.set(event, handler);
    source.addEventListener(event, handler);
  }

  private onError(source: EventSourceLike): void {
    if (source !== this.source || source.readyState !== CLOSED) return; // it retries by itself
    source.close();
    this.source = null;
    if (this.listeners.size === 0) return;
    this.reopenTimer = this.setTimer(() => {
      this.reopenTimer = null;
      if (!this.source && this.listeners.size > 0) this.open();
    }, this.reopenDelayMs);
  }

  private shutdown(): void {
    if (this.reopenTimer !== null) {
      this.clearTimer(this.reopenTimer);
      this.reopenTimer = null;
    }
    this.source?.close();
    this.source = null;
    this.handlers.clear();
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
