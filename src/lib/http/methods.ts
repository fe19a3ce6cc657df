// Which HTTP methods each route answers. A route not listed is read-only (GET and HEAD);
// tests/unit/http/methods.test.ts checks this list against the POST handling in src/pages.
const READ = ['GET', 'HEAD'] as const;
const READ_AND_POST = ['GET', 'HEAD', 'POST'] as const;
const POST = ['POST'] as const;

/** Astro route patterns (as in `context.routePattern`) that take POST. */
export const POST_ROUTES: Readonly<Record<string, readonly string[]>> = {
  '/anmelden': READ_AND_POST,
  '/abmelden': POST,
  '/konto': READ_AND_POST,
  '/einladung/[token]': READ_AND_POST,
  '/verwaltung/suche': READ_AND_POST,
  '/[kommune]/mitglieder': READ_AND_POST,
  '/[kommune]/beitraege/neu': READ_AND_POST,
  '/[kommune]/beitraege/[slug]/bearbeiten': READ_AND_POST,
  '/[kommune]/beitraege/[slug]/pruefung': READ_AND_POST,
  '/[kommune]/beitraege/[slug]/nachnutzung': READ_AND_POST,
  '/[kommune]/beitraege/[slug]/aktion': POST,
  '/[kommune]/beitraege/[slug]/dateien': READ_AND_POST,
  '/[kommune]/beitraege/[slug]/dateien/loeschen': POST,
};

/** The read API (`/api/…`) answers CORS preflights itself; no other route takes OPTIONS. */
function isApiRequestPath(url: string): boolean {
  const pathname = url.split('?')[0]!;
  return pathname === '/api' || pathname.startsWith('/api/');
}

/** Methods no route answers; the server refuses them before the app runs. */
export function isKnownMethod(method: string | undefined, url = '/'): boolean {
  if (method === 'OPTIONS') return isApiRequestPath(url);
  return method === 'GET' || method === 'HEAD' || method === 'POST';
}

/** The methods of an Astro route pattern. */
export function allowedMethods(routePattern: string): readonly string[] {
  return POST_ROUTES[routePattern] ?? READ;
}

const MATCHERS = Object.entries(POST_ROUTES).map(([pattern, methods]) => ({
  // A parameter stands for one path segment, as in Astro's routing; the trailing slash is optional.
  regex: new RegExp(`^${pattern.replace(/\[[^\]/]+\]/g, '[^/]+')}/?$`),
  methods,
}));

/**
 * The methods of the route a raw request path leads to, for the `Allow` header of a request
 * refused before the app has matched it (the app's own routing decides everything else).
 */
export function allowedMethodsForPath(url: string): readonly string[] {
  if (isApiRequestPath(url)) return ['GET', 'HEAD', 'OPTIONS'];
  let pathname = url.split('?')[0]!;
  try {
    pathname = decodeURI(pathname);
  } catch {
    // Undecodable: no route of ours.
  }
  return MATCHERS.find((m) => m.regex.test(pathname))?.methods ?? READ;
}
