/**
 * Reading the engine's `GET /version`: which engine it is (Docker or Podman), and which API
 * version to pin (dockerode wants `v1.41`; a version the daemon does not know gives 400/404).
 */
import type { EngineKind } from '../../../shared/model.js';

/**
 * The newest API version we speak. Newer daemons are pinned down to it, which keeps the response
 * shapes we normalise (API 1.52 drops the legacy `status`, `id` and `from` fields of events).
 */
export const MAX_API_VERSION = '1.47';
/** The oldest API version we accept (Docker 19.03). Tested on 1.41 (Docker 20.10, Podman 4). */
export const MIN_API_VERSION = '1.40';

/** The engine's API version cannot be used with ours. */
export class EngineVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineVersionError';
  }
}

/** What answered is not a Docker-compatible API. */
export class NotDockerApiError extends Error {
  constructor(readonly why: string) {
    super(`not a Docker API (${why})`);
    this.name = 'NotDockerApiError';
  }
}

export interface VersionInfo {
  kind: EngineKind;
  /** Server version, e.g. `20.10.24+dfsg1` or Podman's `4.3.1`. */
  version: string;
  /** The highest API version the server speaks. */
  apiVersion: string;
  /** The lowest, when the server says. */
  minApiVersion?: string;
  os: string;
  arch: string;
}

/** Compares dotted versions numerically: `1.9` < `1.41`. */
export function compareApiVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

const API_VERSION = /^\d+\.\d+$/;

/**
 * The API version to use with a server: the lower of its maximum and ours. Throws an
 * EngineVersionError when the ranges do not meet.
 */
export function negotiateApiVersion(server: {
  apiVersion: string;
  minApiVersion?: string;
}): string {
  if (compareApiVersions(server.apiVersion, MIN_API_VERSION) < 0) {
    throw new EngineVersionError(
      `its API version ${server.apiVersion} is too old (Hangar needs ${MIN_API_VERSION} or newer)`,
    );
  }
  const min = server.minApiVersion;
  if (min !== undefined && compareApiVersions(min, MAX_API_VERSION) > 0) {
    throw new EngineVersionError(
      `it needs API version ${min} or newer, and Hangar speaks at most ${MAX_API_VERSION}`,
    );
  }
  return compareApiVersions(server.apiVersion, MAX_API_VERSION) < 0
    ? server.apiVersion
    : MAX_API_VERSION;
}

/** dockerode's form of an API version: `1.41` → `v1.41`. */
export function dockerodeVersion(apiVersion: string): string {
  return `v${apiVersion}`;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Docker, Podman or unknown, from the `/version` answer. */
export function detectKind(body: Record<string, unknown>): EngineKind {
  const platform = str(record(body.Platform)?.Name) ?? '';
  const components = Array.isArray(body.Components) ? body.Components : [];
  const names = components.map((c) => str(record(c)?.Name) ?? '');
  if (/podman/i.test(platform) || names.some((n) => /podman/i.test(n))) return 'podman';
  if (/docker/i.test(platform) || names.some((n) => n === 'Engine' || /docker/i.test(n))) {
    return 'docker';
  }
  return 'unknown';
}

/** Validates a `/version` answer; throws NotDockerApiError when it is not one. */
export function parseVersion(body: unknown): VersionInfo {
  const v = record(body);
  if (!v) throw new NotDockerApiError('its /version answer is not JSON');
  const apiVersion = str(v.ApiVersion);
  if (!apiVersion || !API_VERSION.test(apiVersion)) {
    throw new NotDockerApiError('its /version answer has no ApiVersion');
  }
  const minApiVersion = str(v.MinAPIVersion);
  const info: VersionInfo = {
    kind: detectKind(v),
    version: str(v.Version) ?? 'unknown',
    apiVersion,
    os: str(v.Os) ?? 'unknown',
    arch: str(v.Arch) ?? 'unknown',
  };
  if (minApiVersion && API_VERSION.test(minApiVersion)) info.minApiVersion = minApiVersion;
  return info;
}
