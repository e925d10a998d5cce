#!/usr/bin/env node
// The `hangar` command. Runs the built CLI (dist/cli/hangar.mjs) when it is newer than every source
// file under electron/ and shared/; otherwise runs the TypeScript source through tsx, so that
// `npx hangar …` works from a fresh checkout without a build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// node:sqlite is still flagged experimental; its warning means nothing to a user of the CLI.
const defaultWarningListeners = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name === 'ExperimentalWarning' && /sqlite/i.test(warning.message)) return;
  for (const listener of defaultWarningListeners) listener(warning);
});

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const built = join(root, 'dist', 'cli', 'hangar.mjs');

/** Newest modification time of the source files under `dir` (0 when it does not exist). */
function newest(dir) {
  let max = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) max = Math.max(max, newest(full));
    else if (entry.isFile() && isSource(entry.name)) max = Math.max(max, statSync(full).mtimeMs);
  }
  return max;
}

/** Files that end up in the bundle (tests do not). */
function isSource(name) {
  return name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.test.ts');
}

function isBuildFresh() {
  if (!existsSync(built)) return false;
  const sources = Math.max(newest(join(root, 'electron')), newest(join(root, 'shared')));
  return statSync(built).mtimeMs >= sources;
}

async function load() {
  if (isBuildFresh()) return import(pathToFileURL(built).href);
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('hangar: the CLI is not built and tsx is missing: run `npm run build`\n');
    process.exit(2);
  }
  register();
  return import(pathToFileURL(join(root, 'electron', 'cli', 'main.ts')).href);
}

const { main } = await load();
process.exitCode = await main(process.argv.slice(2));
