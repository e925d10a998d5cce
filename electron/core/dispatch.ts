/**
 * The one place where a request from outside (IPC or HTTP) meets a handler: the channel is checked
 * against the contract, the arguments are validated by the channel's zod schema, and whatever
 * happens comes back as an `IpcResult`. Both hosts call this; neither calls a handler directly.
 */
import type { z } from 'zod';
import { argSchemas, isChannel, type Channel, type Handlers } from '../../shared/contract.js';
import { HangarError, type IpcResult } from '../../shared/errors.js';
import { toIpcError } from './errors.js';

/** Turns a zod failure into one sentence naming the argument and what is wrong with it. */
export function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'The request was not valid.';
  const where = first.path.length > 0 ? `argument ${first.path.join('.')}: ` : '';
  return `${where}${first.message}`;
}

/**
 * Validates `args` with `schema` (none: the channel is unknown) and hands them to `run`; a bad
 * request, a thrown error and the answer all come back as an `IpcResult`.
 */
export async function runRequest(
  channel: unknown,
  schema: z.ZodType | undefined,
  args: unknown,
  run: (args: unknown[]) => Promise<unknown>,
): Promise<IpcResult<unknown>> {
  if (schema === undefined) {
    return {
      ok: false,
      error: new HangarError('VALIDATION', `Unknown request: ${String(channel)}.`).toJSON(),
    };
  }
  const parsed = schema.safeParse(args);
  if (!parsed.success) {
    return {
      ok: false,
      error: new HangarError(
        'VALIDATION',
        `Invalid request ${String(channel)}: ${describeIssues(parsed.error)}`,
      ).toJSON(),
    };
  }
  try {
    return { ok: true, value: await run(parsed.data as unknown[]) };
  } catch (err) {
    return { ok: false, error: toIpcError(err) };
  }
}

export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  args: unknown,
): Promise<IpcResult<unknown>> {
  const known = isChannel(channel) ? channel : null;
  return runRequest(channel, known === null ? undefined : argSchemas[known], args, (data) => {
    const handler = handlers[known as Channel] as (...a: unknown[]) => Promise<unknown>;
    return handler(...data);
  });
}

export type { Channel };
