/** Reading the `IpcResult` envelope that every host answers with, from untrusted JSON. */
import { HangarError, fromIpcError, isErrorCode, type IpcError } from '../../shared/errors.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function asIpcError(value: unknown): IpcError | null {
  if (!isRecord(value) || !isErrorCode(value.code) || typeof value.message !== 'string') {
    return null;
  }
  const error: IpcError = { code: value.code, message: value.message };
  if (typeof value.detail === 'string') error.detail = value.detail;
  return error;
}

/**
 * The value of an `{ ok: true, value }` envelope; throws the `HangarError` of an
 * `{ ok: false, error }` one, and an `INTERNAL` one for anything else.
 */
export function unwrapResult(envelope: unknown, channel: string): unknown {
  if (isRecord(envelope)) {
    if (envelope.ok === true && 'value' in envelope) return envelope.value;
    if (envelope.ok === false) {
      const error = asIpcError(envelope.error);
      if (error) throw fromIpcError(error);
    }
  }
  throw new HangarError(
    'INTERNAL',
    `Hangar's core sent an answer to ${channel} that the window cannot read.`,
  );
}
