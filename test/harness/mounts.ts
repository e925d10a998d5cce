// Mounts under a daemon's dir, and the sweep that removes dirs left by a process that was killed
// before it could clean up (SIGKILL skips every exit handler).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { removePodmanContainersSync } from './podman-config.js';
import { pidAlive, sleepSync, terminatePidSync } from './proc.js';

/** Holds the pid of the process that owns a daemon dir. */
export const OWNER_FILE = 'owner.pid';
/** Temp dir prefixes of private daemons, registries and Podman services. */
const DIR_PREFIXES = ['hd-', 'hr-', 'hp-'];

/**
 * A new service dir `/tmp/<prefix><label>-XXXXXX` (`/tmp/<prefix>XXXXXX` without a label) owned by
 * this process, after sweeping the dirs of dead owners; on a private tmpfs when `tmpfs`.
 */
export function makeServiceDir(prefix: string, name = '', tmpfs = false): string {
  const label = name.replace(/[^a-zA-Z0-9_.-]/g, '').slice(0, 16);
  sweepStaleDirs();
  const dir = mkdtempSync(label ? `/tmp/${prefix}${label}-` : `/tmp/${prefix}`);
  writeFileSync(path.join(dir, OWNER_FILE), String(process.pid));
  if (tmpfs) mountTmpfs(dir);
  return dir;
}

/** Mounts a private tmpfs on `dir`; returns false (and leaves the dir on disk) if mount fails. */
export function mountTmpfs(dir: string): boolean {
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', 'mode=0700', 'tmpfs', dir], {
    stdio: 'ignore',
  });
  if (result.status !== 0) return false;
  writeFileSync(path.join(dir, OWNER_FILE), String(process.pid));
  return true;
}

/** Mount points at or under `dir`, deepest first. */
export function mountsUnder(dir: string): string[] {
  let info: string;
  try {
    info = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  return info
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => p !== undefined)
    .map((p) =>
      p.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8))),
    )
    .filter((p) => p === dir || p.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

/** Lazily unmounts everything at or under `dir` (the dir's own tmpfs last). */
export function unmountUnder(dir: string): void {
  for (const point of mountsUnder(dir)) spawnSync('umount', ['-l', point], { stdio: 'ignore' });
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** True when `pid` runs a command line that mentions `dir` (so it is that dir's service). */
export function pidServes(pid: number, dir: string): boolean {
  try {
    return pidAlive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
  } catch {
    return false;
  }
}

/**
 * Stops the services of `dir` (dockerd, containerd, registry, Podman and its containers) if they
 * still run, unmounts and removes it.
 */
export function removeServiceDir(dir: string): void {
  const pidFiles = ['docker.pid', 'exec/containerd/containerd.pid', 'registry.pid', 'podman.pid'];
  for (const pidFile of pidFiles) {
    const pid = readPid(path.join(dir, pidFile));
    if (pid !== undefined && pidServes(pid, dir)) terminatePidSync(pid, 5_000);
  }
  removePodmanContainersSync(dir);
  endProcessesServing(dir);
  unmountUnder(dir);
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Waits (up to `graceMs`) for the processes whose command line mentions `dir` to end, then
 * terminates the rest: Podman's conmon runs `podman container cleanup` after a container ends,
 * which would write into a dir being removed.
 */
function endProcessesServing(dir: string, graceMs = 5_000): void {
  const serving = (): number[] => {
    let names: string[];
    try {
      names = readdirSync('/proc');
    } catch {
      return [];
    }
    return names
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .filter((pid) => pid !== process.pid && pidServes(pid, dir));
  };
  const deadline = Date.now() + graceMs;
  let left = serving();
  while (left.length > 0 && Date.now() < deadline) {
    sleepSync(50);
    left = serving();
  }
  for (const pid of left) terminatePidSync(pid, 2_000);
}

/** Removes /tmp/hd-*, /tmp/hr-* and /tmp/hp-* dirs whose owner process is gone. Dirs of live processes are left alone. */
export function sweepStaleDirs(base = '/tmp'): void {
  let names: string[];
  try {
    names = readdirSync(base).filter((name) => DIR_PREFIXES.some((p) => name.startsWith(p)));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = path.join(base, name);
    const owner = readPid(path.join(dir, OWNER_FILE));
    if (owner !== undefined && owner !== process.pid && !pidAlive(owner)) {
      try {
        removeServiceDir(dir);
      } catch {
        // best effort: another sweeper may be at it
      }
    }
  }
}
