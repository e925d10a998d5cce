/**
 * Errors cross every boundary (IPC, HTTP, CLI) as data with a closed set of codes,
 * so the UI can say what happened in words and what to do next.
 */

export const ERROR_CODES = [
  'ENGINE_UNREACHABLE',
  'NOT_FOUND',
  'CONFLICT_IN_USE',
  'INVALID_REFERENCE',
  'AUTH_FAILED',
  'REGISTRY_ERROR',
  'CANCELLED',
  'VALIDATION',
  'UNAUTHORIZED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface IpcError {
  code: ErrorCode;
  /** One sentence a user understands. */
  message: string;
  /** Optional extra for the curious: the daemon's own words, the failing field. */
  detail?: string;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** An error that knows its code. Thrown inside the core; turned into an `IpcError` at the boundary. */
export class HangarError extends Error {
  readonly code: ErrorCode;
  readonly detail?: string;

  constructor(code: ErrorCode, message: string, detail?: string) {
    super(message);
    this.name = 'HangarError';
    this.code = code;
    if (detail !== undefined) this.detail = detail;
  }

  toJSON(): IpcError {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Rebuilds an error on the receiving side of a boundary from its envelope. */
export function fromIpcError(error: IpcError): HangarError {
  return new HangarError(error.code, error.message, error.detail);
}
