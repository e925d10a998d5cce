// What every engine the tests run against offers a test, Docker's private dockerd and the private
// Podman service alike, so one test body can run against both.
import type { DockerRunOptions, DockerRunResult } from './docker-cli.js';

export type EngineKind = 'docker' | 'podman';

export interface EngineHandle {
  readonly kind: EngineKind;
  /** Temp dir holding everything of this engine. */
  readonly dir: string;
  /** The engine's socket in `dir`. */
  readonly socketPath: string;
  /** 'unix://' + socketPath: what Hangar is pointed at (`--host`, DOCKER_HOST). */
  readonly host: string;
  /**
   * The engine's own CLI against this engine only: `docker -H host …` for dockerd, `podman …` on
   * the service's own storage and configuration for Podman. Both take the docker CLI's syntax for
   * what the tests ask (images, inspect, tag, rmi, load, build, create, run, rm, ps). Rejects with
   * a CliRunError (carrying stderr) on a non-zero exit unless opts.allowFail.
   */
  cli(args: string[], opts?: DockerRunOptions): Promise<DockerRunResult>;
}

/** An engine a test started itself (`startPrivateDaemon`, `startPodmanService`). */
export interface OwnEngine extends EngineHandle {
  /** SIGTERM the engine, wait for exit (SIGKILL after a timeout); the socket is gone afterwards. */
  stop(): Promise<void>;
  /** Start again on the same dir (images survive). No-op while running. */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Stop and remove the dir (and everything still running from it). */
  destroy(): Promise<void>;
}
