/**
 * Builds the renderer into `dist/renderer/` with relative asset paths, so the same files serve
 * from Electron's `app://` protocol and from `hangar web`. Nothing inline: the CSP forbids it.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Inline `data:` assets are fine for images (img-src allows data:), but keep fonts and
    // everything else as files.
    assetsInlineLimit: 0,
    // The polyfill would be injected into the entry; Electron and current browsers need none.
    modulePreload: { polyfill: false },
  },
});
