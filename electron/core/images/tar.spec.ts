import { describe, expect, it } from 'vitest';
import { tarOf } from './tar.js';

/** Reads back a ustar archive: names, sizes and contents, checking every header's checksum. */
function untar(buf: Buffer): Array<{ name: string; content: string; mode: number }> {
  const out = [];
  let off = 0;
  while (off + 512 <= buf.length) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const text = (a: number, n: number) => header.toString('utf8', a, a + n).replace(/\0.*$/s, '');
    const stored = parseInt(text(148, 8).trim(), 8);
    const sum = [...header].reduce((s, b, i) => s + (i >= 148 && i < 156 ? 32 : b), 0);
    expect(sum).toBe(stored);
    expect(text(257, 6)).toBe('ustar');
    const size = parseInt(text(124, 12), 8);
    out.push({
      name: text(0, 100),
      mode: parseInt(text(100, 8), 8),
      content: buf.toString('utf8', off + 512, off + 512 + size),
    });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

describe('tarOf', () => {
  it('writes files that read back, padded to 512-byte blocks, with the end marker', () => {
    const big = 'x'.repeat(700);
    const tar = tarOf(
      [
        { name: 'Dockerfile', content: Buffer.from('FROM scratch\n') },
        { name: 'dir/big.txt', content: Buffer.from(big), mode: 0o755 },
      ],
      1_700_000_000,
    );
    expect(tar.length % 512).toBe(0);
    expect(tar.subarray(-1024).every((b) => b === 0)).toBe(true);
    expect(untar(tar)).toEqual([
      { name: 'Dockerfile', content: 'FROM scratch\n', mode: 0o644 },
      { name: 'dir/big.txt', content: big, mode: 0o755 },
    ]);
  });

  it('refuses a name longer than the header holds', () => {
    expect(() => tarOf([{ name: 'n'.repeat(101), content: Buffer.alloc(0) }])).toThrow(/too long/);
  });
});
