import type { PreloadBridge } from '../../shared/contract.js';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent when the page is served by `hangar web`. */
    hangar?: PreloadBridge;
  }
}

export {};
