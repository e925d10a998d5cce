/**
 * Reading manifests as the registry sends them: Docker schema 2 / OCI image manifests (config +
 * layers) and Docker manifest lists / OCI indexes (one manifest per platform).
 */
import { HangarError } from '../../../shared/errors.js';

export const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
}

export interface ImageManifest {
  config: Descriptor;
  layers: Descriptor[];
}

export interface Platform {
  os: string;
  architecture: string;
}

/** The host's platform in OCI words (`x64` → `amd64`). */
export function hostPlatform(arch: string = process.arch): Platform {
  const map: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' };
  return { os: 'linux', architecture: map[arch] ?? arch };
}

function descriptor(value: unknown): Descriptor | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (typeof v.digest !== 'string') return null;
  const d: Descriptor = {
    mediaType: typeof v.mediaType === 'string' ? v.mediaType : '',
    digest: v.digest,
    size: typeof v.size === 'number' ? v.size : 0,
  };
  if (v.platform && typeof v.platform === 'object') {
    d.platform = v.platform as NonNullable<Descriptor['platform']>;
  }
  return d;
}

export function isIndex(mediaType: string, body: unknown): boolean {
  if (INDEX_TYPES.has(mediaType)) return true;
  return (
    !!body && typeof body === 'object' && Array.isArray((body as { manifests?: unknown }).manifests)
  );
}

/**
 * The entry of an index for `platform`, else linux/amd64, else the first image entry
 * (attestation manifests, `unknown/unknown`, are skipped).
 */
export function pickPlatform(body: unknown, platform: Platform = hostPlatform()): Descriptor {
  const list = (body as { manifests?: unknown } | null)?.manifests;
  const entries = (Array.isArray(list) ? list : [])
    .map(descriptor)
    .filter((d): d is Descriptor => d !== null && d.platform?.os !== 'unknown');
  const match = (os: string, arch: string) =>
    entries.find((d) => d.platform?.os === os && d.platform.architecture === arch);
  const chosen = match(platform.os, platform.architecture) ?? match('linux', 'amd64') ?? entries[0];
  if (!chosen) throw new HangarError('REGISTRY_ERROR', 'The image index lists no image manifest.');
  return chosen;
}

export function readImageManifest(body: unknown): ImageManifest {
  const b = (body ?? {}) as { config?: unknown; layers?: unknown };
  const config = descriptor(b.config);
  if (!config) {
    throw new HangarError(
      'REGISTRY_ERROR',
      'The manifest has no config (schema 1 is not supported).',
    );
  }
  const layers = (Array.isArray(b.layers) ? b.layers : [])
    .map(descriptor)
    .filter((d): d is Descriptor => d !== null);
  return { config, layers };
}

/** What the image weighs in the registry: its compressed layers plus its config. */
export function manifestSize(m: ImageManifest): number {
  return m.layers.reduce((sum, l) => sum + l.size, m.config.size);
}
