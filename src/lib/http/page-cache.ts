import type http from 'node:http';
import { audienceOf, viewerFromCookies } from '../auth/audience';
import type { Viewer } from '../auth/viewer';
import { currentDataVersion } from '../db/data-version';
import { SLOT_ARG, SLOT_KINDS, slotHtml, slotOpening, type SlotKind } from './personal-slots';
import type { RequestContext } from './request-context';

// Whole rendered pages, served before the app runs, one entry per audience and URL:
// - anonymous: a GET without any Cookie or Authorization header has no session, so its page
//   is the public one; any complete public 200 HTML page may be kept.
// - signed in: a GET whose session is live without a write (see peekSession) belongs to the
//   audience of its memberships and roles (audience.ts). Only pages that declared themselves
//   shared with that audience (shareWithAudience) are kept, and what belongs to the person
//   (their name, their unread count, whether they follow what the page shows: personal-slots.ts)
//   is put in for each person who is served the page.
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
/** Where a page holds something of the person served (ViewerSlot.astro). */
const SLOT_MARK = new RegExp(`<span class="[\\w-]+" data-viewer-(${SLOT_KINDS.join('|')})(?:="([^"]*)")?>`, 'g');
const SLOT_END = '</span>';
const MAX_SLOTS = 20;

interface Slot {
  kind: SlotKind;
  arg: string | null;
}

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
  /** The page cut at its personal slots: parts[i], slot i, parts[i+1] … (anonymous pages: one part). */
  parts: Buffer[];
  slots: Slot[];
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
  // A page with personal slots differs per person and over time (unread count): never a 304.
  const etag = typeof e.headers['etag'] === 'string' && e.slots.length === 0 ? e.headers['etag'] : null;
  if (etag && ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === etag)) {
    const { 'content-type': _type, ...headers } = e.headers;
    res.writeHead(304, { ...headers, ...extra });
    res.end();
    return true;
  }
  let body: Buffer;
  try {
    body = target.viewer ? personalise(e, target.viewer) : e.parts[0]!;
  } catch {
    // A slot needs the database, which did not answer: the app handles the request.
    return false;
  }
  res.writeHead(e.status, { ...e.headers, ...extra, 'content-length': body.length });
  res.end(body);
  return true;
}

function personalise(e: Entry, viewer: Viewer): Buffer {
  const pieces: Buffer[] = [e.parts[0]!];
  e.slots.forEach((slot, i) => pieces.push(Buffer.from(slotHtml(slot.kind, slot.arg, viewer)), e.parts[i + 1]!));
  return Buffer.concat(pieces);
}

/**
 * A signed-in page cut at its personal slots; null when a slot is not exactly what the
 * layout writes for this person (then the page is not kept). Every signed-in page carries
 * at least the name.
 */
function splitAtSlots(body: Buffer, viewer: Viewer): { parts: Buffer[]; slots: Slot[] } | null {
  // latin1 maps each byte to one character, so string positions are byte positions.
  const text = body.toString('latin1');
  const parts: Buffer[] = [];
  const slots: Slot[] = [];
  let last = 0;
  for (const m of text.matchAll(SLOT_MARK)) {
    const kind = m[1] as SlotKind;
    const arg = m[2] ?? null;
    if (arg !== null && !SLOT_ARG.test(arg)) return null;
    if (m[0] !== slotOpening(kind, arg) || slots.length >= MAX_SLOTS) return null;
    const from = m.index + m[0].length;
    const to = text.indexOf(SLOT_END, from);
    if (to < 0 || !body.subarray(from, to).equals(Buffer.from(slotHtml(kind, arg, viewer)))) return null;
    parts.push(body.subarray(last, from));
    slots.push({ kind, arg });
    last = to;
  }
  if (!slots.some((s) => s.kind === 'name')) return null;
  parts.push(body.subarray(last));
  return { parts, slots };
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
    const cut = target.viewer ? splitAtSlots(body, target.viewer) : { parts: [body], slots: [] };
    if (!cut) return;
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
    entries.set(target.key, { status: 200, headers, parts: cut.parts, slots: cut.slots, bytes: body.length, storedAt: Date.now() });
    bytes += body.length;
    while (entries.size > MAX_ENTRIES || bytes > MAX_BYTES) drop(entries.keys().next().value!);
  });
}
