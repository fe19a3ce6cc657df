import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { discardTemp, newTempPath } from './blobs';
import { bodyLimit } from '../http/body-limit';
import { currentBodyState } from '../http/request-context';

/**
 * Receives a multipart/form-data request by streaming its (single) file to a temp
 * file while hashing it. The size limit is enforced on the bytes actually read, not on
 * Content-Length; past the limit nothing more is written and the rest of the body is
 * only drained, so the browser still receives our answer. The server stops reading a little
 * past the limit (see http/body-limit.ts), so draining is bounded too.
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
  // Declared too large: answered without reading a byte of it.
  const declared = request.headers.get('content-length');
  if (declared && /^\d+$/.test(declared) && Number(declared) > bodyLimit('upload', options.limitBytes)) return { fields, file: null, files: [], problem: 'too_large' };

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
    // A body that breaks off mid-file (a closed tab, a lost connection, a missing closing
    // boundary) fails this stream as well as the parser. Without a listener that error
    // would end the whole process; what it means is decided below, where the parser fails.
    stream.on('error', () => {});
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
        // Settled only once the temp file is closed: removing it earlier could race with its
        // (asynchronous) creation and leave a .part file behind.
        writer.on('close', resolve);
        writer.on('error', (err) => {
          problem ??= isDiskFull(err) ? 'disk_full' : 'bad_request';
          // Keep draining (without writing) so the parser reaches the end of the body.
          stream.unpipe(writer);
          stream.resume();
          writer.destroy();
        });
        stream.on('error', () => {
          stream.unpipe(writer);
          writer.destroy();
        });
        writer.on('finish', () => {
          current.sha256 = hash.digest('hex');
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
    // Past the server's body limit the stream fails (too large); anything else — an aborted
    // connection, a truncated or malformed multipart body — is a broken request.
    problem = currentBodyState()?.tooLarge ? 'too_large' : (problem ?? 'bad_request');
  }
  if (problem) {
    for (const f of files) discardTemp(f.tmpPath);
    return { fields, file: null, files: [], problem };
  }
  if (!file) return { fields, file: null, files: [], problem: 'no_file' };
  return { fields, file, files, problem: null };
}
