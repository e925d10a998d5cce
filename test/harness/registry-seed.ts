// Fills a registry repository with many real cache tags through the Registry HTTP API, without a
// daemon: one small gzipped layer shared by all, then per tag its own image config (its own
// `created` and a label, so every tag has its own digest) and a Docker schema 2 manifest. Pullable
// by a daemon. Thousands of tags take seconds (three requests per tag, several in flight).
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { mapLimit } from '../../electron/core/concurrency.js';
import { tarBuffer } from './ustar.js';

export interface SeedTagsOptions {
  /** The tag of the i-th image (default: its sha256-looking 64-hex cache key). */
  tagOf?: (i: number) => string;
  /** The i-th image's config `created` (default: now minus i minutes). */
  createdOf?: (i: number) => Date;
  /** Requests in flight (default 16). */
  concurrency?: number;
}

export interface SeededTag {
  tag: string;
  digest: string;
  configDigest: string;
  created: string;
}

const sha256 = (data: Buffer | string) =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** A 64-hex key derived from the index, like a cache key (deterministic). */
export function seedKey(i: number): string {
  return createHash('sha256').update(`hangar-seed-${i}`).digest('hex');
}

async function expectStatus(res: Response, want: number, what: string): Promise<void> {
  if (res.status !== want) {
    throw new Error(`${what}: HTTP ${res.status} ${await res.text().catch(() => '')}`);
  }
}

/** Uploads one blob (POST then PUT with its digest), unless the repository has it. */
async function putBlob(url: string, repo: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  const head = await fetch(`${url}/v2/${repo}/blobs/${digest}`, { method: 'HEAD' });
  if (head.status === 200) return digest;
  const start = await fetch(`${url}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  await expectStatus(start, 202, `starting an upload to ${repo}`);
  const location = new URL(start.headers.get('location') ?? '', url);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: data,
  });
  await expectStatus(put, 201, `uploading ${digest} to ${repo}`);
  return digest;
}

/** `url` is `http://127.0.0.1:PORT`; returns every tag written, in index order. */
export async function seedRegistryTags(
  url: string,
  repo: string,
  count: number,
  opts: SeedTagsOptions = {},
): Promise<SeededTag[]> {
  const tagOf = opts.tagOf ?? seedKey;
  const now = Date.now();
  const createdOf = opts.createdOf ?? ((i: number) => new Date(now - i * 60_000));
  const tar = tarBuffer([{ name: 'seed.txt', content: Buffer.from('hangar registry seed\n') }]);
  const layer = gzipSync(tar);
  const layerDigest = await putBlob(url, repo, layer);
  const diffId = sha256(tar);

  const one = async (i: number): Promise<SeededTag> => {
    const created = createdOf(i).toISOString();
    const config = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        created,
        config: { Labels: { 'hangar.seed': String(i) } },
        rootfs: { type: 'layers', diff_ids: [diffId] },
        history: [{ created, created_by: 'hangar registry seed' }],
      }),
    );
    const configDigest = await putBlob(url, repo, config);
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        size: config.length,
        digest: configDigest,
      },
      layers: [
        {
          mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
          size: layer.length,
          digest: layerDigest,
        },
      ],
    });
    const tag = tagOf(i);
    const res = await fetch(`${url}/v2/${repo}/manifests/${tag}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/vnd.docker.distribution.manifest.v2+json' },
      body: manifest,
    });
    await expectStatus(res, 201, `writing ${repo}:${tag}`);
    return { tag, digest: sha256(manifest), configDigest, created };
  };

  const indexes = Array.from({ length: count }, (_, i) => i);
  return mapLimit(indexes, opts.concurrency ?? 16, one);
}
