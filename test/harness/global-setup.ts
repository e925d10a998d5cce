// Vitest globalSetup for the integration and e2e projects: one private dockerd, one private Podman
// service and one registry for the whole run, started side by side and handed to tests through
// provide/inject (read them with sharedDaemon(), sharedPodman() and sharedRegistryHost() from
// ./shared.ts). Tests that stop or restart an engine start their own.
import type { TestProject } from 'vitest/node';
import { startPrivateDaemon, type PrivateDaemon } from './daemon.js';
import { startPodmanService, type PodmanService } from './podman.js';
import { startRegistry, type TestRegistry } from './registry.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** 'unix:///tmp/hd-…/docker.sock' of the shared private daemon. */
    dockerHost: string;
    /** The shared daemon's temp dir (socket at $daemonDir/docker.sock). */
    daemonDir: string;
    /** '127.0.0.1:PORT' of the shared registry (no auth). */
    registryHost: string;
    /** The shared Podman service's temp dir (socket at $podmanDir/podman.sock). */
    podmanDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let daemon: PrivateDaemon | undefined;
  let registry: TestRegistry | undefined;
  let podman: PodmanService | undefined;
  const teardown = async (): Promise<void> => {
    const results = await Promise.allSettled([
      daemon?.destroy(),
      registry?.stop(),
      podman?.destroy(),
    ]);
    for (const result of results) {
      if (result.status === 'rejected') console.error('harness teardown:', result.reason);
    }
  };
  try {
    // Each is kept as soon as it is up, so a failure of another still stops it.
    [daemon, registry, podman] = await Promise.all([
      startPrivateDaemon({ name: project.name }).then((d) => (daemon = d)),
      startRegistry().then((r) => (registry = r)),
      startPodmanService({ name: project.name }).then((p) => (podman = p)),
    ]);
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide('dockerHost', daemon.host);
  project.provide('daemonDir', daemon.dir);
  project.provide('registryHost', registry.host);
  project.provide('podmanDir', podman.dir);
  return teardown;
}
