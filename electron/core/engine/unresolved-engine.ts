/**
 * Stands in for the engine when its address cannot even be resolved (unknown scheme, missing TLS
 * files, an unknown context). It is permanently unreachable with that reason; fixing the address
 * means restarting Hangar with a good one.
 */
import { HangarError } from '../../../shared/errors.js';
import type { EngineEndpoint, EngineStatus } from '../../../shared/model.js';
import type { DockerClient } from './docker-client.js';
import type { EngineSource } from './engine-source.js';

export class UnresolvedEngine implements EngineSource {
  private readonly current: EngineStatus;

  constructor(
    readonly endpoint: EngineEndpoint,
    reason: string,
  ) {
    this.current = { state: 'unreachable', endpoint, reason, retryAt: null };
  }

  status(): EngineStatus {
    return this.current;
  }

  onStatus(): () => void {
    return () => {};
  }

  async start(): Promise<EngineStatus> {
    return this.current;
  }

  async retry(): Promise<EngineStatus> {
    return this.current;
  }

  reportFailure(): void {}

  client(): DockerClient {
    throw this.error();
  }

  eventsClient(): DockerClient {
    throw this.error();
  }

  stop(): void {}

  private error(): HangarError {
    const s = this.current;
    return new HangarError(
      'ENGINE_UNREACHABLE',
      s.state === 'unreachable' ? s.reason : 'unreachable',
    );
  }
}
