/**
 * Failed calls in words: the core's sentence (a `HangarError`, or the `IpcError` envelope it
 * travels in), and for the failures a user can fix, what to do next. Pure functions, no DOM.
 */
import { isErrorCode, type ErrorCode } from '../../shared/errors.js';

const UNKNOWN_FAILURE = 'Something went wrong talking to Hangar’s core.';

interface ErrorLike {
  code: ErrorCode;
  message: string;
}

function asErrorLike(err: unknown): ErrorLike | null {
  if (typeof err !== 'object' || err === null) return null;
  const { code, message } = err as { code?: unknown; message?: unknown };
  return isErrorCode(code) && typeof message === 'string' ? { code, message } : null;
}

/** What to show a user for a failed call: a `HangarError`'s sentence, or a generic one. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  return UNKNOWN_FAILURE;
}

/**
 * What to show for a failed action: the core's sentence, and for an authentication failure what
 * to do about it (log in with the docker CLI, whose credentials Hangar uses).
 */
export function errorWords(err: unknown, registry?: string): string {
  const known = asErrorLike(err);
  if (!known) return errorMessage(err);
  const message = known.message.trim() || 'The action failed.';
  if (known.code === 'AUTH_FAILED') {
    const login = registry ? `docker login ${registry}` : 'docker login';
    return `${withStop(message)} Run ${login} (Hangar uses the docker CLI’s credentials), then try again.`;
  }
  if (known.code === 'ENGINE_UNREACHABLE') {
    return `${withStop(message)} Check that Docker is running, then try again.`;
  }
  return message;
}

function withStop(sentence: string): string {
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** The error code of a thrown error or an `IpcError`, or null. */
export function errorCodeOf(err: unknown): ErrorCode | null {
  return asErrorLike(err)?.code ?? null;
}
