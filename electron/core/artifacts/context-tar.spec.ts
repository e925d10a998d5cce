import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extract } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contextTar } from './context-tar.js';
import { ignoreRules, walkContext } from './context-walker.js';

let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'hangar-tar-')));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function untar(stream: NodeJS.ReadableStream): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const x = extract();
  const done = (async () => {
    for await (const entry of x) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      const h = entry.header;
      out.set(
        h.name,
        h.type === 'symlink'
          ? `-> ${h.linkname}`
          : h.type === 'directory'
            ? 'dir'
            : `${(h.mode & 0o777).toString(8)} ${Buffer.concat(chunks).toString()}`,
      );
    }
  })();
  const failed = new Promise<never>((_, reject) => stream.on('error', reject));
  stream.pipe(x as unknown as NodeJS.WritableStream);
  await Promise.race([done, failed]);
  return out;
}

describe('contextTar', () => {
  it('sends exactly the kept entries, links as links, plus the Dockerfile even when excluded', async () => {
    mkdirSync(path.join(root, 'src'));
    writeFileSync(path.join(root, 'src', 'a.txt'), 'hello');
    writeFileSync(path.join(root, 'big.bin'), Buffer.alloc(3 * 1024 * 1024, 7));
    writeFileSync(path.join(root, 'skip.log'), 'no');
    writeFileSync(path.join(root, 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(path.join(root, '.dockerignore'), '*.log\nDockerfile\n');
    symlinkSync('/etc/passwd', path.join(root, 'link'));
    const entries = walkContext(root, ignoreRules('*.log\nDockerfile\n'));
    const files = await untar(
      contextTar({ root, entries, alwaysSend: ['Dockerfile', '.dockerignore'] }),
    );
    expect([...files.keys()].sort()).toEqual([
      '.dockerignore',
      'Dockerfile',
      'big.bin',
      'link',
      'src',
      'src/a.txt',
    ]);
    expect(files.get('src/a.txt')).toBe('644 hello');
    expect(files.get('link')).toBe('-> /etc/passwd');
    expect(files.get('Dockerfile')).toBe('644 FROM scratch\n');
    expect(files.get('big.bin')?.length).toBe(4 + 3 * 1024 * 1024);
  });

  it('fails naming the file when it shrank after it was listed', async () => {
    writeFileSync(path.join(root, 'a.txt'), 'long content');
    const entries = walkContext(root, ignoreRules(''));
    writeFileSync(path.join(root, 'a.txt'), 'short');
    const stream = contextTar({ root, entries, alwaysSend: [] });
    await expect(untar(stream)).rejects.toThrow(
      /a\.txt changed while the build context was being sent/,
    );
  });

  it('sends many files in the walk order with their own contents, read ahead or streamed', async () => {
    const want = new Map<string, string>();
    for (let i = 0; i < 60; i++) {
      const name = `f${String(i).padStart(2, '0')}.txt`;
      const body = i === 7 ? '' : `${name} `.repeat(i * 37);
      writeFileSync(path.join(root, name), body);
      want.set(name, `644 ${body}`);
    }
    writeFileSync(path.join(root, 'f30.bin'), Buffer.alloc(2 * 1024 * 1024 + 3, 1));
    const entries = walkContext(root, ignoreRules(''));
    const files = await untar(contextTar({ root, entries, alwaysSend: [] }));
    expect([...files.keys()]).toEqual(entries.map((e) => e.rel));
    for (const [name, body] of want) expect(files.get(name)).toBe(body);
    expect(files.get('f30.bin')).toBe(`644 ${'\x01'.repeat(2 * 1024 * 1024 + 3)}`);
  });
});
