import type http from 'node:http';
import { audienceOf, viewerFromCookies } from '../auth/audience';
import type { Viewer } from '../auth/viewer';
import { currentDataVersion } from '../db/data-version';
import { escapeHtml } from '../format';
import type { RequestContext } from './request-context';

// Whole rendered pages, served before the app runs, one entry per audience and URL:
// - anonymous: a GET without any Cookie or Authorization header has no session, so its page
//   is the public one; any complete public 200 HTML page may be kept.
// - signed in: a GET whose session is live without a write (see peekSession) belongs to the
//   audience of its memberships and roles (audience.ts). Only pages that declared themselves
//   shared with that audience (shareWithAudience) are kept, and the person's name in the
//   header is put in for each person who is served the page.
// The audience is part of every key, so one audience's page never reaches another. Entries
// die with any database change (so with every publish, from any process) and after TTL_MS,
// because pages may show dates relative to today.
const TTL_MS = 60_000;
const MAX_ENTRIES = 500;
const MAX_BYTES = 24 * 1024 * 1024;
const MAX_PAGE_BYTES = 1024 * 1024;
/**
 * Pages that depend on more than the database: the search page names the current index
 * generation, which changes when a build finishes, not when a row changes.
 */
const UNCACHED_PREFIXES = ['/suche'];
/** Where the layout names the signed-in person (Base.astro). */
const NAME_MARK = Buffer.from('<span class="visually-hidden" data-viewer-name>');
const NAME_END = Buffer.from('</span>');

export interface CacheTarget {
  key: string;
  /** An anonymous call of the read API (/api/v1/…): its JSON answers may be kept like pages. */
  api: boolean;
  /** The signed-in person, null for anonymous visitors. */
  viewer: Viewer | null;
  /** What the page declares about itself while it renders. */
  context: RequestContext;
}

interface Entry {
  status: number;
  headers: http.OutgoingHttpHeaders;
  /** The page, or for a signed-in audience the page before and after the person's name. */
  parts: Buffer[];
  bytes: number;
  storedAt: number;
}

const entries = new Map<string, Entry>();
let version = '';
let bytes = 0;

function drop(key: string): void {
  const e = entries.get(key);
  if (!e) return;
  bytes -= e.bytes;
  entries.delete(key);
}

function sync(): string {
  const now = currentDataVersion();
  if (now !== version) {
    entries.clear();
    bytes = 0;
    version = now;
  }
  return now;
}

const nameHtml = (viewer: Viewer) => Buffer.from(` (${escapeHtml(viewer.name)})`);

/**
 * The cache entry a request may use, or null when it may not use the cache: other methods,
 * credentials in an Authorization header, cookies without a live session, the search page.
 */
export function pageCacheKey(req: http.IncomingMessage, viewerOf: (cookies: string | undefined) => Viewer | null = viewerFromCookies): CacheTarget | null {
  if (req.method !== 'GET' || req.headers.authorization !== undefined) return null;
  const url = req.url ?? '/';
  if (UNCACHED_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`))) return null;
  const where = `${req.headers.host ?? ''}${url}`;
  const context = { sharedWithAudience: false };
  // The read API ignores cookies: every call without a token is anonymous there.
  const api = url === '/api/v1' || url.startsWith('/api/v1/') || url.startsWith('/api/v1?');
  if (api) return { key: `anonym ${where}`, api, viewer: null, context };
  if (req.headers.cookie === undefined) return { key: `anonym ${where}`, api, viewer: null, context };
  let viewer: Viewer | null;
  try {
    viewer = viewerOf(req.headers.cookie);
  } catch {
    // The database did not answer: the app handles the request and shows its error page.
    return null;
  }
  return viewer ? { key: `${audienceOf(viewer)} ${where}`, api, viewer, context } : null;
}

/** The data version, or null when the database does not answer (then the cache stays out of the way). */
function syncSafely(): string | null {
  try {
    return sync();
  } catch {
    entries.clear();
    bytes = 0;
    version = '';
    return null;
  }
}

/** The fresh entry for a target, if any (expired ones are dropped). */
function freshEntry(target: CacheTarget): Entry | undefined {
  if (syncSafely() === null) return undefined;
  const e = entries.get(target.key);
  if (!e) return undefined;
  if (Date.now() - e.storedAt > TTL_MS) {
    drop(target.key);
    return undefined;
  }
  return e;
}

/** Whether serveCachedPage would answer this target now. */
export function hasCachedPage(target: CacheTarget): boolean {
  return freshEntry(target) !== undefined;
}

/**
 * Answers from the cache; false when there is no fresh entry. `extra` headers are added (the
 * API's budget figures); a stored ETag that the request's If-None-Match names gives a 304.
 */
export function serveCachedPage(target: CacheTarget, res: http.ServerResponse, extra: Record<string, string> = {}, ifNoneMatch?: string): boolean {
  const e = freshEntry(target);
  if (!e) return false;
  entries.delete(target.key);
  entries.set(target.key, e);
  const etag = typeof e.headers['etag'] === 'string' ? e.headers['etag'] : null;
  if (etag && ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === etag)) {
    const { 'content-type': _type, ...headers } = e.headers;
    res.writeHead(304, { ...headers, ...extra });
    res.end();
    return true;
  }
  const body = target.viewer && e.parts.length === 2 ? Buffer.concat([e.parts[0]!, nameHtml(target.viewer), e.parts[1]!]) : e.parts[0]!;
  res.writeHead(e.status, { ...e.headers, ...extra, 'content-length': body.length });
  res.end(body);
  return true;
}

/** A signed-in page split around the person's name; null when the name is not where the layout puts it. */
function splitAtName(body: Buffer, viewer: Viewer): Buffer[] | null {
  const start = body.indexOf(NAME_MARK);
  if (start < 0) return null;
  const from = start + NAME_MARK.length;
  const to = body.indexOf(NAME_END, from);
  if (to < 0 || !body.subarray(from, to).equals(nameHtml(viewer))) return null;
  return [body.subarray(0, from), body.subarray(to)];
}

/**
 * Records what the app writes to res and, when it was a complete 200 HTML page that may be
 * kept for this audience, rendered while nothing in the database changed, keeps it.
 */
export function recordPage(target: CacheTarget, res: http.ServerResponse): void {
  const started = syncSafely();
  if (started === null) return;
  const chunks: Buffer[] = [];
  let size = 0;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  const keep = (chunk: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function' || size > MAX_PAGE_BYTES) return;
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    chunks.push(buf);
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => (keep(chunk), write(chunk, ...rest))) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => (keep(chunk), end(chunk, ...rest))) as typeof res.end;
  res.on('finish', () => {
    const type = String(res.getHeader('content-type') ?? '');
    const control = String(res.getHeader('cache-control') ?? '');
    const kind = target.api ? type.startsWith('application/json') : type.startsWith('text/html');
    const complete = res.statusCode === 200 && kind && !res.hasHeader('set-cookie') && size <= MAX_PAGE_BYTES;
    const mayKeep = target.viewer ? target.context.sharedWithAudience : !/no-store|private/.test(control);
    if (!complete || !mayKeep || syncSafely() !== started) return;
    const body = Buffer.concat(chunks);
    const parts = target.viewer ? splitAtName(body, target.viewer) : [body];
    if (!parts) return;
    const headers = res.getHeaders();
    delete headers['date'];
    delete headers['connection'];
    delete headers['keep-alive'];
    delete headers['transfer-encoding'];
    delete headers['content-length'];
    // Budget figures belong to each answer, not to the stored one.
    delete headers['x-ratelimit-limit'];
    delete headers['x-ratelimit-remaining'];
    drop(target.key);
    entries.set(target.key, { status: 200, headers, parts, bytes: body.length, storedAt: Date.now() });
    bytes += body.length;
    while (entries.size > MAX_ENTRIES || bytes > MAX_BYTES) drop(entries.keys().next().value!);
  });
}
