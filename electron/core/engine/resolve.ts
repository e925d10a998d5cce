/**
 * Finds the container engine the way the docker CLI does:
 * `--host` / `--context` flag, then DOCKER_HOST, then DOCKER_CONTEXT, then `currentContext` in
 * config.json, then the default socket (Docker Desktop's, then the system one), and when that
 * does not exist a Podman socket. Everything it reads is injected, so it is unit-testable.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EngineEndpoint } from '../../../shared/model.js';
import { HangarError } from '../../../shared/errors.js';
import {
  DEFAULT_CONTEXT,
  loadContext,
  readCurrentContext,
  readPem,
  type FileReader,
  type PathJoiner,
} from './contexts.js';
import {
  DEFAULT_NPIPE,
  DEFAULT_UNIX_SOCKET,
  DOCKER_PORT,
  DOCKER_TLS_PORT,
  clientOptions,
  formatHostAddress,
  parseHostAddress,
  type EngineClientOptions,
  type HostAddress,
  type TlsConfig,
} from './host-address.js';

export type { EngineClientOptions } from './host-address.js';

export interface ResolvedEngine {
  endpoint: EngineEndpoint;
  /** What to give `new Dockerode()` (the Engine adds the API version and timeouts). */
  options: EngineClientOptions;
}

export interface ResolveInput extends FileReader {
  /** `--host` / `-H`. */
  flagHost?: string;
  /** `--context`; an error together with `flagHost`, as in the CLI. */
  flagContext?: string;
  env: Record<string, string | undefined>;
  /** The user's home (default `os.homedir()`): Docker Desktop's socket is under it. */
  homeDir?: string;
  /** The docker CLI config dir (default `$DOCKER_CONFIG`, else `<home>/.docker`). */
  configDir?: string;
  platform: NodeJS.Platform;
}

export const PODMAN_SOURCE = 'podman socket';
const ROOTFUL_PODMAN_SOCKET = '/run/podman/podman.sock';

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value !== '' ? value : undefined;
}

export function resolveEndpoint(input: ResolveInput): ResolvedEngine {
  const paths: PathJoiner = input.platform === 'win32' ? path.win32 : path.posix;
  const env = input.env;
  const homeDir = input.homeDir ?? os.homedir();
  const configDir =
    input.configDir ?? nonEmpty(env.DOCKER_CONFIG) ?? paths.join(homeDir, '.docker');
  const ctx: Ctx = { input, paths, homeDir, configDir };

  const flagHost = nonEmpty(input.flagHost);
  const flagContext = nonEmpty(input.flagContext);
  if (flagHost && flagContext) {
    throw new HangarError(
      'VALIDATION',
      'Conflicting options: either specify --host or --context, not both',
    );
  }
  if (flagHost) return fromHostString(ctx, flagHost, '--host');
  if (flagContext) return fromContext(ctx, flagContext);
  const dockerHost = nonEmpty(env.DOCKER_HOST);
  if (dockerHost) return fromHostString(ctx, dockerHost, 'DOCKER_HOST');
  const dockerContext = nonEmpty(env.DOCKER_CONTEXT);
  if (dockerContext) return fromContext(ctx, dockerContext);
  const current = readCurrentContext(configDir, input, paths);
  if (current) return fromContext(ctx, current);
  return defaultEngine(ctx);
}

interface Ctx {
  input: ResolveInput;
  paths: PathJoiner;
  homeDir: string;
  configDir: string;
}

function resolved(
  address: HostAddress,
  source: string,
  tls: TlsConfig | null,
  env: ResolveInput['env'],
): ResolvedEngine {
  const usesTls = address.scheme === 'tcp' && tls !== null;
  return {
    endpoint: { host: formatHostAddress(address), source, tls: usesTls },
    options: clientOptions(address, usesTls ? tls : null, nonEmpty(env.SSH_AUTH_SOCK)),
  };
}

/** `--host` or DOCKER_HOST, with TLS from DOCKER_TLS_VERIFY / DOCKER_CERT_PATH / port 2376. */
function fromHostString(ctx: Ctx, raw: string, source: string): ResolvedEngine {
  const { input, paths, configDir } = ctx;
  // Like the CLI: any non-empty DOCKER_TLS_VERIFY (even "0") turns verification on.
  const verify = nonEmpty(input.env.DOCKER_TLS_VERIFY) !== undefined;
  const address = parseHostAddress(raw, input.platform, verify ? DOCKER_TLS_PORT : DOCKER_PORT);
  if (address.scheme !== 'tcp') return resolved(address, source, null, input.env);
  if (!verify && address.port !== DOCKER_TLS_PORT) {
    return resolved(address, source, null, input.env);
  }
  const certPath = nonEmpty(input.env.DOCKER_CERT_PATH) ?? configDir;
  const tls: TlsConfig = { verify };
  for (const part of ['ca', 'cert', 'key'] as const) {
    const file = paths.join(certPath, `${part}.pem`);
    if (input.exists(file)) {
      tls[part] = readPem(input, file);
    } else if (verify) {
      throw new HangarError(
        'VALIDATION',
        `TLS file missing: ${file} (DOCKER_TLS_VERIFY is set; DOCKER_CERT_PATH must hold ca.pem, cert.pem and key.pem)`,
      );
    }
  }
  if (!verify && (tls.cert === undefined) !== (tls.key === undefined)) {
    const missing = paths.join(certPath, tls.cert === undefined ? 'cert.pem' : 'key.pem');
    throw new HangarError('VALIDATION', `TLS file missing: ${missing}`);
  }
  return resolved(address, source, tls, input.env);
}

/** A named context; `default` is the default socket. TLS as the CLI: files present or SkipTLSVerify. */
function fromContext(ctx: Ctx, name: string): ResolvedEngine {
  if (name === DEFAULT_CONTEXT) return defaultEngine(ctx);
  const { input, paths, configDir } = ctx;
  const context = loadContext(name, configDir, input, paths);
  const address = parseHostAddress(context.host, input.platform);
  const hasTls = Object.keys(context.tls).length > 0 || context.skipTlsVerify;
  const tls: TlsConfig | null = hasTls ? { verify: !context.skipTlsVerify, ...context.tls } : null;
  return resolved(address, `context ${name}`, tls, input.env);
}

/** Docker Desktop's socket, the system socket, a Podman socket; the system socket if none exists. */
function defaultEngine(ctx: Ctx): ResolvedEngine {
  const { input, paths, homeDir } = ctx;
  if (input.platform === 'win32') {
    return resolved({ scheme: 'npipe', path: DEFAULT_NPIPE }, 'default', null, input.env);
  }
  const candidates: Array<[string, string]> = [
    [paths.join(homeDir, '.docker', 'run', 'docker.sock'), 'default'],
    [DEFAULT_UNIX_SOCKET, 'default'],
  ];
  const runtimeDir = nonEmpty(input.env.XDG_RUNTIME_DIR);
  if (runtimeDir) candidates.push([paths.join(runtimeDir, 'podman', 'podman.sock'), PODMAN_SOURCE]);
  candidates.push([ROOTFUL_PODMAN_SOCKET, PODMAN_SOURCE]);
  const found = candidates.find(([socket]) => input.exists(socket));
  const [socket, source] = found ?? [DEFAULT_UNIX_SOCKET, 'default'];
  return resolved({ scheme: 'unix', path: socket }, source, null, input.env);
}

/** The real machine's file access, for `resolveEndpoint`. */
export const nodeFileReader: FileReader = {
  exists: (file) => existsSync(file),
  readFile: (file) => readFileSync(file, 'utf8'),
};

/** Resolves from this process: its environment (unless given), home, platform and file system. */
export function resolveEngine(
  opts: {
    flagHost?: string;
    flagContext?: string;
    env?: Record<string, string | undefined>;
  } = {},
): ResolvedEngine {
  return resolveEndpoint({
    flagHost: opts.flagHost,
    flagContext: opts.flagContext,
    env: opts.env ?? process.env,
    platform: process.platform,
    ...nodeFileReader,
  });
}
