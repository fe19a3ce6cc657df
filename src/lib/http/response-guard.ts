import http from 'node:http';
import type { Socket } from 'node:net';
import { clientErrorPage, type RefusalStatus } from './client-error';

/**
 * How long a connection keeps being read (and discarded) at most after an answer sent before
 * the body was read; a client that has read the answer closes its side sooner.
 */
const LINGER_MS = 5_000;

const sealed = new WeakSet<http.ServerResponse>();
const lingering = new WeakSet<Socket>();

/** True while a connection only waits for the client to see our last answer. */
export function isLingering(socket: Socket): boolean {
  return lingering.has(socket);
}

/**
 * Closing a connection while the client is still sending makes the kernel answer with a
 * reset, and the client may lose the response we just sent (a 413, say). So, like nginx's
 * lingering close, the connection is half-closed and what still arrives is read and thrown
 * away until the client closes its side, for LINGER_MS at most.
 */
function lingerOnClose(req: http.IncomingMessage): void {
  const socket = req.socket as Socket & { destroySoon?: () => void };
  if (lingering.has(socket)) return;
  lingering.add(socket);
  // Node ends a `Connection: close` response with socket.destroySoon().
  socket.destroySoon = function (this: Socket) {
    this.end();
    req.resume();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    this.once('end', () => this.destroy());
    this.once('close', () => clearTimeout(timer));
  };
}

function headerKey(headers: Record<string, unknown>, name: string): string | undefined {
  return Object.keys(headers).find((k) => k.toLowerCase() === name);
}

/**
 * Makes every response on this request path well-formed, whoever writes it (the app, the
 * page cache, the static file handler, a refusal):
 * - the status line carries the status's own reason phrase ("404 Not Found", never "404 OK");
 * - HTML says its charset (`text/html; charset=utf-8`);
 * - an answer sent before the request body was read completely closes the connection
 *   (lingering, see above), so the rest of the body is never read as a next request;
 * - once sealed (see sealResponse), later writes are dropped;
 * - a failing write ends the connection instead of throwing in an event without listener.
 */
export function guardResponse(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.on('error', () => res.destroy());
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    if (sealed.has(res) || res.headersSent) return res;
    // writeHead(status, reason?, headers?): the reason is always the standard one.
    if (typeof rest[0] === 'string') rest.shift();
    res.statusMessage = http.STATUS_CODES[status] ?? 'Unknown';
    const headers = rest[0] && typeof rest[0] === 'object' && !Array.isArray(rest[0]) ? (rest[0] as Record<string, unknown>) : null;
    const typeKey = headers ? headerKey(headers, 'content-type') : undefined;
    const type = String((typeKey ? headers![typeKey] : res.getHeader('content-type')) ?? '');
    if (/^text\/html\s*$/i.test(type)) {
      if (typeKey) headers![typeKey] = 'text/html; charset=utf-8';
      else res.setHeader('Content-Type', 'text/html; charset=utf-8');
    }
    if (!req.complete) {
      if (headers) {
        const key = headerKey(headers, 'connection');
        if (key) delete headers[key];
      }
      res.setHeader('Connection', 'close');
      lingerOnClose(req);
    }
    return writeHead(status, ...rest);
  }) as typeof res.writeHead;
  for (const name of ['write', 'end'] as const) {
    const original = res[name].bind(res) as (...args: unknown[]) => unknown;
    (res as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      if (!sealed.has(res)) return original(...args);
      const callback = args.find((a) => typeof a === 'function') as (() => void) | undefined;
      if (callback) process.nextTick(callback);
      return name === 'write' ? true : res;
    };
  }
}

export function isSealed(res: http.ServerResponse): boolean {
  return sealed.has(res);
}

/** After this, nothing more is written to the response: the server has answered in the app's stead. */
export function sealResponse(res: http.ServerResponse): void {
  sealed.add(res);
}

export interface RefusalOptions {
  /** The methods the resource has (405). */
  allow?: readonly string[];
  /** Replaces the standard text of the page. */
  message?: string;
  /** A local path for "Zurück zum Formular". */
  back?: string;
}

/**
 * Answers with a self-contained German error page and seals the response, so whatever the
 * app still tries to write for this request is dropped.
 */
export function sendRefusal(res: http.ServerResponse, status: RefusalStatus, options: RefusalOptions = {}): void {
  if (res.headersSent || sealed.has(res)) return;
  const html = clientErrorPage(status, options);
  const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html), 'Cache-Control': 'no-store' };
  if (options.allow) headers['Allow'] = options.allow.join(', ');
  res.writeHead(status, headers);
  res.end(res.req.method === 'HEAD' ? undefined : html);
  sealResponse(res);
}
