#!/usr/bin/env node
// The `hangar` command. Runs the built CLI (dist/cli/hangar.mjs) when it is newer than every source
// file under electron/ and shared/; otherwise runs the TypeScript source through tsx, so that
// `npx hangar …` works from a fresh checkout without a build. The CLI needs Node 22.13 or newer
// (node:sqlite); started by an older Node, it runs itself again under the Node of the `node@22`
// devDependency, or says in one line which Node it needs. This file itself runs on any Node with
// ES modules and top-level await.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The oldest Node the CLI runs on: node:sqlite without a flag. */
const NEEDS = [22, 13];

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

function newEnough(version) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > NEEDS[0] || (major === NEEDS[0] && minor >= NEEDS[1]);
}

/** The Node the `node@22` devDependency installed, unless it is the one running now. */
function pinnedNode() {
  const file = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(file)) return null;
  try {
    return realpathSync(file) === realpathSync(process.execPath) ? null : file;
  } catch {
    return null;
  }
}

/** Runs this command again under `node`, and ends as it ends. */
function runUnder(node) {
  const child = spawn(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  // Ctrl+C reaches both processes (one process group) and only the child acts on it; a SIGTERM
  // or SIGHUP sent to this process alone is passed on.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    process.stderr.write(`hangar: cannot run ${node}: ${err.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
}

if (newEnough(process.versions.node)) {
  const { main } = await load();
  process.exitCode = await main(process.argv.slice(2));
} else {
  const node = pinnedNode();
  if (node !== null) runUnder(node);
  else {
    process.stderr.write(
      `hangar: needs Node ${NEEDS.join('.')} or newer, not ${process.versions.node} (run npm install, then npx hangar …)\n`,
    );
    process.exitCode = 2;
  }
}
