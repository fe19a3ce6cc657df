import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getConfig } from '../lib/config';
import { closeDb } from '../lib/db/client';
import { securityHeaders } from '../lib/http/headers';
import { hasCachedPage, pageCacheKey, recordPage, serveCachedPage } from '../lib/http/page-cache';
import { takeCachedAnswerBudget } from '../lib/api/gate';
import { runWithRequestContext } from '../lib/http/request-context';
import { isTrustedPeer, resolveClientIp } from '../lib/http/client-ip';
import { clientErrorPage, clientErrorResponse, clientErrorStatus, isDecodablePath } from '../lib/http/client-error';

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

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
 * headers to every response (static files and errors too), logs each request
 * and shuts down gracefully on SIGTERM/SIGINT.
 */
export async function startServer(root: string): Promise<{ server: http.Server; url: string; close: () => Promise<void> }> {
  const config = getConfig();
  process.env['ASTRO_NODE_AUTOSTART'] = 'disabled';
  const entry = pathToFileURL(path.join(root, 'dist', 'server', 'entry.mjs')).href;
  const { handler } = (await import(entry)) as { handler: NodeHandler };
  const headers = securityHeaders(config.secure);
  const quiet = process.env['WISSENSNETZ_LOG_REQUESTS'] === '0';
  const pageCache = process.env['WISSENSNETZ_PAGE_CACHE'] !== '0';

  const server = http.createServer({ maxHeaderSize: 32 * 1024 }, (req, res) => {
    const started = process.hrtime.bigint();
    if (!quiet) res.on('finish', () => logRequest(req, res, started, config.trustedProxies));
    const decodable = isDecodablePath(req.url ?? '/');
    const target = decodable && pageCache ? pageCacheKey(req) : null;
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
    if (!decodable) {
      // Invalid UTF-8 in the path: Astro would answer a bare English "Bad request.".
      res.writeHead(400, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(clientErrorPage(400));
      return;
    }
    allowOwnFrameAncestors(res);
    if (!target) return handler(req, res);
    recordPage(target, res);
    runWithRequestContext(target.context, () => handler(req, res));
  });
  server.keepAliveTimeout = 5000;
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const status = clientErrorStatus(err.code);
    writeLog({ t: new Date().toISOString(), event: 'client-error', code: err.code ?? 'unknown', status });
    // Only when no response has started on this connection; otherwise just drop it.
    const responding = (socket as unknown as { _httpMessage?: unknown })._httpMessage;
    if (socket.writable && !responding && err.code !== 'ECONNRESET') socket.end(clientErrorResponse(status, headers));
    else socket.destroy();
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
