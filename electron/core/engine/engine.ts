/**
 * The connection to the container engine: probes it (`/_ping`, then `/version`), pins the API
 * version, says whether it is Docker or Podman, reconnects with backoff when it goes away, and
 * hands out its clients as `DockerClient`s. The only place that creates dockerode clients.
 */
import http from 'node:http';
import https from 'node:https';
import Dockerode from 'dockerode';
import type { EngineEndpoint, EngineKind, EngineStatus } from '../../../shared/model.js';
import { HangarError } from '../../../shared/errors.js';
import { Backoff, DEFAULT_BACKOFF } from './backoff.js';
import { ClientSetupError, describeEngineError, engineLabel } from './describe-error.js';
import type { DockerClient } from './docker-client.js';
import type { EngineSource } from './engine-source.js';
import { PODMAN_SOURCE, type EngineClientOptions, type ResolvedEngine } from './resolve.js';
import { SshDialAgent } from './ssh-dial.js';
import {
  dockerodeVersion,
  negotiateApiVersion,
  parseVersion,
  type VersionInfo,
} from './version-info.js';

export interface EngineOptions {
  backoff?: { initialMs: number; maxMs: number };
  now?: () => number;
  /** For the backoff's jitter (default Math.random). */
  random?: () => number;
  /** How long `/_ping` and `/version` may take together (default 5 s). */
  probeTimeoutMs?: number;
  /** Idle timeout of `client()`'s requests (default 120 s). `eventsClient()` has none. */
  callTimeoutMs?: number;
}

type Listener = (status: EngineStatus) => void;

interface Reachable extends VersionInfo {
  /** The API version in use (negotiated). */
  pinned: string;
}

/** Which request of the probe failed, so the reason can say so. */
class ProbeFailure {
  constructor(
    readonly path: string | undefined,
    readonly error: unknown,
  ) {}
}

export class Engine implements EngineSource {
  readonly endpoint: EngineEndpoint;
  private current: EngineStatus;
  private readonly listeners = new Set<Listener>();
  private readonly backoff: Backoff;
  private readonly now: () => number;
  private readonly probeTimeoutMs: number;
  private readonly callTimeoutMs: number;
  private timer: NodeJS.Timeout | null = null;
  private inflight: Promise<EngineStatus> | null = null;
  /** True during the turn in which a probe started: failures reported then are covered by it. */
  private probeJustStarted = false;
  private recheckQueued = false;
  private stopped = false;
  private kind: EngineKind | undefined;
  private clients: { pinned: string; normal: DockerClient; events: DockerClient } | null = null;

  constructor(
    private readonly resolved: ResolvedEngine,
    opts: EngineOptions = {},
  ) {
    this.endpoint = resolved.endpoint;
    this.backoff = new Backoff(opts.backoff ?? DEFAULT_BACKOFF, opts.random);
    this.now = opts.now ?? Date.now;
    this.probeTimeoutMs = opts.probeTimeoutMs ?? 5_000;
    this.callTimeoutMs = opts.callTimeoutMs ?? 120_000;
    if (resolved.endpoint.source === PODMAN_SOURCE) this.kind = 'podman';
    this.current = { state: 'connecting', endpoint: this.endpoint };
  }

  status(): EngineStatus {
    return this.current;
  }

  onStatus(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** The first connection attempt. Never rejects for unreachability: resolves with the status. */
  start(): Promise<EngineStatus> {
    return this.connect();
  }

  /** Connects now, cancelling a pending backoff timer. */
  retry(): Promise<EngineStatus> {
    if (this.stopped) return Promise.resolve(this.current);
    this.clearTimer();
    if (this.current.state === 'unreachable') {
      this.setStatus({ state: 'connecting', endpoint: this.endpoint });
    }
    return this.connect();
  }

  /**
   * Called by users of the engine when a call or stream failed on the connection: re-checks,
   * and if the engine is down switches to unreachable and starts the backoff loop. An error that
   * carries an HTTP status came from the engine itself, so it is ignored.
   */
  reportFailure(err: unknown): void {
    if (this.stopped || this.current.state !== 'reachable') return;
    if (hasHttpStatus(err)) return;
    if (!this.inflight) {
      void this.connect();
    } else if (!this.probeJustStarted && !this.recheckQueued) {
      // The probe under way began before this failure and may still succeed: check once more
      // after it, so the failure is never swallowed. Reports in the same turn share one probe.
      this.recheckQueued = true;
      void this.inflight.finally(() => {
        this.recheckQueued = false;
        this.reportFailure(err);
      });
    }
  }

  /** The client for ordinary calls, API version pinned. Throws ENGINE_UNREACHABLE when down. */
  client(): DockerClient {
    return this.reachableClients().normal;
  }

  /** Same endpoint and version, but no idle timeout: that would kill a quiet event stream. */
  eventsClient(): DockerClient {
    return this.reachableClients().events;
  }

  /** No more timers and no more status events. */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
    if (this.current.state === 'unreachable') this.current = { ...this.current, retryAt: null };
  }

  private reachableClients(): { normal: DockerClient; events: DockerClient } {
    if (this.current.state === 'reachable' && this.clients) return this.clients;
    const message =
      this.current.state === 'unreachable'
        ? this.current.reason
        : `Still connecting to ${engineLabel(this.kind)} at ${this.endpoint.host}`;
    throw new HangarError('ENGINE_UNREACHABLE', message);
  }

  private connect(): Promise<EngineStatus> {
    if (this.inflight) return this.inflight;
    this.probeJustStarted = true;
    setImmediate(() => (this.probeJustStarted = false));
    const attempt = this.probe().then(
      (info) => this.onReachable(info),
      (failure: unknown) => this.onUnreachable(failure),
    );
    this.inflight = attempt.finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async probe(): Promise<Reachable> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.probeTimeoutMs);
    const agent = probeAgent(this.resolved.options);
    let path: string | undefined;
    try {
      const calls = createClient({
        ...this.resolved.options,
        timeout: undefined,
        ...(agent ? { agent } : {}),
      });
      path = '/_ping';
      await calls.ping({ abortSignal: abort.signal });
      path = '/version';
      const info = parseVersion(await calls.version({ abortSignal: abort.signal }));
      return { ...info, pinned: negotiateApiVersion(info) };
    } catch (err) {
      throw new ProbeFailure(path, abort.signal.aborted ? timedOut() : err);
    } finally {
      clearTimeout(timer);
      agent?.destroy();
    }
  }

  private onReachable(info: Reachable): EngineStatus {
    if (this.stopped) return this.current;
    this.clearTimer();
    this.backoff.reset();
    this.kind = info.kind;
    if (this.clients?.pinned !== info.pinned) {
      const base = { ...this.resolved.options, version: dockerodeVersion(info.pinned) };
      this.clients = {
        pinned: info.pinned,
        normal: createClient({ ...base, timeout: this.callTimeoutMs }),
        events: createClient({ ...base, timeout: undefined }),
      };
    }
    this.setStatus({
      state: 'reachable',
      endpoint: this.endpoint,
      kind: info.kind,
      version: info.version,
      apiVersion: info.pinned,
      os: info.os,
      arch: info.arch,
    });
    return this.current;
  }

  private onUnreachable(failure: unknown): EngineStatus {
    const { path, error } =
      failure instanceof ProbeFailure ? failure : new ProbeFailure(undefined, failure);
    const reason = describeEngineError(error, { host: this.endpoint.host, kind: this.kind, path });
    if (this.stopped) return this.current;
    this.clients = null;
    this.clearTimer();
    const delay = this.backoff.next();
    const timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
    timer.unref();
    this.timer = timer;
    this.setStatus({
      state: 'unreachable',
      endpoint: this.endpoint,
      reason,
      retryAt: this.now() + delay,
    });
    return this.current;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private setStatus(next: EngineStatus): void {
    if (this.stopped || sameStatus(this.current, next)) return;
    this.current = next;
    for (const listener of [...this.listeners]) {
      try {
        listener(next);
      } catch {
        // a listener's failure must not stop the others or the connection loop
      }
    }
  }
}

/**
 * A dockerode client, typed as the calls Hangar makes. dockerode's typings differ from what it
 * does where Hangar relies on it (every call takes an `abortSignal`, a build's `t` may repeat, a
 * Buffer is a build context, answers are `any` or interfaces without the engine's other fields),
 * so the client is typed here, once; the integration suites run these calls against real engines.
 * docker-modem's constructor reads process.env and cert files itself, and may throw.
 */
function createClient(options: Dockerode.DockerOptions & { agent?: http.Agent }): DockerClient {
  try {
    return new Dockerode(options) as unknown as DockerClient;
  } catch (err) {
    throw new ClientSetupError(err);
  }
}

function sameStatus(a: EngineStatus, b: EngineStatus): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function hasHttpStatus(err: unknown): boolean {
  return (
    err !== null &&
    typeof err === 'object' &&
    typeof (err as { statusCode?: unknown }).statusCode === 'number'
  );
}

/**
 * A fresh agent without keep-alive for each probe: a pooled socket from before the engine went
 * away would fail with EPIPE/ECONNRESET and hide the real reason (no such socket, refused).
 * ssh's agent pools nothing (each connection is a new session), so the probe uses it as it is.
 */
function probeAgent(options: EngineClientOptions): http.Agent | undefined {
  if (options.agent instanceof SshDialAgent) return undefined;
  if (options.protocol !== 'https') return new http.Agent({ keepAlive: false });
  const rejectUnauthorized = options.agent?.options.rejectUnauthorized ?? true;
  return new https.Agent({ keepAlive: false, rejectUnauthorized });
}

function timedOut(): Error {
  return Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' });
}
