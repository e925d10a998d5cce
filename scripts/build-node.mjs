// Bundles the Node side with esbuild:
//   electron/main.ts     → dist/electron/main.cjs    (Electron main process, CommonJS)
//   electron/preload.ts  → dist/electron/preload.cjs (ONE CommonJS file: a sandboxed preload
//                                                      cannot require local files)
//   electron/cli/main.ts → dist/cli/hangar.mjs       (the `hangar` CLI, ESM, Node 22)
// The main process and the CLI keep node_modules packages external (dockerode and its optional
// native parts load from node_modules at run time, as electron-builder packs them); the preload
// bundles everything except `electron` itself.
import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

const common = {
  absWorkingDir: root,
  bundle: true,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
};

await Promise.all([
  rm(join(root, 'dist', 'electron'), { recursive: true, force: true }),
  rm(join(root, 'dist', 'cli'), { recursive: true, force: true }),
]);

await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/main.ts'],
    outfile: 'dist/electron/main.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    packages: 'external',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    platform: 'browser',
    format: 'cjs',
    target: 'chrome130',
    // The contract pulls in zod whole; minifying keeps the per-window preload small.
    minify: true,
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: ['electron/cli/main.ts'],
    outfile: 'dist/cli/hangar.mjs',
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
  }),
]);

// Guard: the sandboxed preload may require `electron` and nothing else.
const preload = await readFile(join(root, 'dist', 'electron', 'preload.cjs'), 'utf8');
const required = [...preload.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
const foreign = required.filter((name) => name !== 'electron');
if (foreign.length > 0) {
  console.error(
    `build-node: the preload must be self-contained but requires: ${foreign.join(', ')}`,
  );
  process.exit(1);
}
console.log('build-node: dist/electron/main.cjs, dist/electron/preload.cjs, dist/cli/hangar.mjs');
