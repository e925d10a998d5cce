// The configuration of a private Podman service, written into its dir: the service and every
// `podman` run for it read only these files (never /etc/containers or the machine's own storage),
// so its images, containers, locks and events are its own.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findExecutable } from './proc.js';

/** Marks a dir as a Podman service's (the sweep removes its containers first). */
export const PODMAN_STORAGE_CONF = 'storage.conf';

const toml = (value: string): string => JSON.stringify(value);

/**
 * Writes containers.conf, storage.conf, registries.conf and an empty auth file into `dir`:
 * - storage: the vfs driver, graph and run roots in `dir`;
 * - engine: cgroupfs (no systemd needed), events in a file under `dir/tmp` (the service's
 *   `/events` follows that file, so changes made with the CLI reach it), file locks under
 *   `dir/tmp` instead of the machine-wide shared-memory lock table;
 * - containers: nofile and nproc limits of 1024, never above the hard limits: Podman's defaults
 *   for root raise them, which fails without CAP_SYS_RESOURCE;
 * - registries: no unqualified search registries, so a short name resolves the same everywhere.
 */
export function writePodmanConfig(dir: string): void {
  const tmp = path.join(dir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  writeFileSync(
    path.join(dir, 'containers.conf'),
    [
      '[containers]',
      'default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]',
      '[engine]',
      'cgroup_manager = "cgroupfs"',
      'events_logger = "file"',
      `tmp_dir = ${toml(tmp)}`,
      `image_copy_tmp_dir = ${toml(tmp)}`,
      'lock_type = "file"',
      '[network]',
      `network_config_dir = ${toml(path.join(dir, 'networks'))}`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, PODMAN_STORAGE_CONF),
    [
      '[storage]',
      'driver = "vfs"',
      `graphroot = ${toml(path.join(dir, 'root'))}`,
      `runroot = ${toml(path.join(dir, 'run'))}`,
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'registries.conf'), 'unqualified-search-registries = []\n');
  writeFileSync(path.join(dir, 'auth.json'), '{}\n');
}

/** The environment that points `podman` (service and CLI) at the configuration in `dir`. */
export function podmanEnv(dir: string): Record<string, string> {
  return {
    CONTAINERS_CONF: path.join(dir, 'containers.conf'),
    CONTAINERS_STORAGE_CONF: path.join(dir, PODMAN_STORAGE_CONF),
    CONTAINERS_REGISTRIES_CONF: path.join(dir, 'registries.conf'),
    REGISTRY_AUTH_FILE: path.join(dir, 'auth.json'),
  };
}

/**
 * Removes every container of the Podman storage in `dir` at once (`podman rm -af -t 0`): a
 * container's conmon and processes outlive the service, so stopping the service is not enough.
 * Synchronous, for exit handlers and the sweep; a no-op for a dir that is not a Podman service's.
 */
export function removePodmanContainersSync(dir: string): void {
  const podman = findExecutable('podman');
  if (!podman || !existsSync(path.join(dir, PODMAN_STORAGE_CONF))) return;
  spawnSync(podman, ['rm', '-af', '-t', '0'], {
    env: { ...process.env, ...podmanEnv(dir) },
    stdio: 'ignore',
    timeout: 30_000,
  });
}
