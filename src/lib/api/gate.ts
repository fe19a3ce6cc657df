import { validateApiToken } from '../auth/api-tokens';
import { loadViewer } from '../auth/viewer';
import { isDatabaseBusy } from '../db/busy';
import { ApiProblem, problemBody, problemResponse } from './problem';
import { apiRateLimiters, type RateDecision } from './rate-limit';

// Everything under /api/v1/ passes this gate before its route runs (src/middleware.ts):
// only GET and HEAD (CORS preflights for them too), identity only from a Bearer token —
// a session cookie is never read here, so a page on another site can never read with a
// visitor's session — request budgets per token and per client address, CORS headers on
// every answer, and problem documents instead of HTML error pages.
export const API_PREFIX = '/api/v1';

export function isApiPath(pathname: string): boolean {
  return pathname === API_PREFIX || pathname.startsWith(`${API_PREFIX}/`);
}

export const CORS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag, Last-Modified, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining',
};
const ALLOWED_REQUEST_HEADERS = ['authorization', 'if-none-match', 'if-modified-since'];


/** A preflight is answered only for GET/HEAD with our own request headers; anything else gets no CORS approval. */
function preflight(request: Request): Response {
  const method = (request.headers.get('access-control-request-method') ?? '').toUpperCase();
  const asked = (request.headers.get('access-control-request-headers') ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  if ((method !== 'GET' && method !== 'HEAD') || asked.some((h) => !ALLOWED_REQUEST_HEADERS.includes(h))) {
    return problemResponse(new ApiProblem('cors-refused', 'Die Schnittstelle erlaubt anderen Websites nur lesende GET-Anfragen mit den Kopfzeilen Authorization, If-None-Match und If-Modified-Since.'));
  }
  return new Response(null, {
    status: 204,
    headers: {
      ...CORS,
      'Access-Control-Allow-Methods': 'GET, HEAD',
      'Access-Control-Allow-Headers': 'Authorization, If-None-Match, If-Modified-Since',
      'Access-Control-Max-Age': '600',
      'Cache-Control': 'no-store',
    },
  });
}

export function tooMany(decision: RateDecision): ApiProblem {
  return new ApiProblem('too-many-requests', `Zu viele Anfragen. Bitte warten Sie ${decision.retryAfter} Sekunden.`, {
    headers: { 'Retry-After': String(decision.retryAfter), 'X-RateLimit-Limit': String(decision.limit), 'X-RateLimit-Remaining': '0' },
  });
}

function finish(response: Response, decision: RateDecision | null): Response {
  const out = new Response(response.body, response);
  for (const [k, v] of Object.entries(CORS)) out.headers.set(k, v);
  out.headers.append('Vary', 'Authorization');
  if (decision) {
    out.headers.set('X-RateLimit-Limit', String(decision.limit));
    out.headers.set('X-RateLimit-Remaining', String(decision.remaining));
  }
  return out;
}

interface GateContext {
  request: Request;
  url: URL;
  locals: App.Locals;
}

export async function handleApiRequest(context: GateContext, next: () => Promise<Response>): Promise<Response> {
  const { request, url, locals } = context;
  const method = request.method.toUpperCase();
  if (method === 'OPTIONS') return preflight(request);
  if (method !== 'GET' && method !== 'HEAD') {
    return finish(problemResponse(new ApiProblem('method-not-allowed', 'Die Schnittstelle ist nur lesbar: erlaubt sind GET und HEAD.', { headers: { Allow: 'GET, HEAD, OPTIONS' } }), url.pathname), null);
  }
  const { anonymous, token: perToken } = apiRateLimiters();
  let decision: RateDecision;
  const authorization = request.headers.get('authorization');
  if (authorization !== null) {
    const token = /^Bearer +([\x21-\x7e]+)$/i.exec(authorization.trim())?.[1];
    const owner = token ? validateApiToken(token) : null;
    const viewer = owner ? loadViewer(owner.userId) : null;
    if (!owner || !viewer) {
      // Failed attempts count against the address, so guessing costs budget too.
      const byIp = anonymous.take(`ip:${locals.clientIp}`);
      if (!byIp.allowed) return finish(problemResponse(tooMany(byIp), url.pathname), byIp);
      const problem = new ApiProblem('unauthorized', 'Das Token ist unbekannt, abgelaufen oder widerrufen, oder das Konto ist deaktiviert. Ohne Authorization-Kopfzeile antwortet die Schnittstelle wie für anonyme Besucher.', {
        headers: { 'WWW-Authenticate': 'Bearer realm="wissensnetz", error="invalid_token"' },
      });
      return finish(problemResponse(problem, url.pathname), byIp);
    }
    locals.viewer = viewer;
    locals.apiToken = owner.publicId;
    decision = perToken.take(`token:${owner.publicId}`);
  } else {
    decision = anonymous.take(`ip:${locals.clientIp}`);
  }
  if (!decision.allowed) return finish(problemResponse(tooMany(decision), url.pathname), decision);
  let response: Response;
  try {
    response = await next();
  } catch (err) {
    if (isDatabaseBusy(err)) {
      response = problemResponse(new ApiProblem('unavailable', 'Die Datenbank ist gerade belegt. Bitte versuchen Sie es in einigen Sekunden erneut.', { headers: { 'Retry-After': '10' } }), url.pathname);
    } else {
      process.stderr.write(JSON.stringify({ t: new Date().toISOString(), level: 'error', event: 'api-error', path: url.pathname.slice(0, 300), error: String((err as Error)?.stack ?? err).slice(0, 2000) }) + '\n');
      response = problemResponse(new ApiProblem('server-error', 'Auf dem Server ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut.'), url.pathname);
    }
  }
  // Unknown paths under /api/v1 reach Astro's HTML 404 page; the API answers in JSON.
  if (response.status === 404 && !(response.headers.get('content-type') ?? '').includes('json')) {
    response = problemResponse(new ApiProblem('not-found', 'Diese Adresse gibt es in der Schnittstelle nicht. Die Beschreibung steht unter /api/v1/openapi.json.'), url.pathname);
  }
  return finish(response, decision);
}

/**
 * For the server wrapper, before it answers an anonymous API call from the page cache: takes
 * one request of the address's budget. Null when allowed (with the headers to add), else the
 * complete 429 answer. Calls that reach the app are counted by handleApiRequest instead.
 */
export function takeCachedAnswerBudget(clientIp: string, pathname: string): { allowed: true; headers: Record<string, string> } | { allowed: false; status: number; headers: Record<string, string>; body: string } {
  const decision = apiRateLimiters().anonymous.take(`ip:${clientIp}`);
  const budget = { 'X-RateLimit-Limit': String(decision.limit), 'X-RateLimit-Remaining': String(decision.remaining) };
  if (decision.allowed) return { allowed: true, headers: budget };
  const problem = tooMany(decision);
  return {
    allowed: false,
    status: 429,
    headers: { 'Content-Type': 'application/problem+json; charset=utf-8', 'Cache-Control': 'no-store', ...CORS, Vary: 'Authorization', ...problem.extra.headers },
    body: problemBody(problem, pathname),
  };
}
