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

export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  args: unknown,
): Promise<IpcResult<unknown>> {
  if (!isChannel(channel)) {
    return {
      ok: false,
      error: new HangarError('VALIDATION', `Unknown request: ${String(channel)}.`).toJSON(),
    };
  }
  const parsed = argSchemas[channel].safeParse(args);
  if (!parsed.success) {
    return {
      ok: false,
      error: new HangarError(
        'VALIDATION',
        `Invalid request ${channel}: ${describeIssues(parsed.error)}`,
      ).toJSON(),
    };
  }
  try {
    const handler = handlers[channel] as (...a: unknown[]) => Promise<unknown>;
    return { ok: true, value: await handler(...(parsed.data as unknown[])) };
  } catch (err) {
    return { ok: false, error: toIpcError(err) };
  }
}

export type { Channel };
