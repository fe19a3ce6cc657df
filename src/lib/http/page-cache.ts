import type http from 'node:http';
import { currentDataVersion } from '../db/data-version';

// Whole pages for anonymous visitors, served before the app runs. A page is only ever
// stored from, and served to, a GET without any Cookie or Authorization header: such a
// request has no session, so its page is the public one. Entries die with any database
// change (so with every publish, from any process) and after TTL_MS, because pages may
// show dates relative to today.
const TTL_MS = 60_000;
const MAX_ENTRIES = 500;
const MAX_BYTES = 32 * 1024 * 1024;
const MAX_PAGE_BYTES = 1024 * 1024;
/**
 * Pages that depend on more than the database: the search page names the current index
 * generation, which changes when a build finishes, not when a row changes.
 */
const UNCACHED_PREFIXES = ['/suche'];

interface Entry {
  status: number;
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
  storedAt: number;
}

const entries = new Map<string, Entry>();
let version = '';
let bytes = 0;

function drop(key: string): void {
  const e = entries.get(key);
  if (!e) return;
  bytes -= e.body.length;
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

/** The cache key for a request, or null when it may not use the cache. */
export function pageCacheKey(req: http.IncomingMessage): string | null {
  if (req.method !== 'GET' || req.headers.cookie !== undefined || req.headers.authorization !== undefined) return null;
  const url = req.url ?? '/';
  if (UNCACHED_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`))) return null;
  return `${req.headers.host ?? ''}${url}`;
}

/** Answers from the cache; false when there is no fresh entry. */
export function serveCachedPage(key: string, res: http.ServerResponse): boolean {
  sync();
  const e = entries.get(key);
  if (!e) return false;
  if (Date.now() - e.storedAt > TTL_MS) {
    drop(key);
    return false;
  }
  entries.delete(key);
  entries.set(key, e);
  res.writeHead(e.status, e.headers);
  res.end(e.body);
  return true;
}

/**
 * Records what the app writes to res and, when it was a complete, public 200 HTML page
 * rendered while nothing in the database changed, keeps it for the next anonymous visitor.
 */
export function recordPage(key: string, res: http.ServerResponse): void {
  const started = sync();
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
    const cacheable = res.statusCode === 200 && type.startsWith('text/html') && !res.hasHeader('set-cookie') && !/no-store|private/.test(control) && size <= MAX_PAGE_BYTES;
    if (!cacheable || sync() !== started) return;
    const headers = res.getHeaders();
    delete headers['date'];
    delete headers['connection'];
    delete headers['keep-alive'];
    delete headers['transfer-encoding'];
    drop(key);
    const body = Buffer.concat(chunks);
    headers['content-length'] = body.length;
    entries.set(key, { status: 200, headers, body, storedAt: Date.now() });
    bytes += body.length;
    while (entries.size > MAX_ENTRIES || bytes > MAX_BYTES) drop(entries.keys().next().value!);
  });
}
