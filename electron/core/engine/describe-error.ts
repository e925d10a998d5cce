/**
 * Turns a failure to reach the engine into the real reason in words, as the UI banner shows it:
 * `Cannot reach Docker at unix:///var/run/docker.sock: permission denied`.
 */
import type { EngineKind } from '../../../shared/model.js';
import { EngineVersionError, MAX_API_VERSION, NotDockerApiError } from './version-info.js';

/** dockerode could not even be created (docker-modem reads DOCKER_HOST/DOCKER_CERT_PATH itself). */
export class ClientSetupError extends Error {
  constructor(cause: unknown) {
    const text = cause instanceof Error ? cause.message : String(cause);
    super(`the Docker client could not be set up: ${text.split('\n')[0] ?? ''}`);
    this.name = 'ClientSetupError';
  }
}

export interface DescribeContext {
  /** The endpoint address, as shown to users. */
  host: string;
  /** The engine as detected, when known. */
  kind?: EngineKind;
  /** The request that failed, e.g. `/_ping`. */
  path?: string;
}

interface ErrorLike {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  json?: unknown;
  level?: unknown;
  hostname?: unknown;
  errors?: unknown;
}

/** `Docker` or `Podman`: what to call the engine in messages. */
export function engineLabel(kind?: EngineKind): string {
  return kind === 'podman' ? 'Podman' : 'Docker';
}

/** The whole line: `Cannot reach Docker at <host>: <reason>`. */
export function describeEngineError(err: unknown, ctx: DescribeContext): string {
  return `Cannot reach ${engineLabel(ctx.kind)} at ${ctx.host}: ${describeReason(err, ctx)}`;
}

const ERRNO_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'timed out',
  ESOCKETTIMEDOUT: 'timed out',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTSOCK: 'not a socket',
  ENOTDIR: 'no such socket (a part of the path is not a folder)',
};

const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT:
    'TLS error: its certificate is self-signed and not trusted (check ca.pem)',
  SELF_SIGNED_CERT_IN_CHAIN:
    'TLS error: its certificate chain has an untrusted self-signed certificate (check ca.pem)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'TLS error: its certificate is not signed by a trusted CA (check ca.pem)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'TLS error: its certificate is not signed by a trusted CA (check ca.pem)',
  UNABLE_TO_GET_ISSUER_CERT:
    'TLS error: its certificate is not signed by a trusted CA (check ca.pem)',
  CERT_SIGNATURE_FAILURE: 'TLS error: its certificate signature is invalid',
  CERT_HAS_EXPIRED: 'TLS error: its certificate has expired',
  CERT_NOT_YET_VALID: 'TLS error: its certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS error: its certificate is not for this host name',
  ERR_SSL_WRONG_VERSION_NUMBER:
    'TLS error: it does not speak TLS (unset DOCKER_TLS_VERIFY or use its plain port)',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA:
    'TLS error: it refused our client certificate (check cert.pem and key.pem)',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE:
    'TLS error: it refused our client certificate (check cert.pem and key.pem)',
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED:
    'TLS error: it requires a client certificate (check cert.pem and key.pem)',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'TLS error: the handshake failed',
};

/** Just the reason: `permission denied`, `connection refused`, … */
export function describeReason(err: unknown, ctx: DescribeContext): string {
  if (
    err instanceof NotDockerApiError ||
    err instanceof EngineVersionError ||
    err instanceof ClientSetupError
  ) {
    return err.message;
  }
  const e = asErrorLike(err);
  const code = typeof e.code === 'string' ? e.code : firstInnerCode(e);
  if (typeof e.statusCode === 'number') return describeHttp(e.statusCode, daemonText(e), ctx.path);
  if (code === 'ENOENT') {
    return ctx.host.startsWith('npipe:')
      ? 'no such pipe (is the engine running?)'
      : 'no such socket (is the engine running?)';
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return typeof e.hostname === 'string' ? `unknown host ${e.hostname}` : 'unknown host';
  }
  if (code !== undefined && ERRNO_REASONS[code]) {
    return code === 'ECONNRESET' && /socket hang up/i.test(messageOf(e))
      ? 'the connection closed before an answer'
      : ERRNO_REASONS[code];
  }
  if (code !== undefined && TLS_REASONS[code]) return TLS_REASONS[code];
  if (code !== undefined && /^HPE_/.test(code)) return 'not a Docker API (it does not answer HTTP)';
  if (code !== undefined && /^(ERR_SSL_|ERR_TLS_|CERT_)/.test(code)) {
    return `TLS error: ${firstLine(messageOf(e)) || code}`;
  }
  if (e.level === 'client-authentication') {
    return 'ssh authentication failed (is your key loaded in ssh-agent? SSH_AUTH_SOCK)';
  }
  if (e.level === 'client-timeout') return 'timed out';
  return firstLine(messageOf(e)) || (code ?? 'unknown error');
}

const TOO_NEW = /client version (\S+) is too new\. Maximum supported API version is (\S+)/i;
const TOO_OLD = /client version (\S+) is too old\. Minimum supported API version is ([\d.]+)/i;

function describeHttp(status: number, said: string, path?: string): string {
  const tooNew = TOO_NEW.exec(said);
  if (tooNew) {
    return `its API version ${tooNew[2]} is older than the ${tooNew[1]} Hangar asked for`;
  }
  const tooOld = TOO_OLD.exec(said);
  if (tooOld) {
    return `it needs API version ${tooOld[2]} or newer, and Hangar speaks at most ${MAX_API_VERSION}`;
  }
  if (/HTTP request to an HTTPS server/i.test(said)) {
    return 'it expects TLS (set DOCKER_TLS_VERIFY=1 or use port 2376)';
  }
  if (path === '/_ping') return `not a Docker API (it answered HTTP ${status} to /_ping)`;
  const where = path ? ` to ${path}` : '';
  return said
    ? `it answered HTTP ${status}${where}: ${said}`
    : `it answered HTTP ${status}${where}`;
}

function asErrorLike(err: unknown): ErrorLike {
  return err !== null && typeof err === 'object' ? (err as ErrorLike) : { message: String(err) };
}

/** Node's happy-eyeballs connect gives an AggregateError; its parts carry the codes. */
function firstInnerCode(e: ErrorLike): string | undefined {
  if (!Array.isArray(e.errors)) return undefined;
  for (const inner of e.errors as unknown[]) {
    const code = asErrorLike(inner).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * The daemon's `{"message": …}` when it sent one, else the text of the modem's error without its
 * `(HTTP code 400) unexpected - ` prefix.
 */
function daemonText(e: ErrorLike): string {
  const json = e.json;
  if (json !== null && typeof json === 'object' && 'message' in json) {
    const m = (json as { message: unknown }).message;
    if (typeof m === 'string') return firstLine(m);
  }
  return firstLine(messageOf(e).replace(/^\(HTTP code \d+\)[^-]*- /, ''));
}

function messageOf(e: ErrorLike): string {
  return typeof e.message === 'string' ? e.message : '';
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}
