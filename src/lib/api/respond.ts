import { createHash } from 'node:crypto';

export interface JsonOptions {
  /** Whether the caller came with a token: then the answer is theirs alone. */
  personal: boolean;
  /** Newest change among what the answer shows (ISO time), sent as Last-Modified. */
  lastModified?: string | null;
  /**
   * Whether lastModified covers every change that alters the answer. Lists cannot promise
   * that (a Beitrag that leaves a list leaves no newer date behind), so they answer
   * If-Modified-Since never with 304 and rely on the ETag.
   */
  lastModifiedIsExact?: boolean;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Strong ETag of a body: the same bytes, the same tag. */
export function etagOf(body: string | Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** If-None-Match against our ETag, with the weak comparison RFC 9110 prescribes for GET. */
export function noneMatchHits(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

function httpDate(iso: string): string | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d.toUTCString();
}

function notModifiedSince(header: string | null, lastModified: string): boolean {
  if (!header) return false;
  const since = Date.parse(header);
  // HTTP dates have whole seconds: compare at that precision.
  return !Number.isNaN(since) && Math.floor(Date.parse(lastModified) / 1000) * 1000 <= since;
}

/**
 * A JSON answer with ETag and Last-Modified, or 304 when the client's copy is current.
 * Anonymous answers may be kept by shared caches for a minute; answers to a token never.
 */
export function jsonResponse(request: Request, data: unknown, options: JsonOptions): Response {
  const body = JSON.stringify(data);
  const etag = etagOf(body);
  const headers: Record<string, string> = {
    'Content-Type': JSON_TYPE,
    ETag: etag,
    'Cache-Control': options.personal ? 'private, no-cache' : 'public, max-age=60',
  };
  const lastModified = options.lastModified ? httpDate(options.lastModified) : null;
  if (lastModified) headers['Last-Modified'] = lastModified;
  const inm = request.headers.get('if-none-match');
  const fresh = inm
    ? noneMatchHits(inm, etag)
    : options.lastModifiedIsExact === true && options.lastModified != null && notModifiedSince(request.headers.get('if-modified-since'), options.lastModified);
  if (fresh) {
    delete headers['Content-Type'];
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status: 200, headers });
}

/** The newest of some ISO times (null when none). */
export function newest(...times: (string | null | undefined)[]): string | null {
  let best: string | null = null;
  for (const t of times) if (t && (!best || Date.parse(t) > Date.parse(best))) best = t;
  return best;
}
