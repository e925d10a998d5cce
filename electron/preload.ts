/**
 * The preload: exposes one task-specific object, `window.hangar` (a `PreloadBridge`), and nothing
 * else; never `ipcRenderer` or its event object. It runs sandboxed, so it cannot `require` local
 * files: `scripts/build-node.mjs` bundles it (with the contract) into one CommonJS file.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  isChannel,
  isEventChannel,
  type Channel,
  type EventChannel,
  type PreloadBridge,
} from '../shared/contract.js';
import { isDesktopChannel, type DesktopChannel } from '../shared/desktop.js';
import type { IpcResult } from '../shared/errors.js';

function failure(code: 'VALIDATION' | 'INTERNAL', message: string): IpcResult<never> {
  return { ok: false, error: { code, message } };
}

const bridge: PreloadBridge = {
  async invoke(channel: Channel | DesktopChannel, args: unknown[]): Promise<IpcResult<unknown>> {
    if (!isChannel(channel) && !isDesktopChannel(channel))
      return failure('VALIDATION', `Unknown request: ${String(channel)}.`);
    if (!Array.isArray(args))
      return failure('VALIDATION', `Invalid request ${channel}: no arguments.`);
    try {
      return (await ipcRenderer.invoke(channel, ...args)) as IpcResult<unknown>;
    } catch (err) {
      return failure('INTERNAL', err instanceof Error ? err.message : String(err));
    }
  },
  on(event: EventChannel, listener: (payload: unknown) => void): () => void {
    if (!isEventChannel(event)) throw new Error(`Unknown event channel: ${String(event)}.`);
    if (typeof listener !== 'function') throw new Error('The listener must be a function.');
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, forward);
    return () => {
      ipcRenderer.removeListener(event, forward);
    };
  },
};

contextBridge.exposeInMainWorld('hangar', bridge);
