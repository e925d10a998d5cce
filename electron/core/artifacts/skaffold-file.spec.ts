import { describe, expect, it } from 'vitest';
import { parseSkaffoldCache } from './skaffold-file.js';

const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);
const D = `sha256:${'c'.repeat(64)}`;
const I = `sha256:${'d'.repeat(64)}`;

describe('parseSkaffoldCache', () => {
  it("reads skaffold's hash → {digest, id} map", () => {
    const text = `${H1}:\n  digest: ${D}\n  id: ${I}\n${H2}:\n  id: ${'e'.repeat(64)}\n`;
    expect(parseSkaffoldCache(text, '/c')).toEqual([
      { hash: H1, digest: D, id: I },
      { hash: H2, digest: null, id: `sha256:${'e'.repeat(64)}` },
    ]);
  });

  it('keeps a hash of digits only as text (YAML would read a number)', () => {
    const digits = '1'.repeat(64);
    const exp = `12e4${'5'.repeat(60)}`;
    expect(parseSkaffoldCache(`${digits}:\n  id: ${I}\n${exp}:\n  digest: ${D}\n`, '/c')).toEqual([
      { hash: digits, digest: null, id: I },
      { hash: exp, digest: D, id: null },
    ]);
  });

  it('reads an empty file as no entries', () => {
    expect(parseSkaffoldCache('', '/c')).toEqual([]);
  });

  it('rejects malformed files naming the file and the first bad entry', () => {
    expect(() => parseSkaffoldCache('- a\n- b\n', '/home/u/.skaffold/cache')).toThrow(
      "/home/u/.skaffold/cache is not skaffold's cache file: expected a map",
    );
    expect(() => parseSkaffoldCache(`${H1}:\n  digest: nope\n`, '/c')).toThrow(
      `/c: entry ${H1} has a digest that is not sha256:<64 hex>; nothing was imported.`,
    );
    expect(() => parseSkaffoldCache(`${H1}: {}\n`, '/c')).toThrow(/neither digest nor id/);
    expect(() => parseSkaffoldCache('a: [unclosed\n', '/c')).toThrow(/not valid YAML/);
  });
});
