// Inside a test: the shared daemon, Podman service and registry started by global-setup.ts.
import path from 'node:path';
import { inject } from 'vitest';
import type { DaemonHandle } from './daemon.js';
import { runDockerCli } from './docker-cli.js';
import { podmanHandle, type PodmanHandle } from './podman.js';

/** The shared private daemon (no stop/start: start your own with startPrivateDaemon()). */
export function sharedDaemon(): DaemonHandle {
  const host = inject('dockerHost');
  const dir = inject('daemonDir');
  if (!host || !dir) {
    throw new Error(
      'no shared daemon: this test must run in a project with the harness globalSetup',
    );
  }
  const dockerConfig = path.join(dir, 'cli-config');
  const docker: DaemonHandle['docker'] = (args, opts) =>
    runDockerCli(host, dockerConfig, args, opts);
  return {
    kind: 'docker',
    dir,
    host,
    socketPath: path.join(dir, 'docker.sock'),
    dockerConfig,
    docker,
    cli: docker,
  };
}

/** The shared private Podman service (no stop/start: start your own with startPodmanService()). */
export function sharedPodman(): PodmanHandle {
  const dir = inject('podmanDir');
  if (!dir) {
    throw new Error(
      'no shared Podman service: this test must run in a project with the harness globalSetup',
    );
  }
  return podmanHandle(dir);
}

/** '127.0.0.1:PORT' of the shared registry. */
export function sharedRegistryHost(): string {
  return inject('registryHost');
}
