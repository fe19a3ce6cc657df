import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { discardTemp, newTempPath } from './blobs';

/**
 * Receives a multipart/form-data request by streaming its (single) file to a temp
 * file while hashing it. The size limit is enforced on the bytes actually read, not on
 * Content-Length; past the limit nothing more is written and the rest of the body is
 * only drained, so the browser still receives our answer.
 */

export interface ReceivedFile {
  tmpPath: string;
  size: number;
  sha256: string;
  /** The name as the client sent it (unchecked). */
  rawName: string;
}

export type ReceiveProblem = 'too_large' | 'no_file' | 'disk_full' | 'bad_request';

export interface ReceivedUpload {
  fields: Record<string, string>;
  file: ReceivedFile | null;
  /** Every file received, when more than one is allowed (maxFiles); `file` is the first. */
  files: ReceivedFile[];
  problem: ReceiveProblem | null;
}

export interface ReceiveOptions {
  limitBytes: number;
  /** How many files one request may carry (default 1); more are ignored. */
  maxFiles?: number;
  /** Opens the temp file; tests pass a writer that fails like a full disk. */
  openTemp?: (tmpPath: string) => Writable;
}

const defaultOpen = (tmpPath: string) => fs.createWriteStream(tmpPath, { flags: 'wx', mode: 0o600 });

function isDiskFull(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

export async function receiveUpload(request: Request, options: ReceiveOptions): Promise<ReceivedUpload> {
  const fields: Record<string, string> = {};
  const contentType = request.headers.get('content-type') ?? '';
  const maxFiles = options.maxFiles ?? 1;
  if (!request.body || !contentType.toLowerCase().startsWith('multipart/form-data')) return { fields, file: null, files: [], problem: 'bad_request' };

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      limits: { fileSize: options.limitBytes, files: maxFiles, fields: 20, fieldSize: 20_000, parts: 24 + maxFiles },
      defParamCharset: 'utf8',
      // Keep what the client sent as the name, so a name with a path is refused rather than silently cut.
      preservePath: true,
    });
  } catch {
    return { fields, file: null, files: [], problem: 'bad_request' };
  }

  let file: ReceivedFile | null = null;
  const files: ReceivedFile[] = [];
  let problem: ReceiveProblem | null = null;
  const writes: Promise<void>[] = [];

  parser.on('field', (name, value) => {
    fields[name] = value;
  });
  parser.on('file', (_name, stream, info) => {
    if (files.length >= maxFiles || problem || !info.filename) {
      stream.resume();
      return;
    }
    const tmpPath = newTempPath();
    const hash = createHash('sha256');
    const current: ReceivedFile = { tmpPath, size: 0, sha256: '', rawName: info.filename };
    file ??= current;
    files.push(current);
    stream.on('limit', () => {
      problem = 'too_large';
    });
    stream.on('data', (chunk: Buffer) => {
      current.size += chunk.length;
      hash.update(chunk);
    });
    writes.push(
      new Promise<void>((resolve) => {
        const writer = (options.openTemp ?? defaultOpen)(tmpPath);
        writer.on('error', (err) => {
          problem ??= isDiskFull(err) ? 'disk_full' : 'bad_request';
          // Keep draining (without writing) so the parser reaches the end of the body.
          stream.unpipe(writer);
          stream.resume();
          resolve();
        });
        writer.on('finish', () => {
          current.sha256 = hash.digest('hex');
          resolve();
        });
        stream.pipe(writer);
      }),
    );
  });

  try {
    await pipeline(Readable.fromWeb(request.body as import('node:stream/web').ReadableStream<Uint8Array>), parser);
    await Promise.all(writes);
  } catch {
    await Promise.allSettled(writes);
    // A body cut off past the adapter's own cap counts as too large; anything else as broken.
    problem ??= (file as ReceivedFile | null) ? 'too_large' : 'bad_request';
  }
  if (problem) {
    for (const f of files) discardTemp(f.tmpPath);
    return { fields, file: null, files: [], problem };
  }
  if (!file) return { fields, file: null, files: [], problem: 'no_file' };
  return { fields, file, files, problem: null };
}
