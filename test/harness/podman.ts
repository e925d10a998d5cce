// A real, private Podman service for tests: `podman system service` on its own socket, with its own
// storage (vfs), run root, locks and event log in a temp dir, never the machine's own Podman.
import type { ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { waitUntilReady } from './daemon.js';
import { CliRunError, runTool, type DockerRunOptions, type DockerRunResult } from './docker-cli.js';
import type { EngineHandle, OwnEngine } from './engine-handle.js';
import { makeServiceDir, removeServiceDir } from './mounts.js';
import { podmanEnv, removePodmanContainersSync, writePodmanConfig } from './podman-config.js';
import {
  isRoot,
  isRunning,
  onProcessExit,
  requireExecutable,
  spawnService,
  terminate,
  terminatePidSync,
} from './proc.js';

export { podmanEnv } from './podman-config.js';

export class PodmanCliError extends CliRunError {
  constructor(args: string[], code: number, stdout: string, stderr: string) {
    super('podman', args, code, stdout, stderr);
    this.name = 'PodmanCliError';
  }
}

/** What a test needs to talk to a Podman service (the shared one has only this). */
export interface PodmanHandle extends EngineHandle {
  readonly kind: 'podman';
  /** `podman …` on this service's storage and configuration; same as `cli`. */
  podman(args: string[], opts?: DockerRunOptions): Promise<DockerRunResult>;
}

/**
 * `stop()` ends the service only: containers keep running (they are conmon's, not the
 * service's) and survive a `start()`; `destroy()` removes them first.
 */
export interface PodmanService extends PodmanHandle, OwnEngine {
  readonly kind: 'podman';
}

export interface StartPodmanOptions {
  /** Short label put in the dir name, e.g. 'truth' → /tmp/hp-truth-XXXXXX. */
  name?: string;
  /** How long to wait for /_ping (default 30 s). */
  readyTimeoutMs?: number;
  /** Mount a private tmpfs on the dir (default true; falls back to disk if mount fails). */
  tmpfs?: boolean;
}

const STOP_GRACE_MS = 15_000;

/** A handle on the Podman service whose dir is `dir` (socket at $dir/podman.sock). */
export function podmanHandle(dir: string): PodmanHandle {
  const socketPath = path.join(dir, 'podman.sock');
  const podman = (args: string[], opts: DockerRunOptions = {}) =>
    runTool(
      { program: 'podman', debianPackage: 'podman', env: podmanEnv(dir) },
      [],
      args,
      opts,
      (code, stdout, stderr) => new PodmanCliError(args, code, stdout, stderr),
    );
  return { kind: 'podman', dir, socketPath, host: `unix://${socketPath}`, podman, cli: podman };
}

/**
 * Starts `podman system service --time=0 unix://$dir/podman.sock` in a new temp dir, configured
 * by the files `writePodmanConfig` puts there, and resolves once `GET /_ping` answers.
 */
export async function startPodmanService(opts: StartPodmanOptions = {}): Promise<PodmanService> {
  const podman = requireExecutable('podman', 'podman');
  if (!isRoot()) {
    throw new Error(
      'the test harness runs a private Podman service as root: run the tests as root ' +
        '(with the Debian package podman installed)',
    );
  }
  const dir = makeServiceDir('hp-', opts.name, opts.tmpfs ?? true);
  writePodmanConfig(dir);
  const service = new PrivatePodmanService(podman, dir, opts.readyTimeoutMs ?? 30_000);
  try {
    await service.start();
  } catch (error) {
    await service.destroy();
    throw error;
  }
  return service;
}

class PrivatePodmanService implements PodmanService {
  readonly kind = 'podman';
  readonly socketPath: string;
  readonly host: string;
  readonly podman: PodmanHandle['podman'];
  readonly cli: PodmanHandle['cli'];
  private child: ChildProcess | undefined;
  private unregisterCleanup: (() => void) | undefined;
  private destroyed = false;

  constructor(
    private readonly program: string,
    readonly dir: string,
    private readonly readyTimeoutMs: number,
  ) {
    const handle = podmanHandle(dir);
    this.socketPath = handle.socketPath;
    this.host = handle.host;
    this.podman = handle.podman;
    this.cli = handle.cli;
    // Whatever happens, the containers and the dir go when this process ends.
    this.unregisterCleanup = onProcessExit(() => this.destroySync());
  }

  get logFile(): string {
    return path.join(this.dir, 'podman.log');
  }

  async start(): Promise<void> {
    if (this.destroyed) throw new Error(`Podman service in ${this.dir} was destroyed`);
    if (this.child && isRunning(this.child)) return;
    const child = spawnService(
      this.program,
      ['system', 'service', '--time=0', this.host],
      this.logFile,
      podmanEnv(this.dir),
    );
    this.child = child;
    // setpriv execs podman: the pid is the service's, for the sweep after a SIGKILL.
    if (child.pid !== undefined)
      writeFileSync(path.join(this.dir, 'podman.pid'), String(child.pid));
    try {
      await waitUntilReady(
        'podman system service',
        child,
        this.socketPath,
        this.logFile,
        this.readyTimeoutMs,
      );
    } catch (error) {
      await terminate(child, 5_000);
      throw error;
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child) await terminate(child, STOP_GRACE_MS);
    this.child = undefined;
    rmSync(this.socketPath, { force: true });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async destroy(): Promise<void> {
    if (!this.destroyed) await this.podman(['rm', '-af', '-t', '0'], { allowFail: true });
    await this.stop();
    this.destroySync();
  }

  /** Removes the containers, stops the service synchronously and removes the dir (exit too). */
  private destroySync(): void {
    this.destroyed = true;
    this.unregisterCleanup?.();
    this.unregisterCleanup = undefined;
    removePodmanContainersSync(this.dir);
    const pid = this.child?.pid;
    if (pid !== undefined && this.child && isRunning(this.child)) terminatePidSync(pid);
    removeServiceDir(this.dir);
  }
}
