/**
 * What the rest of the core needs from the engine connection: its status and its clients. `Engine`
 * and `UnresolvedEngine` are engine sources; the index, the actions, the registry cache and the
 * artifact cache take one.
 */
import type { EngineKind, EngineStatus } from '../../../shared/model.js';
import type { DockerClient } from './docker-client.js';

export interface EngineSource {
  status(): EngineStatus;
  onStatus(listener: (status: EngineStatus) => void): () => void;
  /** Client for ordinary calls; throws `ENGINE_UNREACHABLE` when the engine is unreachable. */
  client(): DockerClient;
  /** Client without an idle timeout, for streams that may be quiet for long (events, pulls, builds). */
  eventsClient(): DockerClient;
  /** Tells the engine a call failed on the connection, so it re-checks and backs off. */
  reportFailure(err: unknown): void;
}

/** Which engine answers: Docker, Podman, or `unknown` while none is reachable. */
export function engineKindOf(status: EngineStatus): EngineKind {
  return status.state === 'reachable' ? status.kind : 'unknown';
}
