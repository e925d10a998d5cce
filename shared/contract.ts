/**
 * The one contract between the core and every client (Electron IPC, the web host, the renderer).
 *
 * `RequestContract` says what each request channel takes and returns; `argSchemas` holds the zod
 * schema that validates its arguments at every boundary, and `satisfies` ties the two together so
 * that a channel declared in one and not the other is a compile error. Channel names are written
 * here and nowhere else: everyone else derives them from these types.
 */
import type { LoadResult } from './actions.js';
import type { DesktopChannel } from './desktop.js';
import type { IpcResult } from './errors.js';
import type { TaskOf } from './tasks.js';
import type { SchemasFor } from './channels/define.js';
import { actionsSchemas, type ActionsChannels } from './channels/actions.js';
import {
  artifactsSchemas,
  type ArtifactsChannels,
  type ArtifactsEvents,
} from './channels/artifacts.js';
import {
  buildCacheSchemas,
  type BuildCacheChannels,
  type BuildCacheEvents,
} from './channels/build-cache.js';
import { buildsSchemas, type BuildsChannels } from './channels/builds.js';
import { engineSchemas, type EngineChannels, type EngineEvents } from './channels/engine.js';
import { historySchemas, type HistoryChannels, type HistoryEvents } from './channels/history.js';
import { layersSchemas, type LayersChannels } from './channels/layers.js';
import { registryCacheSchemas, type RegistryCacheChannels } from './channels/registry-cache.js';
import { imagesSchemas, type ImagesChannels, type ImagesEvents } from './channels/images.js';
import { tasksSchemas, type TasksChannels, type TasksEvents } from './channels/tasks.js';

export { imageIdOrRef } from './channels/common.js';

/**
 * Every request channel, by group. To add a group: declare its interface and schemas in
 * `shared/channels/<group>.ts`, then extend it here and spread its schemas below.
 */
export interface RequestContract
  extends
    EngineChannels,
    ImagesChannels,
    TasksChannels,
    ArtifactsChannels,
    ActionsChannels,
    HistoryChannels,
    RegistryCacheChannels,
    LayersChannels,
    BuildsChannels,
    BuildCacheChannels {}

export const argSchemas = {
  ...engineSchemas,
  ...imagesSchemas,
  ...tasksSchemas,
  ...artifactsSchemas,
  ...actionsSchemas,
  ...historySchemas,
  ...registryCacheSchemas,
  ...layersSchemas,
  ...buildsSchemas,
  ...buildCacheSchemas,
} satisfies SchemasFor<RequestContract>;

export type Channel = keyof RequestContract;
export type Args<C extends Channel> = RequestContract[C]['args'];
export type Result<C extends Channel> = RequestContract[C]['result'];

export const CHANNELS = Object.keys(argSchemas) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(argSchemas, value);
}

/** Every event channel and its payload, by group. */
export interface EventContract
  extends
    EngineEvents,
    ImagesEvents,
    TasksEvents,
    ArtifactsEvents,
    HistoryEvents,
    BuildCacheEvents {}

export type EventChannel = keyof EventContract;
export type EventPayload<E extends EventChannel> = EventContract[E];

export const EVENT_CHANNELS = {
  'engine:status': 1,
  'index:delta': 1,
  'index:status': 1,
  'task:progress': 1,
  'task:done': 1,
  'task:failed': 1,
  'artifacts:changed': 1,
  'history:appended': 1,
  'buildCache:changed': 1,
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
  /** Image archives moved as files, where the host has a way to (absent: it has none). */
  readonly imageFiles?: ImageFiles;
}

/**
 * Save and load of image archives as files, the host's way: the web host's is a download and an
 * upload (`browser`); the desktop shell's is the system's file dialogs in the main process, each
 * starting a core task (`dialog`).
 */
export type ImageFiles = BrowserImageFiles | DialogImageFiles;

export interface BrowserImageFiles {
  readonly via: 'browser';
  /** The address whose download is the `docker save` archive of these images. */
  saveUrl(names: readonly string[]): string;
  /** Sends an archive to the engine's load, streamed from the file; the loaded tags and ids. */
  load(file: Blob): Promise<LoadResult>;
}

export interface DialogImageFiles {
  readonly via: 'dialog';
  /** Asks where, then saves `names` as a `save` task; null when the dialog was dismissed. */
  save(names: readonly string[]): Promise<TaskOf<'save'> | null>;
  /** Asks which archive, then loads it as a `load` task; null when the dialog was dismissed. */
  load(): Promise<TaskOf<'load'> | null>;
}

/** A sink for events, implemented by each host (IPC `webContents.send`, SSE). */
export type EventSink = <E extends EventChannel>(event: E, payload: EventPayload<E>) => void;

/**
 * What the Electron preload exposes as `window.hangar`: a raw bridge that returns result envelopes
 * (errors thrown across `contextBridge` lose their fields). The renderer's IPC transport wraps it.
 */
export interface PreloadBridge {
  /** A contract channel, or one only the desktop shell answers (`shared/desktop.ts`). */
  invoke(channel: Channel | DesktopChannel, args: unknown[]): Promise<IpcResult<unknown>>;
  on(event: EventChannel, listener: (payload: unknown) => void): () => void;
}
