/**
 * Registry credentials, resolved like the docker CLI (`cli/config/configfile/file.go`,
 * `credentials/native_store.go`): `credHelpers[registry]`, else `credsStore`, through
 * `docker-credential-<name> get` (the server address on stdin); else the `auths` entry
 * (`auth` = standard base64 of `user:password`). Docker Hub's key is `https://index.docker.io/v1/`.
 *
 * Secrets stay in the core: nothing here logs them, and callers pass them only to the daemon
 * (`X-Registry-Auth`) or to the registry itself.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { HangarError } from '../../../shared/errors.js';
import { isDockerHub } from '../../../shared/reference-names.js';
import type { AuthConfig } from '../engine/docker-client.js';

export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';
const TOKEN_USERNAME = '<token>';
const NOT_FOUND = 'credentials not found in native keychain';

export interface RegistryCredentials {
  username?: string;
  password?: string;
  /** An OAuth refresh token (`docker login` against some registries stores one). */
  identityToken?: string;
  /** The key the credentials were found under (`https://index.docker.io/v1/`, `host:port`). */
  serverAddress: string;
  /** Where they came from, for messages: `auths`, `credsStore osxkeychain`, `credHelpers ecr-login`. */
  source: string;
}

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

interface ConfigFile {
  auths?: Record<string, AuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** Runs `docker-credential-<helper> get`; resolves with stdout, rejects with the helper's words. */
export type HelperRunner = (helper: string, serverAddress: string) => Promise<string>;

export interface CredentialOptions {
  env?: NodeJS.ProcessEnv;
  runHelper?: HelperRunner;
}

/** `registry` as the docker CLI keys it in config.json. */
export function authKeyFor(registry: string): string {
  return isDockerHub(registry) ? DOCKER_HUB_AUTH_KEY : registry;
}

/** `ConvertToHostname`: `https://host:5000/v1/` → `host:5000`. */
export function convertToHostname(key: string): string {
  const stripped = key.replace(/^https?:\/\//, '');
  return stripped.split('/')[0] ?? stripped;
}

export function configPath(env: NodeJS.ProcessEnv): string {
  const dir = env.DOCKER_CONFIG || path.join(env.HOME || homedir(), '.docker');
  return path.join(dir, 'config.json');
}

async function readConfig(env: NodeJS.ProcessEnv): Promise<ConfigFile | null> {
  let text: string;
  try {
    text = await readFile(configPath(env), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as ConfigFile) : null;
  } catch {
    throw new HangarError('AUTH_FAILED', `Cannot read ${configPath(env)}: it is not valid JSON.`);
  }
}

function fromEntry(entry: AuthEntry, serverAddress: string): RegistryCredentials | null {
  const creds: RegistryCredentials = { serverAddress, source: 'auths' };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw new HangarError(
        'AUTH_FAILED',
        `The saved login for ${serverAddress} is malformed: log in again.`,
      );
    }
    creds.username = decoded.slice(0, colon);
    creds.password = decoded.slice(colon + 1);
  } else {
    if (entry.username) creds.username = entry.username;
    if (entry.password) creds.password = entry.password;
  }
  if (entry.identitytoken) creds.identityToken = entry.identitytoken;
  return creds.username || creds.identityToken ? creds : null;
}

function fromFile(config: ConfigFile, key: string): RegistryCredentials | null {
  const auths = config.auths ?? {};
  const exact = auths[key];
  if (exact) return fromEntry(exact, key);
  for (const [k, entry] of Object.entries(auths)) {
    if (convertToHostname(k) === key || convertToHostname(k) === convertToHostname(key)) {
      return fromEntry(entry, k);
    }
  }
  return null;
}

/** Spawns the helper with the server address on stdin (the credential-helpers protocol). */
export const runCredentialHelper: HelperRunner = (helper, serverAddress) =>
  new Promise((resolve, reject) => {
    const program = `docker-credential-${helper}`;
    const child = spawn(program, ['get'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new Error(e.code === 'ENOENT' ? `${program} is not on the PATH` : e.message));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      // Helpers print their error on stdout; it never holds the secret on failure.
      else
        reject(
          new Error((out.trim() || err.trim() || `${program} exited with ${code}`).slice(0, 300)),
        );
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(serverAddress);
  });

async function fromHelper(
  helper: string,
  key: string,
  source: string,
  run: HelperRunner,
): Promise<RegistryCredentials | null> {
  let out: string;
  try {
    out = await run(helper, key);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (message.includes(NOT_FOUND)) return null;
    throw new HangarError(
      'AUTH_FAILED',
      `Cannot get the credentials for ${convertToHostname(key)} from docker-credential-${helper}: ${message}`,
    );
  }
  let answer: { Username?: unknown; Secret?: unknown };
  try {
    answer = JSON.parse(out) as typeof answer;
  } catch {
    throw new HangarError('AUTH_FAILED', `docker-credential-${helper} did not answer JSON.`);
  }
  const username = typeof answer.Username === 'string' ? answer.Username : '';
  const secret = typeof answer.Secret === 'string' ? answer.Secret : '';
  if (!secret) return null;
  return username === TOKEN_USERNAME
    ? { serverAddress: key, source, identityToken: secret }
    : { serverAddress: key, source, username, password: secret };
}

/** The credentials the docker CLI would use for `registry` (a host, `docker.io` for Hub), or null. */
export async function resolveCredentials(
  registry: string,
  options: CredentialOptions = {},
): Promise<RegistryCredentials | null> {
  const env = options.env ?? process.env;
  const config = await readConfig(env);
  if (!config) return null;
  const key = authKeyFor(registry);
  const run = options.runHelper ?? runCredentialHelper;
  const specific = config.credHelpers?.[key];
  if (specific) return fromHelper(specific, key, `credHelpers ${specific}`, run);
  // Like the CLI's native store: a helper's "not found" means anonymous, not the file's entry.
  if (config.credsStore)
    return fromHelper(config.credsStore, key, `credsStore ${config.credsStore}`, run);
  return fromFile(config, key);
}

/** What the daemon gets in `X-Registry-Auth`; `{}` (anonymous) when there are no credentials. */
export function toAuthConfig(creds: RegistryCredentials | null): AuthConfig {
  if (!creds) return {};
  const auth: AuthConfig = { serveraddress: creds.serverAddress };
  if (creds.identityToken) auth.identitytoken = creds.identityToken;
  if (creds.username) auth.username = creds.username;
  if (creds.password) auth.password = creds.password;
  return auth;
}
