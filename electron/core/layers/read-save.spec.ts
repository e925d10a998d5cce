import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { layeredSave } from '../../../test/harness/layered-image.js';
import { digestInName, legacyLayerName, readSave } from './read-save.js';

const image = {
  tags: ['fixture:1'],
  layers: [
    {
      entries: [
        { path: 'etc' },
        { path: 'etc/app.conf', content: 'x'.repeat(100) },
        { path: 'bin/tool', content: 'y'.repeat(1000), mode: 0o755 },
        { path: 'lib/x.so', content: 'z'.repeat(50) },
      ],
    },
    {
      gzip: true,
      entries: [
        { path: 'etc/app.conf', content: 'w'.repeat(150) },
        { path: 'lib/y.so', type: 'hardlink' as const, link: 'lib/x.so' },
        { path: 'lib/cur', type: 'symlink' as const, link: 'x.so' },
        { path: 'tmp/big', type: 'whiteout' as const },
        { path: 'data', type: 'opaque' as const },
      ],
    },
  ],
};

describe('readSave', () => {
  it('indexes every layer (plain and gzipped) by the sha256 of its tar, with whiteouts as removals', async () => {
    const { archive, images } = await layeredSave([image]);
    const contents = await readSave(Readable.from([archive]), 'fixture:1');
    const [written] = images;
    const layers = [...contents.layersByEntry.values()];
    expect(layers.map((l) => l.diffId)).toEqual(written?.diffIds);
    expect(layers[0]?.entries.map((e) => [e.path, e.type, e.size, e.mode])).toEqual([
      ['etc', 'dir', 0, 0o755],
      ['etc/app.conf', 'file', 100, 0o644],
      ['bin/tool', 'file', 1000, 0o755],
      ['lib/x.so', 'file', 50, 0o644],
    ]);
    expect(layers[1]?.entries.map((e) => [e.path, e.type, e.link])).toEqual([
      ['etc/app.conf', 'file', null],
      ['lib/y.so', 'hardlink', 'lib/x.so'],
      ['lib/cur', 'symlink', 'x.so'],
    ]);
    expect(layers[1]?.removals).toEqual([
      { kind: 'whiteout', path: 'tmp/big' },
      { kind: 'opaque', path: 'data' },
    ]);
    expect(contents.json.has('manifest.json')).toBe(true);
  });

  it('gives each file the first 16 hex digits of its content’s sha256, however the stream is cut', async () => {
    const big = Buffer.alloc(200_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) % 251;
    const files = { 'a/empty': '', 'a/small': 'x'.repeat(100), 'a/big': big };
    const { archive } = await layeredSave([
      {
        tags: ['digests:1'],
        layers: [
          { entries: Object.entries(files).map(([path, content]) => ({ path, content })) },
          { gzip: true, entries: [{ path: 'a/small', content: 'y'.repeat(100) }] },
        ],
      },
    ]);
    const want = (content: string | Buffer) =>
      createHash('sha256').update(content).digest('hex').slice(0, 16);
    // Whole, in pieces smaller than a file, and in pieces that end inside a header.
    for (const size of [archive.length, 700, 4099]) {
      const pieces: Buffer[] = [];
      for (let at = 0; at < archive.length; at += size)
        pieces.push(archive.subarray(at, at + size));
      const read = await readSave(Readable.from(pieces), 'digests:1');
      const digests = [...read.layersByEntry.values()].map((l) =>
        l.entries.map((e) => [e.path, e.digest]),
      );
      expect(digests).toHaveLength(2);
      expect(digests).toContainEqual(
        Object.entries(files).map(([path, content]) => [path, want(content)]),
      );
      expect(digests).toContainEqual([['a/small', want('y'.repeat(100))]]);
    }
  });

  it('skips a layer it already knows, by the diff id in its name', async () => {
    const { archive, images } = await layeredSave([image]);
    const first = images[0]?.diffIds[0] as string;
    const contents = await readSave(Readable.from([archive]), 'fixture:1', {
      known: new Set([first]),
    });
    expect(contents.layersByEntry.size).toBe(1);
    expect([...contents.skipped.values()]).toEqual([first]);
  });

  it('a truncated stream rejects with an error in words', async () => {
    const { archive } = await layeredSave([image]);
    const cut = archive.subarray(0, Math.floor(archive.length / 2) + 100);
    await expect(readSave(Readable.from([cut]), 'fixture:1')).rejects.toThrow(
      /Could not read the saved image fixture:1: the stream from the engine ended early or is not a valid tar/,
    );
  });

  it('a stream that is not a tar rejects with an error in words', async () => {
    const junk = Buffer.alloc(4096, 0x41);
    await expect(readSave(Readable.from([junk]), 'junk')).rejects.toThrow(/not a valid tar/);
  });

  it('a cancelled read rejects as cancelled', async () => {
    const { archive } = await layeredSave([image]);
    const abort = new AbortController();
    abort.abort();
    await expect(
      readSave(Readable.from([archive]), 'fixture:1', { signal: abort.signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('digestInName', () => {
  it('reads the digest of each layout’s layer names', () => {
    const hex = 'a'.repeat(64);
    expect(digestInName(`blobs/sha256/${hex}`)).toBe(`sha256:${hex}`);
    expect(digestInName(`${hex}.tar`)).toBe(`sha256:${hex}`);
    expect(digestInName('manifest.json')).toBeNull();
    // Docker's legacy layout names a layer by its v1 id, which is not its diff id.
    expect(digestInName(`${hex}/layer.tar`)).toBeNull();
    expect(legacyLayerName(`${hex}/layer.tar`)).toBe(hex);
    expect(legacyLayerName(`blobs/sha256/${hex}`)).toBeNull();
  });
});
