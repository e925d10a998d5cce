/** Helpers for declaring a group of channels: each group pairs an interface with its schemas. */
import type { z } from 'zod';

/** One request channel: what it takes and what it gives back. */
export interface ChannelSpec {
  args: unknown[];
  result: unknown;
}

/** A zod schema for every channel of a group, each validating exactly that channel's arguments. */
export type SchemasFor<T extends { [C in keyof T]: ChannelSpec }> = {
  [C in keyof T]: z.ZodType<T[C]['args']>;
};
