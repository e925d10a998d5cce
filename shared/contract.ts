/**
 * The one contract between the core and every client (Electron IPC, the web host, the renderer).
 *
 * `RequestContract` says what each request channel takes and returns; `argSchemas` holds the zod
 * schema that validates its arguments at every boundary, and `satisfies` ties the two together so
 * that a channel declared in one and not the other is a compile error. Channel names are written
 * here and nowhere else: everyone else derives them from these types.
 */
import { z } from 'zod';
import type {
  EngineStatus,
  ImageInspect,
  IndexDelta,
  IndexSnapshot,
  IndexStatus,
} from './model.js';
import type { IpcResult } from './errors.js';

/** An image id (full or short, with or without `sha256:`) or a reference (`repo:tag`, `repo@digest`). */
export const imageIdOrRef = z
  .string()
  .trim()
  .min(1, 'An image id or name is required.')
  .max(512, 'An image id or name is at most 512 characters.')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/,
    'An image id or name has only letters, digits and . _ : / @ -',
  );

export interface RequestContract {
  /** The engine's current status (also pushed as `engine:status`). */
  'engines:status': { args: []; result: EngineStatus };
  /** Reconnect now instead of waiting for the next backoff step. */
  'engines:retry': { args: []; result: EngineStatus };
  /** The whole image index with its version; deltas after that version follow as `index:delta`. */
  'images:snapshot': { args: []; result: IndexSnapshot };
  /** The daemon's full inspect of one image. */
  'images:inspect': { args: [idOrRef: string]; result: ImageInspect };
}

export const argSchemas = {
  'engines:status': z.tuple([]),
  'engines:retry': z.tuple([]),
  'images:snapshot': z.tuple([]),
  'images:inspect': z.tuple([imageIdOrRef]),
} satisfies { [C in Channel]: z.ZodType<RequestContract[C]['args']> };

export type Channel = keyof RequestContract;
export type Args<C extends Channel> = RequestContract[C]['args'];
export type Result<C extends Channel> = RequestContract[C]['result'];

export const CHANNELS = Object.keys(argSchemas) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(argSchemas, value);
}

export interface EventContract {
  'engine:status': EngineStatus;
  'index:delta': IndexDelta;
  'index:status': IndexStatus;
}

export type EventChannel = keyof EventContract;
export type EventPayload<E extends EventChannel> = EventContract[E];

export const EVENT_CHANNELS = {
  'engine:status': 1,
  'index:delta': 1,
  'index:status': 1,
} as const satisfies Record<EventChannel, 1>;

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && Object.hasOwn(EVENT_CHANNELS, value);
}

/** Server side: one async function per channel. A missing handler is a compile error. */
export type Handlers = { [C in Channel]: (...args: Args<C>) => Promise<Result<C>> };

/** Client side: how the renderer (or any client) reaches the core, over IPC or HTTP. */
export interface Transport {
  invoke<C extends Channel>(channel: C, ...args: Args<C>): Promise<Result<C>>;
  /** Subscribes to an event channel; returns the unsubscribe function. */
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** A sink for events, implemented by each host (IPC `webContents.send`, SSE). */
export type EventSink = <E extends EventChannel>(event: E, payload: EventPayload<E>) => void;

/**
 * What the Electron preload exposes as `window.hangar`: a raw bridge that returns result envelopes
 * (errors thrown across `contextBridge` lose their fields). The renderer's IPC transport wraps it.
 */
export interface PreloadBridge {
  invoke(channel: Channel, args: unknown[]): Promise<IpcResult<unknown>>;
  on(event: EventChannel, listener: (payload: unknown) => void): () => void;
}
