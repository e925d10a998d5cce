/**
 * How the CLI asks the core: the same `dispatch()` the hosts use (validation included), typed by
 * the contract, with a failure turned back into the `HangarError` it was.
 */
import type { Args, Channel, EventChannel, EventPayload, Result } from '../../shared/contract.js';
import { fromIpcError } from '../../shared/errors.js';
import type { EngineStatus } from '../../shared/model.js';
import type { Core } from '../core/core.js';
import { dispatch } from '../core/dispatch.js';

export async function request<C extends Channel>(
  core: Pick<Core, 'handlers'>,
  channel: C,
  ...args: Args<C>
): Promise<Result<C>> {
  const result = await dispatch(core.handlers, channel, args);
  if (!result.ok) throw fromIpcError(result.error);
  return result.value as Result<C>;
}

/** Subscribes to one event channel of the core. */
export function onEvent<E extends EventChannel>(
  core: Pick<Core, 'subscribe'>,
  event: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  return core.subscribe((name, payload) => {
    if ((name as EventChannel) === event) listener(payload as unknown as EventPayload<E>);
  });
}

/** The reason the engine cannot be used, or null when it is reachable (or still connecting). */
export function unreachableReason(status: EngineStatus): string | null {
  return status.state === 'unreachable' ? status.reason : null;
}
