import http from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getConfig } from '../lib/config';
import { installLastResort } from './last-resort';
import { closeDb } from '../lib/db/client';
import { securityHeaders } from '../lib/http/headers';
import { hasCachedPage, pageCacheKey, recordPage, serveCachedPage } from '../lib/http/page-cache';
import { takeCachedAnswerBudget } from '../lib/api/gate';
import { runWithRequestContext, type RequestContext } from '../lib/http/request-context';
import { isTrustedPeer, resolveClientIp } from '../lib/http/client-ip';
import { clientErrorResponse, clientErrorStatus, isDecodablePath, type RefusalStatus } from '../lib/http/client-error';
import { bodyAllowance, countedBody, declaredLength, tooLargeMessage } from '../lib/http/body-limit';
import { allowedMethodsForPath, isKnownMethod } from '../lib/http/methods';
import { isAssetPath, sendAsset } from './static-files';
import { guardResponse, isLingering, isSealed, sendRefusal, type RefusalOptions } from '../lib/http/response-guard';

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

/** Responses served from the page cache, marked in the request log. */
const cacheHits = new WeakSet<http.ServerResponse>();

// Log lines are collected and written once per turn of the event loop: one write per request
// would cost as much as the request itself when pages come from the cache.
let pendingLog: string[] = [];
function writeLog(entry: Record<string, unknown>): void {
  if (pendingLog.length === 0) setImmediate(flushLog);
  pendingLog.push(JSON.stringify(entry) + '\n');
}
function flushLog(): void {
  if (pendingLog.length === 0) return;
  process.stdout.write(pendingLog.join(''));
  pendingLog = [];
}

/** One JSON line per request: no query strings, no personal data. */
function logRequest(req: http.IncomingMessage, res: http.ServerResponse, started: bigint, trustedProxies: readonly string[]): void {
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const pathOnly = (req.url ?? '').split('?')[0]!.slice(0, 300);
  const line: Record<string, unknown> = { t: new Date().toISOString(), method: req.method, path: pathOnly, status: res.statusCode, ms: Math.round(ms * 10) / 10 };
  // A trusted reverse proxy's request id (nginx: proxy_set_header X-Request-Id $request_id) ties
  // both logs together; from anybody else it would be text of their choosing in our log.
  const id = req.headers['x-request-id'];
  if (typeof id === 'string' && /^[\w.-]{1,64}$/.test(id) && isTrustedPeer(req.socket.remoteAddress, trustedProxies)) line['id'] = id;
  if (cacheHits.has(res)) line['cache'] = 'hit';
  writeLog(line);
}

/** The page a refused form came from, for the link back to it (a local path only). */
function formPath(req: http.IncomingMessage): string | undefined {
  const pathname = (req.url ?? '').split('?')[0]!;
  return req.method === 'POST' && /^\/(?![/\\])/.test(pathname) ? pathname : undefined;
}

/**
 * A response that names its own frame-ancestors (the embeddable list of a Kommune) may be
 * framed by those sites; X-Frame-Options DENY, set for every response above, would contradict it.
 */
function allowOwnFrameAncestors(res: http.ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    const headers = args.find((a) => a && typeof a === 'object' && !Array.isArray(a)) as Record<string, unknown> | undefined;
    const csp = String(headers?.['content-security-policy'] ?? headers?.['Content-Security-Policy'] ?? res.getHeader('content-security-policy') ?? '');
    if (/frame-ancestors (?!'none')/.test(csp)) res.removeHeader('x-frame-options');
    return writeHead(...args);
  }) as typeof res.writeHead;
}

/**
 * Starts the built Astro app behind our own HTTP server, which adds security
 * headers to every response (static files and errors too), refuses what no
 * route takes (methods, bodies over their limit, broken framing) before the app
 * reads it, logs each request and shuts down gracefully on SIGTERM/SIGINT.
 */
export async function startServer(root: string): Promise<{ server: http.Server; url: string; close: () => Promise<void> }> {
  const config = getConfig();
  process.env['ASTRO_NODE_AUTOSTART'] = 'disabled';
  const entry = pathToFileURL(path.join(root, 'dist', 'server', 'entry.mjs')).href;
  const { handler } = (await import(entry)) as { handler: NodeHandler };
  const headers = securityHeaders(config.secure);
  installLastResort(process, (line) => process.stderr.write(line + '\n'), (code) => process.exit(code));
  const quiet = process.env['WISSENSNETZ_LOG_REQUESTS'] === '0';
  const pageCache = process.env['WISSENSNETZ_PAGE_CACHE'] !== '0';

  /** The response in progress on each connection, for a parse error in the middle of its body. */
  const inFlight = new WeakMap<Socket, http.ServerResponse>();

  const handle = (req: http.IncomingMessage, res: http.ServerResponse, expectsContinue = false): void => {
    // A pipelined request behind one we refused (the connection is closing), or one whose
    // client left before it was parsed to the end (no address, nobody to answer): nothing to do.
    if (isLingering(req.socket) || !req.socket.remoteAddress) return void req.socket.destroy();
    const started = process.hrtime.bigint();
    if (!quiet) res.on('finish', () => logRequest(req, res, started, config.trustedProxies));
    inFlight.set(req.socket, res);
    res.on('close', () => inFlight.get(req.socket) === res && inFlight.delete(req.socket));
    guardResponse(req, res);
    const refuse = (status: RefusalStatus, options?: RefusalOptions) => {
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      sendRefusal(res, status, options);
    };
    // Invalid UTF-8 in the path: Astro would answer a bare English "Bad request.".
    if (!isDecodablePath(req.url ?? '/')) return refuse(400);
    // Decided from the request's head alone, before a byte of the body is read.
    if (!isKnownMethod(req.method, req.url ?? '/')) return refuse(405, { allow: allowedMethodsForPath(req.url ?? '/') });
    const allowance = bodyAllowance(req, config.uploadLimitBytes);
    const oversize = (declaredLength(req) ?? 0) > allowance.limit;
    // Those who may use the upload or editor form get that form back with the message instead
    // (the app checks the declared length before reading, see readForm and receiveUpload).
    if (oversize && allowance.kind === 'form') return refuse(413, { message: tooLargeMessage(allowance.limit), back: formPath(req) });
    const target = pageCache ? pageCacheKey(req) : null;
    // An anonymous API answer from the cache still costs the address one request of its budget.
    let budget: Record<string, string> = {};
    if (target?.api && hasCachedPage(target)) {
      const ip = resolveClientIp(req.socket.remoteAddress ?? '', typeof req.headers['x-forwarded-for'] === 'string' ? req.headers['x-forwarded-for'] : null, config.trustedProxies);
      const decision = takeCachedAnswerBudget(ip, (req.url ?? '').split('?')[0]!);
      if (!decision.allowed) {
        res.writeHead(decision.status, { ...headers, ...decision.headers }).end(decision.body);
        return;
      }
      budget = decision.headers;
    }
    // A stored page carries the security headers it was sent with.
    const ifNoneMatch = typeof req.headers['if-none-match'] === 'string' ? req.headers['if-none-match'] : undefined;
    if (target && serveCachedPage(target, res, budget, ifNoneMatch)) {
      cacheHits.add(res);
      return;
    }
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    // Asked first, a body over the limit is never invited.
    if (expectsContinue && !oversize) res.writeContinue();
    const context: RequestContext = target?.context ?? { sharedWithAudience: false };
    context.body = { limit: allowance.limit, received: 0, tooLarge: false };
    res.on('close', () => {
      context.answered = true;
      delete context.dataVersion;
    });
    (req as http.IncomingMessage & { body?: unknown }).body = countedBody(req, context.body);
    allowOwnFrameAncestors(res);
    if (target) recordPage(target, res);
    runWithRequestContext(context, () => {
      if (isAssetPath(req.url ?? '/')) sendAsset(root, req, res, () => void handler(req, res));
      else void handler(req, res);
    });
  };

  const server = http.createServer({ maxHeaderSize: 32 * 1024 }, handle);
  // A client that asks before sending a body (Expect: 100-continue) is told "too large" before it sends it.
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => handle(req, res, true));
  server.keepAliveTimeout = 5000;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const status = clientErrorStatus(err.code);
    writeLog({ t: new Date().toISOString(), event: 'client-error', code: err.code ?? 'unknown', status });
    // A body that breaks the HTTP framing (an invalid chunk size, say) while its request is
    // being answered: answer 400 in the app's stead, unless the answer has begun already.
    const res = inFlight.get(socket);
    if (res) {
      // Node reports a broken body again with each further packet; the first answer stands.
      if (isSealed(res)) return;
      if (socket.writable && !res.headersSent && err.code !== 'ECONNRESET') {
        sendRefusal(res, status === 431 ? 400 : status);
        // The app may still be waiting for the rest of this body: once our answer is out,
        // end the body for it too, so it cleans up (no temp file, no row) and finishes.
        res.once('close', () => res.req.destroy());
      } else {
        socket.destroy();
      }
      return;
    }
    if (socket.writable && err.code !== 'ECONNRESET') socket.end(clientErrorResponse(status, headers));
    else socket.destroy();
  });
  // CONNECT is no method of ours (Node hands it to this event, not to the request handler).
  server.on('connect', (_req: http.IncomingMessage, socket: Socket) => {
    socket.on('error', () => socket.destroy());
    socket.end(clientErrorResponse(405, { ...headers, Allow: 'GET, HEAD' }));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // The app reads its configuration lazily on the first request, so it sees the real port.
  process.env['WISSENSNETZ_PORT_ACTUAL'] = String(port);
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      // Stop accepting, let requests in flight finish, then release the database.
      server.close(() => {
        flushLog();
        closeDb();
        resolve();
      });
      // A keep-alive connection becomes idle once its last response is sent; close it then
      // rather than waiting for keepAliveTimeout.
      server.closeIdleConnections();
      setInterval(() => server.closeIdleConnections(), 100).unref();
      setTimeout(() => server.closeAllConnections(), 10_000).unref();
    }));
  return { server, url, close };
}
