/** A minimal ustar writer for tiny build contexts (a Dockerfile): no dependency for 40 lines. */

export interface TarFile {
  name: string;
  content: Buffer;
  mode?: number;
}

function field(header: Buffer, offset: number, length: number, text: string): void {
  header.write(text, offset, Math.min(length, Buffer.byteLength(text)), 'utf8');
}

function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, '0')}\0`;
}

function headerFor(file: TarFile, mtime: number): Buffer {
  if (Buffer.byteLength(file.name) > 100) throw new Error(`tar name too long: ${file.name}`);
  const header = Buffer.alloc(512);
  field(header, 0, 100, file.name);
  field(header, 100, 8, octal(file.mode ?? 0o644, 8));
  field(header, 108, 8, octal(0, 8));
  field(header, 116, 8, octal(0, 8));
  field(header, 124, 12, octal(file.content.length, 12));
  field(header, 136, 12, octal(mtime, 12));
  field(header, 148, 8, '        ');
  field(header, 156, 1, '0');
  field(header, 257, 6, 'ustar\0');
  field(header, 263, 2, '00');
  let sum = 0;
  for (const byte of header) sum += byte;
  field(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

/** The tar archive of `files`, in memory. */
export function tarOf(files: readonly TarFile[], mtime = Math.floor(Date.now() / 1000)): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    parts.push(headerFor(file, mtime), file.content);
    const pad = (512 - (file.content.length % 512)) % 512;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}
