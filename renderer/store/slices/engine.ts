/**
 * The engine slice: the Docker (or Podman) engine's status as the core reports it, from
 * `engines:status` and then every `engine:status` event (followed as `engine`), and a manual
 * retry.
 */
import type { EngineStatus } from '../../../shared/model.js';
import { errorMessage } from '../../model/errors.js';
import type { SliceCreator } from '../slice.js';

export interface EngineSlice {
  /** Null until the first answer. */
  engine: EngineStatus | null;
  /** Why the core itself could not be asked (the web host is gone, the session was refused). */
  engineError: string | null;
  /** A manual retry is in flight. */
  engineRetrying: boolean;
  /** Asks the core to reconnect now (`engines:retry`). */
  retryEngine(): Promise<void>;
}

export const createEngineSlice: SliceCreator<EngineSlice> =
  ({ transport, syncs }) =>
  (set) => {
    /** Bumped by each event, so a slower fetch never overwrites a newer pushed status. */
    let seq = 0;

    const fetchStatus = async (): Promise<void> => {
      const asked = seq;
      try {
        const status = await transport.invoke('engines:status');
        if (seq === asked) set({ engine: status, engineError: null });
      } catch (err) {
        set({ engineError: errorMessage(err) });
      }
    };

    syncs.follow('engine', () => {
      const off = transport.on('engine:status', (status) => {
        seq++;
        set({ engine: status, engineError: null });
      });
      return { loaded: fetchStatus(), stop: off };
    });

    return {
      engine: null,
      engineError: null,
      engineRetrying: false,

      retryEngine: async () => {
        set({ engineRetrying: true });
        const asked = seq;
        try {
          const status = await transport.invoke('engines:retry');
          if (seq === asked) set({ engine: status });
          set({ engineError: null });
        } catch (err) {
          set({ engineError: errorMessage(err) });
        } finally {
          set({ engineRetrying: false });
        }
      },
    };
  };
