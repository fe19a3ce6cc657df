import fs from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import zlib from 'node:zlib';

/**
 * Reads a ZIP archive's central directory and checks every entry by actually
 * inflating it, with limits on entry count and total uncompressed size (zip bombs).
 * Declared sizes are checked first (cheap), then each entry is inflated with a cap at
 * its declared size, so an archive that lies in its headers is caught too.
 */

export const ZIP_LIMITS = {
  maxEntries: 5_000,
  maxUncompressedBytes: 256 * 1024 * 1024,
};

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export type ZipProblem = 'damaged' | 'bomb' | 'encrypted' | 'unsupported';

export class ZipError extends Error {
  constructor(readonly problem: ZipProblem, detail: string) {
    super(detail);
  }
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;

async function readAt(fh: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  if (bytesRead !== length) throw new ZipError('damaged', 'unexpected end of file');
  return buf;
}

/** Locates the central directory (ZIP64 aware) and returns its entries. */
export async function readCentralDirectory(fh: fs.FileHandle, size: number, limits = ZIP_LIMITS): Promise<ZipEntry[]> {
  const tailLength = Math.min(size, 22 + 0xffff);
  if (tailLength < 22) throw new ZipError('damaged', 'too short for a ZIP archive');
  const tail = await readAt(fh, size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('damaged', 'no end of central directory');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locatorAt = eocd - 20;
    if (locatorAt < 0 || tail.readUInt32LE(locatorAt) !== ZIP64_LOCATOR_SIG) throw new ZipError('damaged', 'ZIP64 locator missing');
    const z64 = await readAt(fh, Number(tail.readBigUInt64LE(locatorAt + 8)), 56);
    if (z64.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw new ZipError('damaged', 'ZIP64 end record missing');
    count = Number(z64.readBigUInt64LE(32));
    cdSize = Number(z64.readBigUInt64LE(40));
    cdOffset = Number(z64.readBigUInt64LE(48));
  }
  if (count === 0) throw new ZipError('damaged', 'empty archive');
  if (count > limits.maxEntries) throw new ZipError('bomb', `${count} entries`);
  if (cdOffset + cdSize > size) throw new ZipError('damaged', 'central directory outside the file');
  const cd = await readAt(fh, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CDH_SIG) throw new ZipError('damaged', 'bad central directory entry');
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      crc32: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      uncompressedSize: cd.readUInt32LE(p + 24),
      localHeaderOffset: cd.readUInt32LE(p + 42),
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
    };
    applyZip64Extra(entry, cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength));
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  for (let q = 0; q + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(q);
    const len = extra.readUInt16LE(q + 2);
    if (id === 0x0001) {
      let r = q + 4;
      const next = () => {
        const v = Number(extra.readBigUInt64LE(r));
        r += 8;
        return v;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
    }
    q += 4 + len;
  }
}

/** Where an entry's compressed data starts (after its local header). */
async function dataOffset(fh: fs.FileHandle, entry: ZipEntry): Promise<number> {
  const lfh = await readAt(fh, entry.localHeaderOffset, 30);
  if (lfh.readUInt32LE(0) !== LFH_SIG) throw new ZipError('damaged', `bad local header for ${entry.name}`);
  return entry.localHeaderOffset + 30 + lfh.readUInt16LE(26) + lfh.readUInt16LE(28);
}

/** Inflates one entry, never producing more than its declared size, and checks its CRC. */
async function verifyEntry(file: string, start: number, entry: ZipEntry): Promise<void> {
  if (entry.compressedSize === 0 && entry.uncompressedSize === 0) return;
  const source = createReadStream(file, { start, end: start + entry.compressedSize - 1 });
  const inflater = entry.method === 8 ? zlib.createInflateRaw() : null;
  // pipe() does not pass on a read error: hand it to the inflater, where the loop below sees
  // it, instead of leaving an 'error' event without listener (which would end the process).
  if (inflater) source.on('error', (err) => inflater.destroy(err));
  const stream = inflater ? source.pipe(inflater) : source;
  let produced = 0;
  let crc = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      produced += chunk.length;
      if (produced > entry.uncompressedSize) throw new ZipError('bomb', `${entry.name} inflates beyond its declared size`);
      crc = zlib.crc32(chunk, crc);
    }
  } catch (err) {
    if (err instanceof ZipError) throw err;
    throw new ZipError('damaged', `${entry.name}: ${(err as Error).message}`);
  } finally {
    source.destroy();
    inflater?.destroy();
  }
  if (produced !== entry.uncompressedSize || crc !== entry.crc32) throw new ZipError('damaged', `${entry.name} is corrupt`);
}

/**
 * Opens an archive and refuses zip bombs (too many entries, too large uncompressed,
 * overlapping entries), encrypted entries and unknown compression methods.
 * Returns the entries for format-specific checks.
 */
export async function inspectZip(file: string, limits = ZIP_LIMITS): Promise<ZipEntry[]> {
  const fh = await fs.open(file, 'r');
  try {
    const { size } = await fh.stat();
    const entries = await readCentralDirectory(fh, size, limits);
    let declared = 0;
    for (const e of entries) {
      if (e.flags & 0x1) throw new ZipError('encrypted', e.name);
      if (e.method !== 0 && e.method !== 8) throw new ZipError('unsupported', `${e.name}: method ${e.method}`);
      declared += e.uncompressedSize;
      if (declared > limits.maxUncompressedBytes) throw new ZipError('bomb', 'declared uncompressed size too large');
    }
    // Entries sharing compressed data are the trick of "non-recursive" zip bombs.
    const spans: { start: number; end: number; entry: ZipEntry }[] = [];
    for (const e of entries) {
      const start = await dataOffset(fh, e);
      if (start + e.compressedSize > size) throw new ZipError('damaged', `${e.name} extends beyond the file`);
      spans.push({ start, end: start + e.compressedSize, entry: e });
    }
    spans.sort((a, b) => a.start - b.start);
    for (let i = 1; i < spans.length; i++) {
      if (spans[i]!.entry.localHeaderOffset < spans[i - 1]!.end) throw new ZipError('bomb', 'overlapping entries');
    }
    for (const s of spans) await verifyEntry(file, s.start, s.entry);
    return entries;
  } finally {
    await fh.close();
  }
}

/** The entries of an archive that was checked when it was stored, e.g. to read its text. */
export async function listZipEntries(file: string, limits = ZIP_LIMITS): Promise<ZipEntry[]> {
  const fh = await fs.open(file, 'r');
  try {
    return await readCentralDirectory(fh, (await fh.stat()).size, limits);
  } finally {
    await fh.close();
  }
}

/** Reads one (small) entry's content, e.g. an ODF "mimetype" file. */
export async function readZipEntry(file: string, entry: ZipEntry, maxBytes = 4096): Promise<Buffer> {
  if (entry.uncompressedSize > maxBytes) throw new ZipError('damaged', `${entry.name} is unexpectedly large`);
  const fh = await fs.open(file, 'r');
  try {
    const start = await dataOffset(fh, entry);
    const raw = entry.compressedSize ? await readAt(fh, start, entry.compressedSize) : Buffer.alloc(0);
    return entry.method === 8 ? zlib.inflateRawSync(raw, { maxOutputLength: maxBytes }) : raw;
  } finally {
    await fh.close();
  }
}

/**
 * At most `maxBytes` of one entry's content, however large it unpacks: inflating stops
 * there (for reading the text of a large part without holding all of it).
 */
export async function readZipEntryHead(file: string, entry: ZipEntry, maxBytes: number): Promise<Buffer> {
  if (entry.method !== 0 && entry.method !== 8) throw new ZipError('unsupported', `${entry.name}: method ${entry.method}`);
  const fh = await fs.open(file, 'r');
  let raw: Buffer;
  try {
    const start = await dataOffset(fh, entry);
    raw = entry.compressedSize ? await readAt(fh, start, entry.method === 0 ? Math.min(entry.compressedSize, maxBytes) : entry.compressedSize) : Buffer.alloc(0);
  } finally {
    await fh.close();
  }
  if (entry.method === 0) return raw;
  const inflater = zlib.createInflateRaw();
  const chunks: Buffer[] = [];
  let length = 0;
  return new Promise<Buffer>((resolve, reject) => {
    const done = () => resolve(Buffer.concat(chunks, Math.min(length, maxBytes)).subarray(0, maxBytes));
    inflater.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= maxBytes) {
        inflater.destroy();
        done();
      }
    });
    inflater.once('end', done);
    inflater.once('error', (err) => reject(new ZipError('damaged', `${entry.name}: ${err.message}`)));
    inflater.end(raw);
  });
}
