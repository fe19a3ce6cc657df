import fs from 'node:fs';
import { Readable } from 'node:stream';
import { blobPath } from './blobs';
import { FILE_KINDS, isFileKind } from './types';
import type { VersionRow } from './artefacts';

/**
 * Builds the download response for a version the caller has already authorised:
 * always an attachment (nothing renders inline, SVG included), Content-Type from the
 * allowlist, strong ETag (the content hash), single-range requests.
 */

/** RFC 6266 / RFC 8187: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

type Range = { start: number; end: number } | 'unsatisfiable' | null;

/** Parses a single byte range; several ranges are answered with the whole file (RFC 9110 allows it). */
export function parseRange(header: string | null, size: number): Range {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

export function downloadResponse(request: Request, version: VersionRow): Response {
  const etag = `"${version.sha256}"`;
  const kind = isFileKind(version.kind) ? version.kind : 'zip';
  const headers = new Headers({
    'Content-Type': FILE_KINDS[kind].mime,
    'Content-Disposition': contentDisposition(version.fileName),
    'X-Content-Type-Options': 'nosniff',
    // Even if a browser tried to show it, the document could run nothing.
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'Cache-Control': 'private, no-cache',
    'Accept-Ranges': 'bytes',
    ETag: etag,
    'Last-Modified': new Date(version.createdAt).toUTCString(),
  });
  if (etagMatches(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });

  const size = version.size;
  const ifRange = request.headers.get('if-range');
  let range = parseRange(request.headers.get('range'), size);
  if (ifRange && ifRange.trim() !== etag) range = null;
  if (range === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  headers.set('Content-Length', String(size === 0 ? 0 : end - start + 1));
  if (range) headers.set('Content-Range', `bytes ${start}-${end}/${size}`);
  const status = range ? 206 : 200;
  if (request.method === 'HEAD' || size === 0) return new Response(null, { status, headers });
  const stream = fs.createReadStream(blobPath(version.sha256), { start, end });
  return new Response(Readable.toWeb(stream) as ReadableStream, { status, headers });
}
