// Writes `docker save`-format tarballs in pure Node, so a test can `docker load` thousands of
// images in one go: manifest.json, one config JSON per image (its id is the sha256 of those
// bytes), one uncompressed layer tar per image, and a legacy `repositories` file.
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, rmSync } from 'node:fs';
import path from 'node:path';
import type { EngineHandle } from './engine-handle.js';
import { TAR_END, tarBuffer, tarEntryBlocks } from './ustar.js';

export { buildScratchImage, busyboxImage, type BuildScratchOptions } from './build.js';

export interface SeedImage {
  /** 'repo:tag' references; a reference without a tag gets ':latest'. Empty → dangling. */
  tags: string[];
  labels?: Record<string, string>;
  /** Default: now. */
  created?: Date;
  /** Content of the single layer file; default unique per image (a random UUID). */
  content?: string;
}

export interface SeededImage {
  /** 'sha256:<hex>', as `docker images --no-trunc` shows it. */
  id: string;
  /** The normalized tags it was loaded with. */
  tags: string[];
}

const ARCH: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ppc64: 'ppc64le',
  s390x: 's390x',
};

const LAYER_MTIME = new Date(Date.UTC(2020, 0, 1));

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** 'repo' → 'repo:latest'; 'host:5000/repo' → 'host:5000/repo:latest'; 'repo:v1' unchanged. */
export function normalizeTag(ref: string): string {
  const lastPart = ref.slice(ref.lastIndexOf('/') + 1);
  return lastPart.includes(':') ? ref : `${ref}:latest`;
}

function splitTag(ref: string): [string, string] {
  const at = ref.lastIndexOf(':');
  return [ref.slice(0, at), ref.slice(at + 1)];
}

interface BuiltImage {
  id: string;
  config: Buffer;
  layerId: string;
  layer: Buffer;
  tags: string[];
  created: Date;
}

function buildImage(image: SeedImage): BuiltImage {
  const created = image.created ?? new Date();
  const content = Buffer.from(image.content ?? `seed ${randomUUID()}\n`, 'utf8');
  // A fixed mtime: the same content makes the same layer (and diff id), whatever `created` is.
  const layer = tarBuffer([
    { name: 'seed', mtime: LAYER_MTIME },
    { name: 'seed/content.txt', content, mtime: LAYER_MTIME },
  ]);
  const diffId = sha256(layer);
  const createdIso = created.toISOString();
  const config = Buffer.from(
    JSON.stringify({
      architecture: ARCH[process.arch] ?? process.arch,
      os: 'linux',
      created: createdIso,
      config: {
        Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
        Cmd: ['/seed/content.txt'],
        Labels: image.labels && Object.keys(image.labels).length > 0 ? image.labels : null,
      },
      rootfs: { type: 'layers', diff_ids: [`sha256:${diffId}`] },
      history: [{ created: createdIso, created_by: 'COPY seed /seed # hangar test seed' }],
    }),
    'utf8',
  );
  return {
    id: sha256(config),
    config,
    layerId: diffId,
    layer,
    tags: image.tags.map(normalizeTag),
    created,
  };
}

/** Writes one tarball holding all `images`; returns their ids in the same order. */
export async function writeImageTarball(file: string, images: SeedImage[]): Promise<SeededImage[]> {
  const built = images.map(buildImage);
  const out = createWriteStream(file);
  const failed = new Promise<never>((_resolve, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  const write = async (chunks: Buffer[]): Promise<void> => {
    for (const chunk of chunks) {
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
    }
  };

  const writtenLayers = new Set<string>();
  const writtenConfigs = new Set<string>();
  const repositories: Record<string, Record<string, string>> = {};
  const manifest: { Config: string; RepoTags: string[]; Layers: string[] }[] = [];
  for (const image of built) {
    if (!writtenLayers.has(image.layerId)) {
      writtenLayers.add(image.layerId);
      const mtime = image.created;
      await write([
        ...tarEntryBlocks({ name: image.layerId, mtime }),
        ...tarEntryBlocks({ name: `${image.layerId}/VERSION`, content: Buffer.from('1.0'), mtime }),
        ...tarEntryBlocks({ name: `${image.layerId}/layer.tar`, content: image.layer, mtime }),
      ]);
    }
    if (!writtenConfigs.has(image.id)) {
      writtenConfigs.add(image.id);
      await write(
        tarEntryBlocks({ name: `${image.id}.json`, content: image.config, mtime: image.created }),
      );
    }
    manifest.push({
      Config: `${image.id}.json`,
      RepoTags: image.tags,
      Layers: [`${image.layerId}/layer.tar`],
    });
    for (const tag of image.tags) {
      const [repo, name] = splitTag(tag);
      (repositories[repo] ??= {})[name] = image.layerId;
    }
  }
  await write([
    ...tarEntryBlocks({ name: 'manifest.json', content: Buffer.from(JSON.stringify(manifest)) }),
    ...tarEntryBlocks({ name: 'repositories', content: Buffer.from(JSON.stringify(repositories)) }),
    TAR_END,
  ]);
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  return built.map((image) => ({ id: `sha256:${image.id}`, tags: image.tags }));
}

/**
 * Writes the tarball into the engine's dir and loads it with the engine's CLI (`docker load`,
 * `podman load`); returns the ids in order.
 */
export async function seedImages(
  engine: Pick<EngineHandle, 'dir' | 'cli'>,
  images: SeedImage[],
): Promise<SeededImage[]> {
  const file = path.join(engine.dir, `seed-${randomUUID()}.tar`);
  try {
    const seeded = await writeImageTarball(file, images);
    await engine.cli(['load', '-q', '-i', file], { timeoutMs: 120_000 + images.length * 100 });
    return seeded;
  } finally {
    rmSync(file, { force: true });
  }
}

export interface ManySeedOptions {
  /** Repository prefix (default 'seed'): repos are `${prefix}/app-NN`. */
  prefix?: string;
  /** Tags per tagged image (default 1); extra tags go to other repos. */
  tagsPerImage?: number;
  /** Every k-th image (k = untaggedEvery) has no tag and loads dangling (default 10; 0 = none). */
  untaggedEvery?: number;
  /**
   * How many different layers the images share, round robin (default min(n, 20)). dockerd spends
   * ~40 ms on each distinct layer it loads but almost nothing on an image whose layer it has.
   */
  distinctLayers?: number;
}

/**
 * `n` deterministic images for benchmarks: about 10 images per repo, tags `v<i>`, every
 * `untaggedEvery`-th one untagged, `created` spread an hour apart ending at 2026-01-01, labels
 * `hangar.seed.index` and `hangar.seed.group`, layers shared round robin. Same arguments, same
 * image ids.
 */
export function manySeedImages(n: number, opts: ManySeedOptions = {}): SeedImage[] {
  const prefix = opts.prefix ?? 'seed';
  const tagsPerImage = Math.max(1, opts.tagsPerImage ?? 1);
  const untaggedEvery = opts.untaggedEvery ?? 10;
  const repoCount = Math.max(1, Math.ceil(n / 10));
  const layers = Math.max(1, opts.distinctLayers ?? Math.min(n, 20));
  const end = Date.UTC(2026, 0, 1);
  const images: SeedImage[] = [];
  for (let i = 0; i < n; i++) {
    const untagged = untaggedEvery > 0 && i % untaggedEvery === untaggedEvery - 1;
    const tags: string[] = [];
    if (!untagged) {
      for (let k = 0; k < tagsPerImage; k++) {
        const repo = `${prefix}/app-${String((i + k * 7) % repoCount).padStart(4, '0')}`;
        tags.push(k === 0 ? `${repo}:v${i}` : `${repo}:v${i}-${k}`);
      }
    }
    images.push({
      tags,
      labels: { 'hangar.seed.index': String(i), 'hangar.seed.group': String(i % 7) },
      created: new Date(end - (n - i) * 3_600_000),
      // Layers of different sizes, so image sizes differ too.
      content: `${prefix} layer ${i % layers}\n${'.'.repeat((i % layers) * 512)}`,
    });
  }
  return images;
}
