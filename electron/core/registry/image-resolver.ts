/**
 * From a manifest to the image it describes: for an OCI index / manifest list the platform's
 * manifest (the host's, else linux/amd64), then the config blob (for `created`, labels, platform)
 * and the layers. Configs are read once per digest — a digest names its content — and tags that
 * share a config while it is in flight wait for the same read.
 */
import { HangarError } from '../../../shared/errors.js';
import {
  hostPlatform,
  isIndex,
  manifestSize,
  pickPlatform,
  readImageManifest,
  type Platform,
} from './image-manifest.js';
import type { RawManifest, RegistryClient } from './registry-client.js';

/** Image configs kept by digest (content-addressed: never stale). */
const CONFIG_CACHE_SIZE = 20_000;

export interface ResolvedImage {
  /** The top manifest's digest (an index's for multi-platform images). */
  digest: string;
  mediaType: string;
  /** For an index: the digest and platform of the manifest chosen. */
  platformManifest: { digest: string; platform: string } | null;
  configDigest: string;
  config: Record<string, unknown>;
  layers: { digest: string; mediaType: string; size: number }[];
  /** Compressed layers plus config, bytes. */
  size: number;
}

export class ImageResolver {
  private readonly configs = new Map<string, Promise<Record<string, unknown>>>();

  constructor(private readonly platform: Platform = hostPlatform()) {}

  /** The image `repository:reference` names; NOT_FOUND (saying `display`) when there is none. */
  async resolve(
    client: RegistryClient,
    repository: string,
    reference: string,
    display: string,
  ): Promise<ResolvedImage> {
    const top = await client.getManifest(repository, reference);
    if (!top) throw new HangarError('NOT_FOUND', `${display} is not in the registry.`);
    return this.resolveFrom(client, repository, top, display);
  }

  async resolveFrom(
    client: RegistryClient,
    repository: string,
    top: RawManifest,
    display: string,
  ): Promise<ResolvedImage> {
    let body = top.body;
    let platformManifest: ResolvedImage['platformManifest'] = null;
    if (isIndex(top.mediaType, top.body)) {
      const chosen = pickPlatform(top.body, this.platform);
      const child = await client.getManifest(repository, chosen.digest);
      if (!child)
        throw new HangarError('NOT_FOUND', `${display} lists a manifest it does not hold.`);
      body = child.body;
      const p = chosen.platform;
      platformManifest = {
        digest: chosen.digest,
        platform: p ? [p.os, p.architecture, p.variant].filter(Boolean).join('/') : 'unknown',
      };
    }
    const manifest = readImageManifest(body);
    const config = await this.config(client, repository, manifest.config.digest);
    return {
      digest: top.digest,
      mediaType: top.mediaType,
      platformManifest,
      configDigest: manifest.config.digest,
      config,
      layers: manifest.layers.map((l) => ({
        digest: l.digest,
        mediaType: l.mediaType,
        size: l.size,
      })),
      size: manifestSize(manifest),
    };
  }

  private config(
    client: RegistryClient,
    repository: string,
    digest: string,
  ): Promise<Record<string, unknown>> {
    const hit = this.configs.get(digest);
    if (hit) return hit;
    const read = client
      .getJsonBlob(repository, digest)
      .then((blob) => (blob && typeof blob === 'object' ? (blob as Record<string, unknown>) : {}));
    read.catch(() => this.configs.delete(digest));
    if (this.configs.size >= CONFIG_CACHE_SIZE) {
      const oldest = this.configs.keys().next().value;
      if (oldest !== undefined) this.configs.delete(oldest);
    }
    this.configs.set(digest, read);
    return read;
  }
}
