// A minimal ustar (POSIX tar) writer: regular files and directories with short names, which is
// all a `docker save` tarball and its layers need. Output is deterministic for the same input.

const BLOCK = 512;

export interface TarEntry {
  /** Path inside the archive, at most 100 bytes (a trailing '/' for directories is added). */
  name: string;
  /** File content; omit for a directory. */
  content?: Buffer;
  /** Default 0o644 for files, 0o755 for directories. */
  mode?: number;
  mtime?: Date;
}

function writeString(header: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new Error(`tar field too long (${length}): ${value}`);
  bytes.copy(header, offset);
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  // length - 1 octal digits followed by a NUL.
  const digits = value.toString(8).padStart(length - 1, '0');
  if (digits.length > length - 1) throw new Error(`tar number too large: ${value}`);
  writeString(header, offset, length, `${digits}\0`);
}

/** The 512-byte ustar header of one entry. */
export function tarHeader(entry: TarEntry): Buffer {
  const isDir = entry.content === undefined;
  const name = isDir && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name;
  const header = Buffer.alloc(BLOCK);
  writeString(header, 0, 100, name);
  writeOctal(header, 100, 8, entry.mode ?? (isDir ? 0o755 : 0o644));
  writeOctal(header, 108, 8, 0); // uid
  writeOctal(header, 116, 8, 0); // gid
  writeOctal(header, 124, 12, entry.content?.length ?? 0);
  writeOctal(header, 136, 12, Math.floor((entry.mtime ?? new Date(0)).getTime() / 1000));
  header.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  writeString(header, 156, 1, isDir ? '5' : '0');
  writeString(header, 257, 6, 'ustar\0');
  writeString(header, 263, 2, '00');
  writeString(header, 265, 32, 'root');
  writeString(header, 297, 32, 'root');
  let sum = 0;
  for (const byte of header) sum += byte;
  writeString(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}

/** The blocks of one entry: header, content, padding to 512. */
export function tarEntryBlocks(entry: TarEntry): Buffer[] {
  const blocks = [tarHeader(entry)];
  if (entry.content && entry.content.length > 0) {
    blocks.push(entry.content, padding(entry.content.length));
  }
  return blocks;
}

/** Two zero blocks end an archive. */
export const TAR_END = Buffer.alloc(BLOCK * 2);

/** A whole archive in memory (used for small ones, such as a layer). */
export function tarBuffer(entries: TarEntry[]): Buffer {
  return Buffer.concat([...entries.flatMap(tarEntryBlocks), TAR_END]);
}
