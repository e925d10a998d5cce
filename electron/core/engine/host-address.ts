/**
 * Engine addresses as the docker CLI writes them (`unix://`, `tcp://`, `npipe://`, `ssh://`):
 * parsing, the canonical string shown to users, and the dockerode options that reach them.
 */
import https from 'node:https';
import type Dockerode from 'dockerode';
import { HangarError } from '../../../shared/errors.js';
import { SshDialAgent } from './ssh-dial.js';

/** dockerode's options plus the extra ones docker-modem also honours. */
export type EngineClientOptions = Dockerode.DockerOptions & {
  /**
   * For TLS, only set to turn off certificate verification (`SkipTLSVerify`, or TLS without
   * verify); for ssh, the transport (ssh sessions running `docker system dial-stdio`).
   */
  agent?: https.Agent | SshDialAgent;
};

export type HostAddress =
  | { scheme: 'unix'; path: string }
  | { scheme: 'npipe'; path: string }
  | { scheme: 'tcp'; hostname: string; port: number }
  | { scheme: 'ssh'; hostname: string; port: number; username?: string };

/** PEM texts for a TLS connection, and whether the engine's certificate is checked. */
export interface TlsConfig {
  verify: boolean;
  ca?: string;
  cert?: string;
  key?: string;
}

export const DEFAULT_UNIX_SOCKET = '/var/run/docker.sock';
export const DEFAULT_NPIPE = '//./pipe/docker_engine';
export const DOCKER_PORT = 2375;
export const DOCKER_TLS_PORT = 2376;

const SCHEMES_HINT = 'use unix://, tcp://, npipe:// or ssh://';

function unsupported(raw: string, extra?: string): HangarError {
  return new HangarError(
    'VALIDATION',
    `Unsupported engine address "${raw}": ${SCHEMES_HINT}`,
    extra,
  );
}

/**
 * Parses an engine address. A bare `host:port` means tcp, as in the CLI. `defaultTcpPort` fills
 * a tcp address without a port (2375, or 2376 when TLS is asked for).
 */
export function parseHostAddress(
  raw: string,
  platform: NodeJS.Platform,
  defaultTcpPort: number = DOCKER_PORT,
): HostAddress {
  const trimmed = raw.trim();
  const sep = trimmed.indexOf('://');
  if (sep < 0) {
    if (trimmed === '' || /[/\\\s]/.test(trimmed)) throw unsupported(raw);
    return parseNetwork('tcp', `tcp://${trimmed}`, raw, defaultTcpPort);
  }
  const scheme = trimmed.slice(0, sep).toLowerCase();
  const rest = trimmed.slice(sep + 3);
  switch (scheme) {
    case 'unix':
      return { scheme: 'unix', path: rest || DEFAULT_UNIX_SOCKET };
    case 'npipe':
      if (platform !== 'win32') {
        throw new HangarError(
          'VALIDATION',
          `Engine address "${raw}" is a Windows named pipe: npipe:// works only on Windows`,
        );
      }
      return { scheme: 'npipe', path: rest || DEFAULT_NPIPE };
    case 'tcp':
      return parseNetwork('tcp', trimmed, raw, defaultTcpPort);
    case 'ssh':
      return parseNetwork('ssh', trimmed, raw, 22);
    default:
      throw unsupported(raw);
  }
}

function parseNetwork(
  scheme: 'tcp' | 'ssh',
  url: string,
  raw: string,
  defaultPort: number,
): HostAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HangarError(
      'VALIDATION',
      `Invalid engine address "${raw}": expected ${scheme}://host:port`,
    );
  }
  const hostname = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost';
  const port = parsed.port === '' ? defaultPort : Number(parsed.port);
  if (scheme === 'tcp') return { scheme, hostname, port };
  const username = decodeURIComponent(parsed.username);
  return username ? { scheme, hostname, port, username } : { scheme, hostname, port };
}

/** The address as shown to users: `unix:///var/run/docker.sock`, `tcp://host:2376`, … */
export function formatHostAddress(address: HostAddress): string {
  switch (address.scheme) {
    case 'unix':
      return `unix://${address.path}`;
    case 'npipe':
      return `npipe://${address.path}`;
    case 'tcp':
      return `tcp://${hostPort(address.hostname, address.port)}`;
    case 'ssh': {
      const user = address.username ? `${encodeURIComponent(address.username)}@` : '';
      return `ssh://${user}${hostPort(address.hostname, address.port)}`;
    }
  }
}

function hostPort(hostname: string, port: number): string {
  return hostname.includes(':') ? `[${hostname}]:${port}` : `${hostname}:${port}`;
}

/**
 * Every connection key docker-modem reads, set explicitly: the modem merges in its own reading
 * of `process.env` (DOCKER_HOST, DOCKER_CERT_PATH, DOCKER_CLIENT_TIMEOUT) under ours, and an
 * absent key would let that leak in.
 */
const BLANK: EngineClientOptions = {
  socketPath: undefined,
  host: undefined,
  port: undefined,
  protocol: undefined,
  username: undefined,
  ca: undefined,
  cert: undefined,
  key: undefined,
  timeout: undefined,
  sshOptions: undefined,
};

/** dockerode options for an address; `tls` applies to tcp only. */
export function clientOptions(
  address: HostAddress,
  tls: TlsConfig | null,
  sshAuthSock?: string,
): EngineClientOptions {
  switch (address.scheme) {
    case 'unix':
    case 'npipe':
      return { ...BLANK, socketPath: address.path };
    case 'ssh': {
      // Plain HTTP carried by ssh sessions: see ssh-dial.ts for why not docker-modem's ssh mode.
      const { hostname: host, port, username } = address;
      return {
        ...BLANK,
        protocol: 'http',
        host,
        port,
        agent: new SshDialAgent({ host, port, username, agent: sshAuthSock }),
      };
    }
    case 'tcp': {
      const options: EngineClientOptions = {
        ...BLANK,
        protocol: tls ? 'https' : 'http',
        host: address.hostname,
        port: address.port,
      };
      if (!tls) return options;
      options.ca = tls.ca;
      options.cert = tls.cert;
      options.key = tls.key;
      if (!tls.verify) options.agent = new https.Agent({ rejectUnauthorized: false });
      return options;
    }
  }
}
