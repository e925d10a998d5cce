// A real, private dockerd for tests and the benchmark: its own socket, data root and exec root in
// a temp dir, no iptables, no bridge, the vfs storage driver. Never the machine's default socket.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { runDockerCli, type DockerRunOptions, type DockerRunResult } from './docker-cli.js';
import type { EngineHandle, OwnEngine } from './engine-handle.js';
import { makeServiceDir, pidServes, removeServiceDir } from './mounts.js';
import {
  isRoot,
  isRunning,
  onProcessExit,
  requireExecutable,
  spawnService,
  tailFile,
  terminate,
  terminatePidSync,
} from './proc.js';

export {
  CliRunError,
  DockerCliError,
  type DockerRunOptions,
  type DockerRunResult,
} from './docker-cli.js';

/** What a test needs to talk to a daemon (the shared one from the global setup has only this). */
export interface DaemonHandle extends EngineHandle {
  readonly kind: 'docker';
  /** DOCKER_CONFIG dir used by `docker()` (credentials of `docker login` land here). */
  readonly dockerConfig: string;
  /**
   * Runs the docker CLI against this daemon (`docker -H host ...`), never the default socket.
   * Rejects with a DockerCliError (carrying stderr) on a non-zero exit unless opts.allowFail.
   */
  docker(args: string[], opts?: DockerRunOptions): Promise<DockerRunResult>;
}

export interface PrivateDaemon extends DaemonHandle, OwnEngine {
  readonly kind: 'docker';
}

export interface StartDaemonOptions {
  /** Short label put in the dir name, e.g. 'restart' → /tmp/hd-restart-XXXXXX. */
  name?: string;
  /** How long to wait for /_ping (default 30 s). */
  readyTimeoutMs?: number;
  /**
   * Mount a private tmpfs on the dir (default true; falls back to disk if mount fails). dockerd
   * fsyncs its image and tag stores for every image: `docker load` of 1,000 images (shared
   * layers) took 2.2 s on disk and 0.65 s on tmpfs. Removing the dir is then an unmount, not a
   * long rm -rf.
   */
  tmpfs?: boolean;
}

const STOP_GRACE_MS = 15_000;

/** Starts a private dockerd in a new temp dir and resolves once it answers /_ping. */
export async function startPrivateDaemon(opts: StartDaemonOptions = {}): Promise<PrivateDaemon> {
  const dockerd = checkPrerequisites();
  const dir = makeServiceDir('hd-', opts.name, opts.tmpfs ?? true);
  const daemon = new PrivateDockerDaemon(dockerd, dir, opts.readyTimeoutMs ?? 30_000);
  try {
    await daemon.start();
  } catch (error) {
    await daemon.destroy();
    throw error;
  }
  return daemon;
}

function checkPrerequisites(): string {
  const dockerd = requireExecutable('dockerd', 'docker.io');
  requireExecutable('docker', 'docker.io');
  if (!isRoot()) {
    throw new Error(
      'the test harness runs a private dockerd, which needs root: run the tests as root ' +
        '(with the Debian package docker.io installed)',
    );
  }
  return dockerd;
}

class PrivateDockerDaemon implements PrivateDaemon {
  readonly kind = 'docker';
  readonly socketPath: string;
  readonly host: string;
  readonly dockerConfig: string;
  private child: ChildProcess | undefined;
  private unregisterCleanup: (() => void) | undefined;
  private destroyed = false;

  constructor(
    private readonly dockerd: string,
    readonly dir: string,
    private readonly readyTimeoutMs: number,
  ) {
    this.socketPath = path.join(dir, 'docker.sock');
    this.host = `unix://${this.socketPath}`;
    this.dockerConfig = path.join(dir, 'cli-config');
    mkdirSync(this.dockerConfig, { recursive: true });
    // Whatever happens, the dir goes when this process ends (destroy() removes it sooner).
    this.unregisterCleanup = onProcessExit(() => this.destroySync());
  }

  get logFile(): string {
    return path.join(this.dir, 'dockerd.log');
  }

  docker(args: string[], opts?: DockerRunOptions): Promise<DockerRunResult> {
    return runDockerCli(this.host, this.dockerConfig, args, opts);
  }

  cli(args: string[], opts?: DockerRunOptions): Promise<DockerRunResult> {
    return this.docker(args, opts);
  }

  async start(): Promise<void> {
    if (this.destroyed) throw new Error(`daemon in ${this.dir} was destroyed`);
    if (this.child && isRunning(this.child)) return;
    const d = this.dir;
    const child = spawnService(
      this.dockerd,
      [
        '--host',
        this.host,
        '--data-root',
        `${d}/root`,
        '--exec-root',
        `${d}/exec`,
        '--pidfile',
        `${d}/docker.pid`,
        '--iptables=false',
        '--ip6tables=false',
        '--bridge=none',
        '--storage-driver=vfs',
      ],
      this.logFile,
    );
    this.child = child;
    try {
      await waitUntilReady('dockerd', child, this.socketPath, this.logFile, this.readyTimeoutMs);
    } catch (error) {
      await terminate(child, 5_000);
      this.killOrphanContainerd();
      throw error;
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child) await terminate(child, STOP_GRACE_MS);
    this.child = undefined;
    this.killOrphanContainerd();
    rmSync(this.socketPath, { force: true });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async destroy(): Promise<void> {
    await this.stop();
    this.destroySync();
  }

  /** Stops everything synchronously and removes the dir: used at process exit too. */
  private destroySync(): void {
    this.destroyed = true;
    this.unregisterCleanup?.();
    this.unregisterCleanup = undefined;
    const pid = this.child?.pid;
    if (pid !== undefined && this.child && isRunning(this.child)) terminatePidSync(pid);
    removeServiceDir(this.dir);
  }

  /** dockerd's managed containerd outlives a SIGKILLed dockerd: end it too. */
  private killOrphanContainerd(): void {
    const pidFile = path.join(this.dir, 'exec', 'containerd', 'containerd.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pidServes(pid, this.dir)) terminatePidSync(pid, 5_000);
  }
}

/** True when GET /_ping on the socket answers 200 "OK". */
export function ping(socketPath: string, timeoutMs = 1_000): Promise<boolean> {
  if (!existsSync(socketPath)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = http.get({ socketPath, path: '/_ping', timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/**
 * Resolves once `GET /_ping` on `socketPath` answers; rejects with the log's tail when `child`
 * exits first or `timeoutMs` passes. `what` names the service in the error.
 */
export async function waitUntilReady(
  what: string,
  child: ChildProcess,
  socketPath: string,
  logFile: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning(child)) {
      throw new Error(
        `${what} exited (code ${child.exitCode ?? child.signalCode}) before it was ready; ` +
          `log tail of ${logFile}:\n${tailFile(logFile)}`,
      );
    }
    if (await ping(socketPath)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `${what} did not answer /_ping on ${socketPath} within ${timeoutMs} ms; ` +
      `log tail of ${logFile}:\n${tailFile(logFile)}`,
  );
}
