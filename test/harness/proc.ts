// Process helpers shared by the private daemon and the registry: start a service that logs to a
// file, stop it for sure, and never leave one running when the process that started it ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SYSTEM_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Full path of an executable found on PATH or in the usual system dirs, or undefined. */
export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...SYSTEM_DIRS];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Like findExecutable, but throws an error that says which Debian package to install. */
export function requireExecutable(name: string, debianPackage: string): string {
  const found = findExecutable(name);
  if (!found) {
    throw new Error(
      `${name} not found on PATH: install the Debian package ${debianPackage} (apt-get install -y ${debianPackage})`,
    );
  }
  return found;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The last `lines` lines of a text file ('' when it does not exist). */
export function tailFile(file: string, lines = 40): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8');
  return text.split('\n').slice(-lines).join('\n');
}

const setpriv = findExecutable('setpriv');

/**
 * Starts `cmd args` detached from our stdio, appending its output to `logFile`. Where util-linux's
 * setpriv exists, the service also gets SIGTERM from the kernel if this process dies abruptly.
 * `env` adds to our environment (which the service gets without DOCKER_HOST and its kin).
 * The child is unref'd: a forgotten service never keeps Node alive (the exit cleanup ends it).
 */
export function spawnService(
  cmd: string,
  args: string[],
  logFile: string,
  env: Record<string, string> = {},
): ChildProcess {
  const fd = openSync(logFile, 'a');
  try {
    const [file, argv] = setpriv
      ? [setpriv, ['--pdeathsig', 'TERM', '--', cmd, ...args]]
      : [cmd, args];
    const child = spawn(file, argv, {
      stdio: ['ignore', fd, fd],
      env: { ...serviceEnv(), ...env },
    });
    child.unref();
    return child;
  } finally {
    closeSync(fd);
  }
}

function serviceEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']) {
    delete env[key];
  }
  return env;
}

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Resolves when the child has exited (at once if it already has). */
export function waitForExit(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child is gone. */
export async function terminate(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (!isRunning(child)) return;
  const exited = waitForExit(child);
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), graceMs);
  });
  const late = await Promise.race([exited.then(() => false), timedOut]);
  clearTimeout(timer);
  if (late) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Blocks the thread for `ms` (exit handlers cannot await). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Synchronous best effort for exit handlers: SIGTERM `pid`, wait up to `graceMs`, then SIGKILL. */
export function terminatePidSync(pid: number, graceMs = 10_000): void {
  if (!pidAlive(pid)) return;
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (pidAlive(pid) && Date.now() < deadline) sleepSync(50);
  if (!pidAlive(pid)) return;
  signal(pid, 'SIGKILL');
  const killDeadline = Date.now() + 2_000;
  while (pidAlive(pid) && Date.now() < killDeadline) sleepSync(20);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** True while `pid` runs. A zombie (exited, not yet reaped by a blocked Node) counts as gone. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

// ---- exit cleanup ---------------------------------------------------------------------------

const cleanups = new Set<() => void>();
let installed = false;

/**
 * Registers a synchronous cleanup run when this process exits or gets SIGINT/SIGTERM/SIGHUP.
 * Returns a function that unregisters it (call it after a normal, orderly shutdown).
 */
export function onProcessExit(cleanup: () => void): () => void {
  install();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

function runCleanups(): void {
  for (const cleanup of [...cleanups]) {
    cleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // keep going: the other services must still be stopped
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runCleanups);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = (): void => {
      runCleanups();
      process.off(signal, handler);
      // If nobody else handles this signal, die of it as we would have without our handler.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}
