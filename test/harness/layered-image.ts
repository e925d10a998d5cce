// Writes multi-layer images as a `docker save` archive in pure Node (tar-stream): each layer holds
// exactly the entries given (files, folders, symlinks, hard links, mode bits, whiteouts and
// opaque markers), so a test knows every byte a layer adds and removes. Layers are stored under
// `<diff id hex>.tar` as Podman names them (optionally gzipped), configs as `<id>.json`, then manifest.json.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

export interface FixtureEntry {
  path: string;
  /** Default: 'file' when `content` is given, else 'dir'. */
  type?: 'file' | 'dir' | 'symlink' | 'hardlink' | 'whiteout' | 'opaque';
  content?: Buffer | string;
  mode?: number;
  /** A symlink's target or a hard link's source path. */
  link?: string;
}

export interface FixtureLayer {
  entries: FixtureEntry[];
  /** The history step (`created_by`); default `COPY layer N`. */
  step?: string;
  /** Store the layer gzipped in the archive (its diff id stays that of the plain tar). */
  gzip?: boolean;
}

export interface FixtureImage {
  /** 'repo:tag' references. */
  tags: string[];
  layers: FixtureLayer[];
}

export interface WrittenImage {
  /** 'sha256:<hex>'. */
  id: string;
  diffIds: string[];
  tags: string[];
}

const MTIME = new Date(Date.UTC(2020, 0, 1));
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks);
}

/** One layer tar, its entries in the order given. */
export async function layerTar(entries: readonly FixtureEntry[]): Promise<Buffer> {
  const p = pack();
  const done = collect(p as unknown as AsyncIterable<Buffer>);
  for (const e of entries) {
    const type = e.type ?? (e.content === undefined ? 'dir' : 'file');
    const base = { mtime: MTIME, uid: 0, gid: 0 };
    const slash = e.path.lastIndexOf('/');
    const dir = slash < 0 ? '' : `${e.path.slice(0, slash)}/`;
    const name = e.path.slice(slash + 1);
    switch (type) {
      case 'dir':
        p.entry({ ...base, name: `${e.path}/`, type: 'directory', mode: e.mode ?? 0o755 });
        break;
      case 'file':
        p.entry({ ...base, name: e.path, mode: e.mode ?? 0o644 }, Buffer.from(e.content ?? ''));
        break;
      case 'symlink':
        p.entry({ ...base, name: e.path, type: 'symlink', linkname: e.link ?? '', mode: 0o777 });
        break;
      case 'hardlink':
        p.entry({
          ...base,
          name: e.path,
          type: 'link',
          linkname: e.link ?? '',
          mode: e.mode ?? 0o644,
        });
        break;
      case 'whiteout':
        p.entry({ ...base, name: `${dir}.wh.${name}`, mode: 0o644 }, Buffer.alloc(0));
        break;
      case 'opaque':
        p.entry({ ...base, name: `${e.path}/.wh..wh..opq`, mode: 0o644 }, Buffer.alloc(0));
        break;
    }
  }
  p.finalize();
  return done;
}

/** Writes `images` as one `docker save` archive in memory. */
export async function layeredSave(
  images: readonly FixtureImage[],
): Promise<{ archive: Buffer; images: WrittenImage[] }> {
  const p = pack();
  const done = collect(p as unknown as AsyncIterable<Buffer>);
  const written = new Set<string>();
  const manifest: { Config: string; RepoTags: string[]; Layers: string[] }[] = [];
  const out: WrittenImage[] = [];
  for (const image of images) {
    const diffIds: string[] = [];
    const names: string[] = [];
    for (const layer of image.layers) {
      const tar = await layerTar(layer.entries);
      const hex = sha256(tar);
      diffIds.push(`sha256:${hex}`);
      names.push(`${hex}.tar`);
      if (written.has(hex)) continue;
      written.add(hex);
      p.entry({ name: `${hex}.tar`, mtime: MTIME }, layer.gzip ? gzipSync(tar) : tar);
    }
    const config = Buffer.from(
      JSON.stringify({
        architecture: process.arch === 'arm64' ? 'arm64' : 'amd64',
        os: 'linux',
        created: MTIME.toISOString(),
        config: { Cmd: ['/bin/true'] },
        rootfs: { type: 'layers', diff_ids: diffIds },
        history: image.layers.map((l, i) => ({
          created: MTIME.toISOString(),
          created_by: l.step ?? `COPY layer ${i}`,
        })),
      }),
    );
    const id = sha256(config);
    p.entry({ name: `${id}.json`, mtime: MTIME }, config);
    manifest.push({ Config: `${id}.json`, RepoTags: image.tags, Layers: names });
    out.push({ id: `sha256:${id}`, diffIds, tags: image.tags });
  }
  p.entry({ name: 'manifest.json', mtime: MTIME }, Buffer.from(JSON.stringify(manifest)));
  p.finalize();
  return { archive: await done, images: out };
}
