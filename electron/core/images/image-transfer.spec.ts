import { describe, expect, it } from 'vitest';
import { archiveKind } from './image-transfer.js';

describe('archiveKind', () => {
  it('knows a tar by its ustar magic and the compressions docker load reads', () => {
    const tar = Buffer.alloc(512);
    tar.write('ustar', 257, 'latin1');
    expect(archiveKind(tar)).toBe('tar');
    expect(archiveKind(Buffer.from([0x1f, 0x8b, 8, 0]))).toBe('gzip');
    expect(archiveKind(Buffer.from('BZh91AY'))).toBe('bzip2');
    expect(archiveKind(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1]))).toBe('xz');
    expect(archiveKind(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0]))).toBe('zstd');
  });

  it('refuses text, an empty file and a short tar-like start', () => {
    expect(archiveKind(Buffer.from('these are my notes'))).toBeNull();
    expect(archiveKind(Buffer.alloc(0))).toBeNull();
    expect(archiveKind(Buffer.alloc(200))).toBeNull();
  });
});
