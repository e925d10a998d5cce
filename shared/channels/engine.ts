/** Channels of the engine connection. */
import { z } from 'zod';
import type { EngineStatus } from '../model.js';
import type { SchemasFor } from './define.js';

export interface EngineChannels {
  /** The engine's current status (also pushed as `engine:status`). */
  'engines:status': { args: []; result: EngineStatus };
  /** Reconnect now instead of waiting for the next backoff step. */
  'engines:retry': { args: []; result: EngineStatus };
}

export const engineSchemas = {
  'engines:status': z.tuple([]),
  'engines:retry': z.tuple([]),
} satisfies SchemasFor<EngineChannels>;

export interface EngineEvents {
  'engine:status': EngineStatus;
}
