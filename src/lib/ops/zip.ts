import fs from 'node:fs';
import zlib from 'node:zlib';

// A minimal ZIP writer (deflate, UTF-8 names, no ZIP64): exports open in every
// operating system's file manager. Exports of one Kommune stay far below 4 GiB.
interface CentralEntry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  method: number;
}

const UTF8_FLAG = 0x0800;
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1; // fixed date: exports of equal content are equal bytes

export class ZipWriter {
  private readonly entries: CentralEntry[] = [];
  private offset = 0;

  constructor(private readonly fd: number) {}

  add(name: string, data: Buffer): void {
    const deflated = zlib.deflateRawSync(data);
    const useDeflate = deflated.length < data.length;
    const body = useDeflate ? deflated : data;
    const entry: CentralEntry = {
      name: Buffer.from(name, 'utf8'),
      crc: zlib.crc32(data),
      compressed: body.length,
      size: data.length,
      offset: this.offset,
      method: useDeflate ? 8 : 0,
    };
    if (entry.offset + body.length > 0xffffffff) throw new Error('export larger than 4 GiB is not supported');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_FLAG, 6);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(entry.crc, 14);
    local.writeUInt32LE(entry.compressed, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(entry.name.length, 26);
    local.writeUInt16LE(0, 28);
    this.write(Buffer.concat([local, entry.name, body]));
    this.entries.push(entry);
  }

  finish(): void {
    const start = this.offset;
    for (const e of this.entries) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(UTF8_FLAG, 8);
      c.writeUInt16LE(e.method, 10);
      c.writeUInt16LE(0, 12);
      c.writeUInt16LE(DOS_DATE, 14);
      c.writeUInt32LE(e.crc, 16);
      c.writeUInt32LE(e.compressed, 20);
      c.writeUInt32LE(e.size, 24);
      c.writeUInt16LE(e.name.length, 28);
      c.writeUInt32LE(e.offset, 42);
      this.write(Buffer.concat([c, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    this.write(end);
  }

  private write(buf: Buffer): void {
    fs.writeSync(this.fd, buf);
    this.offset += buf.length;
  }
}

/** Reads all entries of a ZIP written by ZipWriter (used by tests and by operators' scripts). */
export function readZip(data: Buffer): Map<string, Buffer> {
  const endAt = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new Error('not a ZIP file');
  const count = data.readUInt16LE(endAt + 10);
  let pos = data.readUInt32LE(endAt + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = data.readUInt16LE(pos + 10);
    const compressed = data.readUInt32LE(pos + 20);
    const nameLength = data.readUInt16LE(pos + 28);
    const extra = data.readUInt16LE(pos + 30) + data.readUInt16LE(pos + 32);
    const name = data.toString('utf8', pos + 46, pos + 46 + nameLength);
    const local = data.readUInt32LE(pos + 42);
    const bodyAt = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const body = data.subarray(bodyAt, bodyAt + compressed);
    out.set(name, method === 8 ? zlib.inflateRawSync(body) : Buffer.from(body));
    pos += 46 + nameLength + extra;
  }
  return out;
}
