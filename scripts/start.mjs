// `npm start` (after `npm run build`): the Electron app when Electron's binary is installed,
// otherwise the same UI through the web host (`hangar web`), since the binary cannot be
// downloaded on every machine. Extra arguments are passed on (e.g. `npm start -- --host tcp://…`).
//
// We do not `require('electron')` to find the binary: electron 45's index.js tries to DOWNLOAD
// the binary when it is missing. Instead we read what its install step leaves behind: path.txt
// naming the executable under node_modules/electron/dist.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

/** The Electron executable, or null when it was never downloaded. */
function electronBinary() {
  let dir;
  try {
    dir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return join(override, relative || 'electron');
  if (!relative) return null;
  const full = join(dir, 'dist', relative);
  return existsSync(full) ? full : null;
}

/** Runs a child with our terminal, passes Ctrl+C on, and exits with its code. */
function runChild(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('error', (err) => {
    console.error(`start: cannot run ${command}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal ? 0 : 1));
  });
}

/**
 * package.json's allowScripts keeps electron's own install step from running during `npm install`
 * (it downloads the binary, and a failed download would fail the whole install on machines that
 * cannot reach it). Run that step here instead, once, and carry on without it if it fails.
 */
function installElectronBinary() {
  let installer;
  try {
    installer = join(dirname(require.resolve('electron/package.json')), 'install.js');
  } catch {
    return;
  }
  if (!existsSync(installer)) return;
  spawnSync(process.execPath, [installer], { cwd: root, stdio: 'ignore', timeout: 300_000 });
}

const extra = process.argv.slice(2);
let electron = electronBinary();
if (!electron && !process.env.HANGAR_NO_ELECTRON_DOWNLOAD) {
  installElectronBinary();
  electron = electronBinary();
}
if (electron) {
  // The app folder: package.json's "main" is dist/electron/main.cjs.
  runChild(electron, [root, ...extra]);
} else {
  console.log(
    "Electron's binary is not installed here (it cannot be downloaded on this machine); serving the same UI through the web host instead.",
  );
  runChild(process.execPath, [join(root, 'bin', 'hangar.mjs'), 'web', ...extra]);
}
