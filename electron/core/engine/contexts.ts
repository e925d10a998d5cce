/**
 * The docker CLI's contexts: `currentContext` in `$DOCKER_CONFIG/config.json`, each context's
 * metadata in `contexts/meta/<sha256 of name>/meta.json` and its TLS files in
 * `contexts/tls/<sha256 of name>/docker/{ca,cert,key}.pem`.
 */
import { createHash } from 'node:crypto';
import { HangarError } from '../../../shared/errors.js';

/** The file access resolution needs; `readFile` throws when the file cannot be read. */
export interface FileReader {
  exists(path: string): boolean;
  readFile(path: string): string;
}

/** `path.posix` or `path.win32`, whichever the platform uses. */
export interface PathJoiner {
  join(...parts: string[]): string;
}

export interface ContextEndpoint {
  name: string;
  /** `Endpoints.docker.Host`. */
  host: string;
  skipTlsVerify: boolean;
  /** PEM texts of the TLS files the context has (each optional, as in the CLI). */
  tls: { ca?: string; cert?: string; key?: string };
  /** Where the TLS files are (or would be). */
  tlsDir: string;
}

/** The context with no file: the default socket. */
export const DEFAULT_CONTEXT = 'default';

export function contextHash(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function readJson(io: FileReader, file: string): unknown {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (err) {
    throw new HangarError('VALIDATION', `Cannot read ${file}: ${errorText(err)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new HangarError('VALIDATION', `Cannot read ${file}: invalid JSON (${errorText(err)})`);
  }
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object'
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** `currentContext` from config.json, or undefined when there is no file or no such key. */
export function readCurrentContext(
  configDir: string,
  io: FileReader,
  paths: PathJoiner,
): string | undefined {
  const file = paths.join(configDir, 'config.json');
  if (!io.exists(file)) return undefined;
  const current = field(readJson(io, file), 'currentContext');
  return typeof current === 'string' && current !== '' ? current : undefined;
}

/** Loads a named context's docker endpoint; throws VALIDATION when it does not exist. */
export function loadContext(
  name: string,
  configDir: string,
  io: FileReader,
  paths: PathJoiner,
): ContextEndpoint {
  const hash = contextHash(name);
  const metaFile = paths.join(configDir, 'contexts', 'meta', hash, 'meta.json');
  if (!io.exists(metaFile)) {
    throw new HangarError('VALIDATION', `Docker context "${name}" does not exist (no ${metaFile})`);
  }
  const docker = field(field(readJson(io, metaFile), 'Endpoints'), 'docker');
  const host = field(docker, 'Host');
  if (typeof host !== 'string' || host === '') {
    throw new HangarError(
      'VALIDATION',
      `Docker context "${name}" has no docker endpoint host in ${metaFile}`,
    );
  }
  const tlsDir = paths.join(configDir, 'contexts', 'tls', hash, 'docker');
  const tls: ContextEndpoint['tls'] = {};
  for (const part of ['ca', 'cert', 'key'] as const) {
    const file = paths.join(tlsDir, `${part}.pem`);
    if (io.exists(file)) tls[part] = readPem(io, file);
  }
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    const missing = paths.join(tlsDir, tls.cert === undefined ? 'cert.pem' : 'key.pem');
    throw new HangarError('VALIDATION', `TLS file missing: ${missing} (docker context "${name}")`);
  }
  return { name, host, skipTlsVerify: field(docker, 'SkipTLSVerify') === true, tls, tlsDir };
}

/** Reads a PEM file, turning a read failure into a one-line VALIDATION error. */
export function readPem(io: FileReader, file: string): string {
  try {
    return io.readFile(file);
  } catch (err) {
    throw new HangarError('VALIDATION', `Cannot read TLS file ${file}: ${errorText(err)}`);
  }
}
