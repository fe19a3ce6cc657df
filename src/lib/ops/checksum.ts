import crypto from 'node:crypto';
import fs from 'node:fs';

/** SHA-256 of a file's bytes, hex; read in chunks so large uploads never sit in memory. */
export function sha256File(file: string): string {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.alloc(1024 * 1024);
    let n: number;
    let pos = 0;
    while ((n = fs.readSync(fd, chunk, 0, chunk.length, pos)) > 0) {
      hash.update(chunk.subarray(0, n));
      pos += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

export function sha256Buffer(data: Buffer | string): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}
