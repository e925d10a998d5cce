// Vitest globalSetup for the integration and e2e projects: one private dockerd and one registry
// for the whole run, handed to tests through provide/inject (read them with sharedDaemon() and
// sharedRegistryHost() from ./shared.ts). Tests that stop or restart a daemon start their own.
import type { TestProject } from 'vitest/node';
import { startPrivateDaemon, type PrivateDaemon } from './daemon.js';
import { startRegistry, type TestRegistry } from './registry.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** 'unix:///tmp/hd-…/docker.sock' of the shared private daemon. */
    dockerHost: string;
    /** The shared daemon's temp dir (socket at $daemonDir/docker.sock). */
    daemonDir: string;
    /** '127.0.0.1:PORT' of the shared registry (no auth). */
    registryHost: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let daemon: PrivateDaemon | undefined;
  let registry: TestRegistry | undefined;
  const teardown = async (): Promise<void> => {
    const results = await Promise.allSettled([daemon?.destroy(), registry?.stop()]);
    for (const result of results) {
      if (result.status === 'rejected') console.error('harness teardown:', result.reason);
    }
  };
  try {
    [daemon, registry] = await Promise.all([
      startPrivateDaemon({ name: project.name }),
      startRegistry(),
    ]);
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide('dockerHost', daemon.host);
  project.provide('daemonDir', daemon.dir);
  project.provide('registryHost', registry.host);
  return teardown;
}
