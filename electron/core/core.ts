/**
 * The composition root of the core: builds the engine connection, the image index and the handler
 * table, and hands the hosts (Electron main, the web host, the CLI) one object to serve.
 */
import type { EventSink, Handlers } from '../../shared/contract.js';

export interface CoreOptions {
  /** The `--host` flag, if given; otherwise the engine is resolved like the docker CLI does. */
  host?: string;
  /** Environment to resolve from (defaults to `process.env`). */
  env?: NodeJS.ProcessEnv;
}

export interface Core {
  /** Every request channel's handler. Hosts call them through `dispatch()`, never directly. */
  readonly handlers: Handlers;
  /** Receives every event (`engine:status`, `index:delta`, `index:status`) until unsubscribed. */
  subscribe(sink: EventSink): () => void;
  /** Resolves once the first connection attempt has settled (reachable and loaded, or unreachable). */
  ready(): Promise<void>;
  close(): Promise<void>;
}
