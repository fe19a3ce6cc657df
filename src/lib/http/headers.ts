/**
 * The CSP of every page. `frameAncestors` is "'none'" everywhere except the embeddable list
 * of a Kommune (/einbetten/<slug>), which names the websites of its tenant file.
 */
export function contentSecurityPolicy(secure: boolean, frameAncestors = "'none'"): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `frame-ancestors ${frameAncestors}`,
    "form-action 'self'",
    ...(secure ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** Security headers for every response, static files and errors included. */
export function securityHeaders(secure: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    // No inline scripts at all: every script is a file from this origin.
    'Content-Security-Policy': contentSecurityPolicy(secure),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
  if (secure) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
  return headers;
}
