/**
 * The transport inside Electron: the preload's `window.hangar` bridge, which hands back result
 * envelopes because errors thrown across `contextBridge` lose their fields.
 */
import type {
  Args,
  Channel,
  EventChannel,
  EventPayload,
  PreloadBridge,
  Result,
  Transport,
} from '../../shared/contract.js';
import { HangarError } from '../../shared/errors.js';
import { unwrapResult } from './envelope.js';

export class IpcTransport implements Transport {
  constructor(private readonly bridge: PreloadBridge) {}

  async invoke<C extends Channel>(channel: C, ...args: Args<C>): Promise<Result<C>> {
    let envelope: unknown;
    try {
      envelope = await this.bridge.invoke(channel, args);
    } catch (err) {
      throw new HangarError(
        'INTERNAL',
        `The window could not reach Hangar's core for ${channel}.`,
        err instanceof Error ? err.message : String(err),
      );
    }
    // The core answers each channel with its contract's result type.
    return unwrapResult(envelope, channel) as Result<C>;
  }

  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    // The core sends each event channel's contract payload.
    return this.bridge.on(event, (payload) => listener(payload as EventPayload<E>));
  }
}
