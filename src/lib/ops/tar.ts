import fs from 'node:fs';

// A minimal ustar writer and reader for our own backups: regular files only, paths of
// at most 255 bytes split into ustar's prefix and name (backups hold generated names).
const BLOCK = 512;

function splitName(name: string): [string, string] {
  if (Buffer.byteLength(name) <= 100) return ['', name];
  for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name.slice(i + 1)) <= 100) return [prefix, name.slice(i + 1)];
  }
  throw new Error(`archive entry name too long: ${name}`);
}

function header(name: string, size: number, mtime: number): Buffer {
  const [prefix, base] = splitName(name);
  const h = Buffer.alloc(BLOCK, 0);
  Buffer.from(base, 'utf8').copy(h, 0);
  Buffer.from(prefix, 'utf8').copy(h, 345);
  h.write('0000644\0', 100, 'ascii');
  h.write('0000000\0', 108, 'ascii');
  h.write('0000000\0', 116, 'ascii');
  h.write(size.toString(8).padStart(11, '0') + '\0', 124, 'ascii');
  h.write(Math.floor(mtime / 1000).toString(8).padStart(11, '0') + '\0', 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0' + '00', 257, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

/** Appends entries to an open file descriptor; finish() writes the end marker. */
export class TarWriter {
  constructor(private readonly fd: number) {}

  /** Copies a file into the archive in chunks, so large uploads never sit in memory. */
  addFile(name: string, source: string): void {
    const size = fs.statSync(source).size;
    fs.writeSync(this.fd, header(name, size, Date.now()));
    const input = fs.openSync(source, 'r');
    try {
      const chunk = Buffer.alloc(1024 * 1024);
      let copied = 0;
      while (copied < size) {
        const n = fs.readSync(input, chunk, 0, Math.min(chunk.length, size - copied), copied);
        if (n === 0) throw new Error(`${source} shrank while it was archived`);
        fs.writeSync(this.fd, chunk, 0, n);
        copied += n;
      }
    } finally {
      fs.closeSync(input);
    }
    this.pad(size);
  }

  addBuffer(name: string, data: Buffer): void {
    fs.writeSync(this.fd, header(name, data.length, Date.now()));
    fs.writeSync(this.fd, data);
    this.pad(data.length);
  }

  finish(): void {
    fs.writeSync(this.fd, Buffer.alloc(BLOCK * 2, 0));
  }

  private pad(size: number): void {
    const rest = size % BLOCK;
    if (rest) fs.writeSync(this.fd, Buffer.alloc(BLOCK - rest, 0));
  }
}

export interface TarEntry {
  name: string;
  size: number;
  /** Byte offset of the content inside the archive file. */
  offset: number;
}

/** Lists the regular files of a tar archive; throws on a damaged header. */
export function readTarEntries(file: string): TarEntry[] {
  const fd = fs.openSync(file, 'r');
  try {
    const total = fs.fstatSync(fd).size;
    const entries: TarEntry[] = [];
    const h = Buffer.alloc(BLOCK);
    let pos = 0;
    while (pos + BLOCK <= total) {
      fs.readSync(fd, h, 0, BLOCK, pos);
      if (h.every((b) => b === 0)) return entries;
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
      if (parseInt(h.toString('ascii', 148, 156), 8) !== sum) throw new Error(`damaged archive header at byte ${pos}`);
      const base = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
      const prefix = h.toString('utf8', 345, 500).replace(/\0.*$/s, '');
      const name = prefix ? `${prefix}/${base}` : base;
      const size = parseInt(h.toString('ascii', 124, 136), 8);
      if (h[156] === 0x30 || h[156] === 0) entries.push({ name, size, offset: pos + BLOCK });
      pos += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    }
    throw new Error('archive is truncated (no end marker)');
  } finally {
    fs.closeSync(fd);
  }
}

/** Copies one entry's bytes out of the archive into a new file. */
export function extractTarEntry(archive: string, entry: TarEntry, target: string): void {
  const input = fs.openSync(archive, 'r');
  const output = fs.openSync(target, 'wx');
  try {
    const chunk = Buffer.alloc(1024 * 1024);
    let copied = 0;
    while (copied < entry.size) {
      const n = fs.readSync(input, chunk, 0, Math.min(chunk.length, entry.size - copied), entry.offset + copied);
      if (n === 0) throw new Error(`archive is truncated inside ${entry.name}`);
      fs.writeSync(output, chunk, 0, n);
      copied += n;
    }
    fs.fsyncSync(output);
  } finally {
    fs.closeSync(input);
    fs.closeSync(output);
  }
}
