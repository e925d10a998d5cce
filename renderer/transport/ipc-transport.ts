/**
 * The transport inside Electron: the preload's `window.hangar` bridge, which hands back result
 * envelopes because errors thrown across `contextBridge` lose their fields. Image archives move
 * through the main process's file dialogs (`desktop:saveImages`, `desktop:loadImages`).
 */
import type {
  Args,
  Channel,
  EventChannel,
  DialogImageFiles,
  EventPayload,
  PreloadBridge,
  Result,
  Transport,
} from '../../shared/contract.js';
import type { DesktopChannel, DesktopContract } from '../../shared/desktop.js';
import { HangarError } from '../../shared/errors.js';
import { unwrapResult } from './envelope.js';

export class IpcTransport implements Transport {
  constructor(private readonly bridge: PreloadBridge) {}

  readonly imageFiles: DialogImageFiles = {
    via: 'dialog',
    save: (names) => this.request('desktop:saveImages', [[...names]]),
    load: () => this.request('desktop:loadImages', []),
  };

  async invoke<C extends Channel>(channel: C, ...args: Args<C>): Promise<Result<C>> {
    // The core answers each channel with its contract's result type.
    return (await this.request(channel, args)) as Result<C>;
  }

  private async request<C extends DesktopChannel>(
    channel: C,
    args: DesktopContract[C]['args'],
  ): Promise<DesktopContract[C]['result']>;
  private async request(channel: Channel, args: unknown[]): Promise<unknown>;
  private async request(channel: Channel | DesktopChannel, args: unknown[]): Promise<unknown> {
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
    return unwrapResult(envelope, channel);
  }

  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    // The core sends each event channel's contract payload.
    return this.bridge.on(event, (payload) => listener(payload as EventPayload<E>));
  }
}
