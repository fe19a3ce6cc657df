import { defineMiddleware, sequence } from 'astro:middleware';
import { getConfig } from './lib/config';
import { findTenant, findTenantByHost, listTenants } from './lib/tenants/registry';
import { sessionCookieName, setSessionCookie, clearSessionCookie } from './lib/auth/cookie';
import { validateSessionToken } from './lib/auth/session';
import { loadViewer } from './lib/auth/viewer';
import { resolveClientIp, untrustedForwardingWarning } from './lib/http/client-ip';
import { isOriginAllowed } from './lib/http/origin';
import { signInHref } from './lib/http/next-path';
import { HttpError, MESSAGES } from './lib/http/errors';
import { isDatabaseBusy } from './lib/db/busy';
import { handleApiRequest, isApiPath } from './lib/api/gate';
import { allowedMethods } from './lib/http/methods';
import { mustEnrol } from './lib/auth/second-factor';
import { connectExchangeNotifications } from './lib/notifications/exchange';
import { preloadHyphenation } from './lib/text/hyphenate';

// The Austausch writes in this bundle's requests, so its listener for notifications is
// registered here, before the first request is handled.
connectExchangeNotifications();
// Pages hyphenate long words; the patterns load beside the first requests, not inside one.
preloadHyphenation();

/**
 * A client that left before the app ran (during a static-file lookup, say) has no address:
 * Astro would throw and log an error for it. Nobody is there to answer; nothing is done.
 */
const clientGone = defineMiddleware((context, next) => {
  try {
    void context.clientAddress;
  } catch {
    return new Response(null, { status: 400 });
  }
  return next();
});

/**
 * A route answers only its own methods (lib/http/methods.ts): a form posted to a page that
 * takes none, or a GET of a POST-only action, is a German 405 naming the allowed methods.
 * Other methods never get this far: the server refuses them before the app runs.
 */
const methods = defineMiddleware(async (context, next) => {
  // The read API answers its own methods with a JSON problem (lib/api/gate.ts).
  if (isApiPath(context.url.pathname)) return next();
  const allowed = allowedMethods(context.routePattern);
  if (allowed.includes(context.request.method) || NOT_FOUND_ROUTES.has(context.routePattern)) return next();
  context.locals.error = { status: 405, message: MESSAGES[405]! };
  const response = await context.rewrite(new Request(new URL('/fehler', context.url), { headers: context.request.headers }));
  response.headers.set('Allow', allowed.join(', '));
  return response;
});
/** What Astro answers for a path no route matches: a 404 whatever the method. */
const NOT_FOUND_ROUTES = new Set(['/404', '/_not-found']);

/** Resolves tenant (path prefix first, then Host) and client IP once per request. */
const tenant = defineMiddleware((context, next) => {
  const config = getConfig();
  const host = (context.request.headers.get('host') ?? '').toLowerCase();
  const hostTenant = findTenantByHost(host) ?? null;
  const first = context.url.pathname.split('/')[1] ?? '';
  let firstSegment = first;
  try {
    firstSegment = decodeURIComponent(first);
  } catch {
    // A malformed escape is no tenant; the route will answer 404.
  }
  context.locals.hostTenant = hostTenant;
  context.locals.tenant = findTenant(firstSegment) ?? hostTenant;
  const forwardedFor = context.request.headers.get('x-forwarded-for');
  context.locals.clientIp = resolveClientIp(context.clientAddress, forwardedFor, config.trustedProxies);
  const warning = untrustedForwardingWarning(context.clientAddress, forwardedFor, config.trustedProxies);
  if (warning) process.stderr.write(warning + '\n');
  context.locals.viewer = null;
  context.locals.session = null;
  context.locals.mustEnrol = false;
  context.locals.apiToken = null;
  context.locals.error ??= null;
  // Middleware runs again for a rewrite to /fehler; the first URL is the one the visitor asked for.
  context.locals.requestPath ??= context.url.pathname + context.url.search;
  // On a tenant's own host name, "/" is that tenant's portal.
  if (hostTenant && context.url.pathname === '/') return next(`/${hostTenant.slug}/`);
  return next();
});

/**
 * The one POST without our Origin: one-click unsubscribe (RFC 8058) is sent by the mail program,
 * not by a page of ours. Its token authorises exactly that one switch-off, and nothing else.
 */
const ORIGIN_EXEMPT = new Set(['/abbestellen']);

/** Refuses state-changing requests from other origins before any route runs. */
const origin = defineMiddleware((context, next) => {
  const config = getConfig();
  if (context.request.method === 'POST' && ORIGIN_EXEMPT.has(context.url.pathname)) return next();
  const allowed = [...config.allowedOrigins, ...listTenants().flatMap((t) => t.hosts.map((h) => `${new URL(config.origin).protocol}//${h}`))];
  if (!isOriginAllowed(context.request.method, context.request.headers.get('origin'), allowed)) {
    context.locals.error = {
      status: 403,
      message: 'Diese Anfrage wurde abgelehnt, weil sie nicht von dieser Website stammt. Bitte laden Sie die Seite neu und versuchen Sie es erneut.',
    };
    return next('/fehler');
  }
  return next();
});

/** The read API: its own gate (methods, Bearer tokens, budgets, CORS, problem documents). */
const api = defineMiddleware((context, next) => (isApiPath(context.url.pathname) ? handleApiRequest(context, next) : next()));

const session = defineMiddleware((context, next) => {
  // The read API never reads the session cookie: its identity is a Bearer token (lib/api/gate.ts).
  if (isApiPath(context.url.pathname)) return next();
  const token = context.cookies.get(sessionCookieName())?.value;
  if (token) {
    const s = validateSessionToken(token);
    const viewer = s ? loadViewer(s.userId) : null;
    if (s && viewer) {
      context.locals.session = s;
      context.locals.viewer = viewer;
      context.locals.mustEnrol = mustEnrol(viewer, s);
      // The browser's cookie already carries the expiry unless it just moved.
      if (s.refreshed) setSessionCookie(context.cookies, token, s.expiresAt);
    } else {
      clearSessionCookie(context.cookies);
    }
  }
  return next();
});

/** What a person who must first set up a second factor may still open. */
const ENROLMENT_OPEN = /^\/(konto\/zwei-faktor|abmelden|fehler|health|favicon\.svg|[^/]+\/(farben\.css|logo\.svg|impressum|datenschutz|barrierefreiheit))\/?$/;

/**
 * WISSENSNETZ_REQUIRE_2FA_FOR: a person it covers who signed in with a password and has no second
 * factor yet gets nothing but the page to set one up (and the legal pages, and signing out).
 */
const secondFactorGate = defineMiddleware((context, next) => {
  if (!context.locals.mustEnrol || ENROLMENT_OPEN.test(context.url.pathname)) return next();
  if (context.request.method === 'GET' || context.request.method === 'HEAD') {
    return context.redirect(`/konto/zwei-faktor?next=${encodeURIComponent(context.url.pathname + context.url.search)}`, 303);
  }
  context.locals.error = { status: 403, message: 'Bitte richten Sie zuerst einen zweiten Faktor ein. Erst danach können Sie Änderungen vornehmen.' };
  return next('/fehler');
});

/** Pages that depend on who is asking must never be cached by a shared cache. */
const noStore = defineMiddleware(async (context, next) => {
  const response = await next();
  if (context.locals.viewer && !response.headers.has('Cache-Control')) {
    response.headers.set('Cache-Control', 'private, no-store');
  }
  return response;
});

/** Guards throw HttpError; the person gets the German error page with its status. */
const httpErrors = defineMiddleware(async (context, next) => {
  try {
    return await next();
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    if (err.status === 401 && context.request.method === 'GET') {
      return context.redirect(signInHref(context.url.pathname + context.url.search), 303);
    }
    context.locals.error = { status: err.status, message: err.userMessage };
    // A fresh GET: the original body may already have been read.
    return context.rewrite(new Request(new URL('/fehler', context.url), { headers: context.request.headers }));
  }
});

// --- Betrieb: a database locked by another process (a backup tool, a forgotten
// sqlite3 shell) for longer than busy_timeout is a German 503 page with Retry-After and one
// log line, never a stack trace. Outermost, so it also covers the session lookup.
const databaseBusy = defineMiddleware(async (context, next) => {
  try {
    return await next();
  } catch (err) {
    if (!isDatabaseBusy(err)) throw err;
    process.stderr.write(JSON.stringify({ t: new Date().toISOString(), level: 'error', event: 'database-busy', method: context.request.method, path: context.url.pathname.slice(0, 300) }) + '\n');
    context.locals.error = { status: 503, message: MESSAGES[503]! };
    const response = await context.rewrite(new Request(new URL('/fehler', context.url), { headers: context.request.headers }));
    response.headers.set('Retry-After', '10');
    return response;
  }
});
// --- end Betrieb

export const onRequest = sequence(clientGone, databaseBusy, methods, tenant, api, origin, session, secondFactorGate, noStore, httpErrors);
