/** Picks the transport for where the renderer runs: Electron's preload bridge, else the web host. */
import type { PreloadBridge, Transport } from '../../shared/contract.js';
import { IpcTransport } from './ipc-transport.js';
import { WebTransport } from './web-transport.js';

export function createTransport(): Transport {
  const bridge: PreloadBridge | undefined = window.hangar;
  if (bridge) return new IpcTransport(bridge);
  return new WebTransport({
    fetch: (url, init) => window.fetch(url, init),
    openEvents: (url) => new EventSource(url),
  });
}

export { IpcTransport, WebTransport };
