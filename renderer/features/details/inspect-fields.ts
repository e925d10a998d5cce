/**
 * What the details panel reads out of an image inspect (`GET /images/{id}/json`): the JSON is
 * typed as unknown on purpose (it varies across engines and API versions), so every field is
 * narrowed here, and a missing or odd one reads as empty.
 */
import type { ImageInspect } from '../../../shared/model.js';

export interface ImageConfigView {
  os: string;
  architecture: string;
  variant: string;
  /** RFC 3339, as the daemon sends it. */
  created: string;
  author: string;
  entrypoint: string[];
  cmd: string[];
  env: { name: string; value: string }[];
  workdir: string;
  user: string;
  exposedPorts: string[];
  volumes: string[];
  labels: [string, string][];
  repoDigests: string[];
  /** Filesystem layers (`RootFS.Layers`). */
  layers: number;
}

function obj(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function readConfig(inspect: ImageInspect): ImageConfigView {
  const config = obj(inspect.Config);
  const env = strings(config.Env).map((line) => {
    const eq = line.indexOf('=');
    return eq < 0
      ? { name: line, value: '' }
      : { name: line.slice(0, eq), value: line.slice(eq + 1) };
  });
  const labels = Object.entries(obj(config.Labels))
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .sort(([a], [b]) => a.localeCompare(b));
  return {
    os: str(inspect.Os),
    architecture: str(inspect.Architecture),
    variant: str(inspect.Variant),
    created: str(inspect.Created),
    author: str(inspect.Author),
    entrypoint: strings(config.Entrypoint),
    cmd: strings(config.Cmd),
    env,
    workdir: str(config.WorkingDir),
    user: str(config.User),
    exposedPorts: Object.keys(obj(config.ExposedPorts)).sort(),
    volumes: Object.keys(obj(config.Volumes)).sort(),
    labels,
    repoDigests: strings(inspect.RepoDigests),
    layers: strings(obj(inspect.RootFS).Layers).length,
  };
}

/** A command the way a Dockerfile's exec form reads: `["nginx", "-g", "daemon off;"]`. */
export function formatCommand(parts: readonly string[]): string {
  return parts.length === 0 ? '' : JSON.stringify(parts);
}

/** `linux/arm64/v8`. */
export function platformOf(c: ImageConfigView): string {
  return [c.os, c.architecture, c.variant].filter(Boolean).join('/');
}
